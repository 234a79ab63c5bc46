import http.client, json, time, statistics
tok=json.load(open('/tmp/bench.json'))['access_token']
h={'Authorization':'Bearer '+tok}
def conn(port): return http.client.HTTPConnection('127.0.0.1',port)
gw,direct=conn(8080),conn(8082)
def one(c):
    t=time.perf_counter(); c.request('GET','/api/v1/users/me',headers=h); r=c.getresponse(); r.read(); assert r.status==200, r.status; return (time.perf_counter()-t)*1000
for _ in range(300): one(gw); one(direct)   # warm-up
g,d=[],[]
for _ in range(1000): g.append(one(gw)); d.append(one(direct))
def pct(x,p): x=sorted(x); return x[int(len(x)*p)-1]
for name,x in (('via gateway',g),('direct',d)):
    print(f"{name:12s} p50 {pct(x,.5):6.2f} ms  p90 {pct(x,.9):6.2f} ms  p99 {pct(x,.99):6.2f} ms")
print(f"added by the gateway: p50 {pct(g,.5)-pct(d,.5):.2f} ms, p99 {pct(g,.99)-pct(d,.99):.2f} ms")
