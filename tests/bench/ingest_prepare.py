#!/usr/bin/env python3
"""Prepares the ingest benchmark (scripts/bench ingest): logs in the big-N logins of
`oblik-server demo --big-accounts N`, reads each account's entry period, window and last period's
readings, and writes a Lua table for tests/bench/ingest.lua: per client (login) its token, account
and batches of 10 registers, each with a value that gives the same consumption as last period (so
every reading passes the domain's rules and is accepted).

usage: ingest_prepare.py BASE_URL CLIENTS OUT.lua
"""
import http.client
import json
import ssl
import sys
import urllib.parse


def main():
    base, clients, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    u = urllib.parse.urlsplit(base)
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # the server's self-signed development certificate, on loopback
    conn = http.client.HTTPSConnection(u.hostname, u.port, context=ctx)

    def call(method, path, body=None, token=None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        r = conn.getresponse()
        data = r.read()
        if r.status != 200:
            sys.exit(f"{method} {path}: {r.status} {data[:300]!r}")
        return json.loads(data)

    lua = ["return {", "clients = {"]
    period = taken_on = None
    total = 0
    for n in range(1, clients + 1):
        token = call("POST", "/api/v1/auth/login", {"login": f"big-{n}", "password": "oblik-demo"})["token"]
        accounts = call("GET", "/api/v1/accounts?limit=10", token=token)["items"]
        account = accounts[0]["id"]
        tree = call("GET", f"/api/v1/accounts/{account}", token=token)
        meters = {}
        for o in tree["objects"]:
            for p in o["metering_points"]:
                for m in p["meters"]:
                    for g in m["registers"]:
                        meters[g["id"]] = m
        now = call("GET", f"/api/v1/accounts/{account}/readings", token=token)
        if not now["open"]:
            sys.exit(f"big-{n}: the entry period {now['period']} is not open today")
        period = now["period"]
        # Today if inside the window, else its first day (the window is open, so it has started).
        taken_on = now["window"]["first"]
        regs = []
        for prev in now["previous"]:
            m = meters.get(prev["register_id"])
            if m is None or m["status"] != "working":
                continue
            unit = 10 ** (3 - m["decimals"])
            modulus = 10 ** (m["digits"] + 3)
            pv = round(float(prev["value"]) * 1000)
            used = round(float(prev["consumption"]) * 1000) // m["ratio"]
            value = (pv + used) % modulus
            if value % unit:
                continue
            regs.append((prev["register_id"], f"{value // 1000}.{value % 1000:03d}"))
        batches = [regs[i:i + 10] for i in range(0, len(regs) - 9, 10)]
        total += len(batches) * 10
        lua.append("{token = %s, account = %d, batches = {" % (json.dumps(token), account))
        for b in batches:
            lua.append("{" + ", ".join("{%d, %s}" % (r, json.dumps(v)) for r, v in b) + "},")
        lua.append("}},")
    lua.append("},")
    lua.append("period = %s, taken_on = %s," % (json.dumps(period), json.dumps(taken_on)))
    lua.append("}")
    with open(out, "w") as f:
        f.write("\n".join(lua) + "\n")
    print(f"{clients} clients, {total} registers in batches of 10, period {period}", file=sys.stderr)


if __name__ == "__main__":
    main()
