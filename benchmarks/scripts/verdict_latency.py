#!/usr/bin/env python3
"""Where a verdict's time goes: sends PRE_ALERTED submissions for new cases one at a time to a running ./run
(http://127.0.0.1:8080, local profile: /dev/tokens) and prints p50/p90/max of client send -> API receivedAt ->
processor processedAt -> the answer (both instants from the submission's status URL). Usage: [BASE_URL=http://127.0.0.1:8080] verdict_latency.py [n]."""
import json, time, uuid, urllib.request, datetime, statistics, sys
import os
B=os.environ.get('BASE_URL', 'http://127.0.0.1:8080')
def post(path, body, tok=None):
    req=urllib.request.Request(B+path, data=json.dumps(body).encode(), headers={'Content-Type':'application/json', **({'Authorization':'Bearer '+tok} if tok else {})})
    try:
        r=urllib.request.urlopen(req); return r.status, json.loads(r.read() or b'{}')
    except urllib.error.HTTPError as e: return e.code, json.loads(e.read() or b'{}')
def get(path, tok):
    req=urllib.request.Request(B+path, headers={'Authorization':'Bearer '+tok})
    r=urllib.request.urlopen(req); return json.loads(r.read())
tok=post('/dev/tokens',{'subject':'lat-pc','role':'OFFICER','org':'G'})[1]['token']
rows=[]
n=int(sys.argv[1]) if len(sys.argv)>1 else 60
for i in range(n):
    case=str(uuid.uuid4()); ev=str(uuid.uuid4())
    body={'eventId':ev,'type':'PRE_ALERTED','occurredAt':datetime.datetime.now(datetime.timezone.utc).isoformat().replace('+00:00','Z'),'siteCode':'QEUH','officerCount':2,'source':{'channel':'API','deviceId':'lat'}}
    t0=time.time(); st,ans=post(f'/api/v1/handovers/{case}/events',body,tok); t1=time.time()
    s=get(f'/api/v1/handovers/{case}/events/{ev}',tok)
    rec=datetime.datetime.fromisoformat(s['receivedAt'].replace('Z','+00:00')).timestamp()
    pro=datetime.datetime.fromisoformat(s['processedAt'].replace('Z','+00:00')).timestamp()
    rows.append(((rec-t0)*1000,(pro-rec)*1000,(t1-pro)*1000,(t1-t0)*1000, st))
    time.sleep(0.05)
for k,name in enumerate(['send->receivedAt','receivedAt->processedAt','processedAt->answer','total']):
    v=sorted(r[k] for r in rows[5:]); print('%-26s p50 %6.1f  p90 %6.1f  max %6.1f'%(name, v[len(v)//2], v[int(len(v)*.9)], v[-1]))
print(set(r[4] for r in rows))
