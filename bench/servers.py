#!/usr/bin/env python3
"""Loopback servers for bench/run.sh. Each mode stops by itself after --max seconds.

  servers.py ready N [--max S]
      listens on N ephemeral loopback ports at once (one asyncio loop), prints the ports as one
      JSON line, then answers every connection as a tiny HTTP server (200 "ok", Connection: close).
      A plain TCP probe that connects and closes is fine too.

  servers.py later PORT DELAY_S OUT_FILE [--max S]
      reads a CLOCK_MONOTONIC start time (ns) from stdin, sleeps until start + DELAY_S, binds and
      listens on 127.0.0.1:PORT, writes time.monotonic_ns() taken right after listen() to OUT_FILE,
      then serves like `ready`.
"""
import asyncio
import json
import socket
import sys
import time

RESPONSE_BODY = b"ok\n"


async def handle(reader, writer):
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=5)
        method = head.split(b" ", 1)[0]
        body = b"" if method == b"HEAD" else RESPONSE_BODY
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n"
                     b"Connection: close\r\n\r\n%s" % (len(RESPONSE_BODY), body))
        await writer.drain()
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError,
            ConnectionError):
        pass  # a TCP-only probe connected and closed, or a client went away
    finally:
        try:
            writer.close()
        except Exception:
            pass


def listen_socket(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(1024)
    return s


async def serve(socks, max_s):
    servers = [await asyncio.start_server(handle, sock=s, backlog=1024) for s in socks]
    try:
        await asyncio.sleep(max_s)
    finally:
        for srv in servers:
            srv.close()


def main(argv):
    max_s = 300.0
    if "--max" in argv:
        i = argv.index("--max")
        max_s = float(argv[i + 1])
        del argv[i:i + 2]
    mode = argv[1]
    if mode == "ready":
        n = int(argv[2])
        socks = [listen_socket(0) for _ in range(n)]
        print(json.dumps([s.getsockname()[1] for s in socks]), flush=True)
        asyncio.run(serve(socks, max_s))
    elif mode == "later":
        port, delay, out = int(argv[2]), float(argv[3]), argv[4]
        start_ns = int(sys.stdin.readline())
        wake = start_ns + int(delay * 1e9)
        while True:
            left = (wake - time.monotonic_ns()) / 1e9
            if left <= 0:
                break
            time.sleep(min(left, 0.05) if left > 0.002 else 0)
        s = listen_socket(port)
        t = time.monotonic_ns()
        with open(out, "w") as f:
            f.write("%d\n" % t)
        asyncio.run(serve([s], max_s))
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    try:
        main(sys.argv)
    except KeyboardInterrupt:
        pass
