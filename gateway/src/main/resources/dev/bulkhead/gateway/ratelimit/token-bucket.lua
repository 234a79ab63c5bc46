-- One request against one token bucket, atomically; it may take a few more tokens for the same
-- caller's next requests (a lease, see TokenBuckets), but never more than the bucket holds.
-- KEYS[1]  the bucket: a hash of tokens (a float) and at (the last refill, ms since the epoch)
-- ARGV[1]  burst: the capacity
-- ARGV[2]  milliseconds per token (may be fractional)
-- ARGV[3]  tokens wanted (optional, 1 if absent): granted are as many of them as the bucket holds
-- Returns {tokens granted (0 = refused), whole tokens left, ms until the next token (0 if granted),
-- ms until full}.
-- The clock is the Redis server's, so every gateway instance agrees on it; a bucket that was full
-- for its whole refill time carries no information and expires.
local burst = tonumber(ARGV[1])
local per_token = tonumber(ARGV[2])
local wanted = math.max(1, math.floor(tonumber(ARGV[3]) or 1))

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

local granted = 0
if tokens >= 1 then
  granted = math.min(wanted, math.floor(tokens))
  tokens = tokens - granted
end

local retry_after = 0
if granted == 0 then
  retry_after = math.ceil((1 - tokens) * per_token)
end
local until_full = math.ceil((burst - tokens) * per_token)

redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', string.format('%d', at))
redis.call('PEXPIRE', KEYS[1], until_full + 1000)
return {granted, math.floor(tokens), retry_after, until_full}
