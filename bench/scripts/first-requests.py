#!/usr/bin/env python3
"""The first requests a new `lifelong serve` answers, timed one at a time from outside its JVM.

`bench serve` times a server in its own JVM after warming it up; this asks what users meet right after a server
says it is ready (`serve --warmup-traffic`, docs/BENCHMARKS.md, session 20). Standard library only.

    first-requests.py probe PORT MODEL MIN_LENGTH USERS_FILE    # users with MIN_LENGTH or more behaviours
    first-requests.py time PORT MODEL USERS_FILE REQUESTS CANDIDATES ITEMS CSV

`time` sends REQUESTS score requests back to back over one kept-alive connection, each for the next user of
USERS_FILE with CANDIDATES items drawn from i1..iITEMS (the synthetic generator's ids), written as a Python client
writes them (spaced JSON, no request id), and writes each request's client and Server-Timing times to CSV, then
prints the median and p99 of every 1,000.
"""
import csv
import http.client
import json
import random
import sys
import time


def post(conn, model, body):
    conn.request("POST", "/v1/models/%s/score" % model, body, {"Content-Type": "application/json"})
    r = conn.getresponse()
    return r.status, r.getheader("Server-Timing"), r.read()


def probe(port, model, min_length, users_file):
    conn = http.client.HTTPConnection("127.0.0.1", int(port))
    users = []
    empty = 0
    u = 0
    while empty < 100:  # the synthetic generator's users are u0, u1, ...: past the last, a hundred unknown ones
        status, _, text = post(conn, model, json.dumps({"user_id": "u%d" % u, "candidates": ["i1"]}))
        if status != 200:
            sys.exit("u%d: HTTP %d %s" % (u, status, text))
        length = json.loads(text)["sequence"]["length"]
        empty = empty + 1 if length == 0 else 0
        if length >= int(min_length):
            users.append("u%d" % u)
        u += 1
    open(users_file, "w").write(" ".join(users))
    print("%d users with %s or more behaviours" % (len(users), min_length))


def quantile(values, q):
    v = sorted(values)
    return v[max(0, int(len(v) * q + 0.5) - 1)]


def timed(port, model, users_file, requests, candidates, items, out):
    users = open(users_file).read().split()
    rnd = random.Random(7)
    ids = ["i%d" % i for i in range(1, int(items) + 1)]
    bodies = [json.dumps({"user_id": users[k % len(users)], "candidates": rnd.sample(ids, int(candidates))})
              for k in range(64)]
    conn = http.client.HTTPConnection("127.0.0.1", int(port))
    rows = []
    for k in range(int(requests)):
        a = time.perf_counter()
        status, timing, text = post(conn, model, bodies[k % len(bodies)])
        b = time.perf_counter()
        if status != 200:
            sys.exit("request %d: HTTP %d %s" % (k, status, text))
        stages = dict(p.strip().split(";dur=") for p in timing.split(","))
        rows.append((k, (b - a) * 1e3, float(stages["read"]), float(stages["score"]), float(stages["total"])))
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["request", "client_ms", "read_ms", "score_ms", "total_ms"])
        for r in rows:
            w.writerow(["%d" % r[0]] + ["%.3f" % x for x in r[1:]])
    for start in range(0, len(rows), 1000):
        window = rows[start:start + 1000]
        client = [r[1] for r in window]
        score = [r[3] for r in window]
        print("requests %d-%d: client median / p99 %.2f / %.2f ms, scoring %.2f / %.2f ms" % (
            start + 1, start + len(window), quantile(client, 0.5), quantile(client, 0.99),
            quantile(score, 0.5), quantile(score, 0.99)))


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "probe":
        probe(*sys.argv[2:])
    elif len(sys.argv) == 9 and sys.argv[1] == "time":
        timed(*sys.argv[2:])
    else:
        sys.exit(__doc__)
