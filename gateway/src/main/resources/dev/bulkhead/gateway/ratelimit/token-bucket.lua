-- One request against one token bucket, atomically.
-- KEYS[1]  the bucket: a hash of tokens (a float) and at (the last refill, ms since the epoch)
-- ARGV[1]  burst: the capacity
-- ARGV[2]  milliseconds per token (may be fractional)
-- Returns {allowed (1|0), whole tokens left, ms until the next token (0 if allowed), ms until full}.
-- The clock is the Redis server's, so every gateway instance agrees on it; a bucket that was full
-- for its whole refill time carries no information and expires.
local burst = tonumber(ARGV[1])
local per_token = tonumber(ARGV[2])

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
if now > at then
  tokens = math.min(burst, tokens + (now - at) / per_token)
  at = now
end

local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end

local retry_after = 0
if allowed == 0 then
  retry_after = math.ceil((1 - tokens) * per_token)
end
local until_full = math.ceil((burst - tokens) * per_token)

redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', string.format('%d', at))
redis.call('PEXPIRE', KEYS[1], until_full + 1000)
return {allowed, math.floor(tokens), retry_after, until_full}
