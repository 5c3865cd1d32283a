#!/usr/bin/env python3
"""Load benchmark: readygate waiting for 1,000 and 10,000 targets of each kind at once.

Run by hand (never from the test suite): python3 bench/load.py [--counts 1000,10000] [--runs 3]
It measures, per JDK and kind: wall time from exec to exit against the deadline, peak RSS, peak
threads, peak open file descriptors, and how many targets got at least one attempt, with the
causes the report gives. Results replace the section between the load markers in
docs/benchmarks.md (or --out FILE), raw numbers in bench/.tools/load.json.

Kinds (all on loopback, served by this process):
  refused   tcp://127.0.0.1:P, P a port where nothing listens (one per target)
  ready     http://127.0.0.1:P/r/N, an nginx (from PATH) that answers 200 to every request
  hanging   http://127.0.0.1:P/t/N, one server that accepts every connection and never answers
  mixed     a third of each

Environment: JDK17, JDK25 (JDK homes), READYGATE_JAR (default target/readygate.jar; build it
first with ./mvnw -B -q package -DskipTests). The JVM options are the launcher's (bin/readygate:
-Xmx64m, serial GC), without the AOT cache.
"""
import argparse
import json
import os
import re
import resource
import selectors
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from harness import LOAD_BEGIN as BEGIN, LOAD_END as END, free_port  # noqa: E402  (the start-up benchmark's helpers and the markers of this section; no side effects on import)
ROOT = os.path.dirname(HERE)
JVM_OPTS = ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx64m", "-Xshare:auto"]
NGINX = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"


def log(*a):
    print("[load]", *a, file=sys.stderr, flush=True)


class Servers:
    """The hanging port, served by one selector thread that accepts and holds; the ok port, an nginx."""

    def __init__(self):
        self.sel = selectors.DefaultSelector()
        self.held = []
        self.lock = threading.Lock()
        self.stop = False
        self.ok_port = None
        self.hang_port = None
        self.thread = threading.Thread(target=self.loop, daemon=True)

    def listen(self, kind, backlog=4096):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", 0))
        s.listen(backlog)
        s.setblocking(False)
        self.sel.register(s, selectors.EVENT_READ, kind)
        return s.getsockname()[1]

    def start(self, tmp):
        self.hang_port = self.listen("hang", 65535)
        self.thread.start()
        self.ok_port = free_port()
        conf = os.path.join(tmp, "nginx.conf")
        with open(conf, "w") as f:
            f.write("pid %s/nginx.pid;\nerror_log %s/error.log;\nworker_processes 2;\nworker_rlimit_nofile 20000;\n"
                    "events { worker_connections 10000; }\nhttp { access_log off;\n server { listen 127.0.0.1:%d backlog=4096;"
                    " location / { return 200 \"ok\\n\"; } } }\n" % (tmp, tmp, self.ok_port))
        self.nginx = subprocess.Popen([NGINX, "-c", conf, "-p", tmp, "-g", "daemon off;"], stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.ok_port), 0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("nginx did not start on port %d" % self.ok_port)

    def close(self):
        self.stop = True
        if getattr(self, "nginx", None):
            self.nginx.terminate()
            try:
                self.nginx.wait(5)
            except subprocess.TimeoutExpired:
                self.nginx.kill()

    def loop(self):
        while not self.stop:
            for key, _ in self.sel.select(0.05):
                try:
                    while True:
                        c, _ = key.fileobj.accept()
                        with self.lock:
                            self.held.append(c)  # never answers; closed when the run ends
                except (BlockingIOError, InterruptedError):
                    pass
                except OSError:
                    pass

    def release(self):
        with self.lock:
            held, self.held = self.held, []
        for c in held:
            try:
                c.close()
            except OSError:
                pass


def refused_ports(n, avoid):
    """Ports where nothing listens on 127.0.0.1 now (checked by binding, then closing)."""
    out = []
    p = 20000
    while len(out) < n and p < 65000:
        p += 1
        if p in avoid:
            continue
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", p))
            out.append(p)
        except OSError:
            pass
        finally:
            s.close()
    return out


def targets(kind, n, servers, refused):
    if kind == "refused":
        return ["tcp://127.0.0.1:%d" % p for p in refused[:n]]
    if kind == "ready":
        return ["http://127.0.0.1:%d/r/%d" % (servers.ok_port, i) for i in range(n)]
    if kind == "hanging":
        return ["http://127.0.0.1:%d/t/%d" % (servers.hang_port, i) for i in range(n)]
    third = n // 3
    return targets("refused", third, servers, refused) + targets("ready", third, servers, refused) \
        + targets("hanging", n - 2 * third, servers, refused)


def status_of(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            text = f.read()
    except OSError:
        return None
    vals = {}
    for key in ("VmHWM", "VmRSS", "Threads"):
        m = re.search(r"^%s:\s+(\d+)" % key, text, re.M)
        if m:
            vals[key] = int(m.group(1))
    try:
        vals["fds"] = len(os.listdir("/proc/%d/fd" % pid))
    except OSError:
        pass
    return vals


def run_once(java, jar, kind, n, timeout_s, servers, refused):
    ts = targets(kind, n, servers, refused)
    with tempfile.TemporaryDirectory() as tmp:
        cfg = os.path.join(tmp, "targets.yaml")
        report = os.path.join(tmp, "report.json")
        # ten thousand targets in a config file: more than an environment variable or argv takes
        with open(cfg, "w") as f:
            f.write("targets:\n" + "".join("  - %s\n" % t for t in ts))
        env = {k: v for k, v in os.environ.items() if not k.startswith("READYGATE_")}
        cmd = [java] + JVM_OPTS + ["-jar", jar, "wait", "-q", "--timeout", "%gs" % timeout_s, "--report", report, "--config", cfg]
        t0 = time.monotonic_ns()
        errf = open(os.path.join(tmp, "stderr.txt"), "w+b")
        p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=errf)
        peak = {"VmHWM": 0, "Threads": 0, "fds": 0}
        while p.poll() is None:
            st = status_of(p.pid)
            if st:
                for k in peak:
                    if k in st:
                        peak[k] = max(peak[k], st[k])
            time.sleep(0.01)
            if time.monotonic_ns() - t0 > (timeout_s + 60) * 1e9:
                p.kill()
        wall_ms = (time.monotonic_ns() - t0) / 1e6
        errf.seek(0)
        err = errf.read().decode(errors="replace")
        errf.close()
        servers.release()
        causes, attempted, gate_ms = {}, 0, -1
        try:
            with open(report) as f:
                rep = json.load(f)
            gate_ms = rep.get("elapsedMs", -1)
            for t in rep.get("targets", []):
                if t.get("attempts", 0) > 0:
                    attempted += 1
                c = "READY" if t.get("ready") else ((t.get("lastDiagnosis") or {}).get("cause") or "no attempt")
                causes[c] = causes.get(c, 0) + 1
        except (OSError, ValueError) as e:
            causes = {"no report": str(e)[:80]}
        return {"kind": kind, "n": n, "timeout_ms": timeout_s * 1000, "wall_ms": round(wall_ms), "gate_ms": gate_ms, "exit": p.returncode,
                "peak_rss_mib": round(peak["VmHWM"] / 1024, 1), "peak_threads": peak["Threads"], "peak_fds": peak["fds"],
                "attempted": attempted, "causes": causes, "stderr_head": [l for l in err.splitlines() if l.startswith("readygate:")][:2]}


def java_version(java):
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()
    return out[0] if out else "?"


def render(results, meta):
    lines = [BEGIN, "## 6. Many targets at once: 1,000 and 10,000 of each kind", "",
             "`python3 bench/load.py` (run by hand; %s). Each row is one run of `readygate wait -q --timeout %gs --report FILE`"
             % (meta["date"], meta["timeout_s"]) +
             " with the targets in a `--config` file, on the launcher's JVM options (-Xmx64m, serial GC, no AOT cache)."
             " Gate is the report's elapsedMs: like the deadline, it counts from the process's exec, so it holds the JVM's start-up and"
             " the reading and planning of N targets (the target: the deadline plus 100 ms); wall is exec to exit, with the reports written."
             " Peaks are sampled every 10 ms from /proc. `attempted` counts targets with at least one attempt.", "",
             "Machine: %s; load average (1, 5, 15 min) at start %s, while other builds ran on the same 2 cores; %s." % (meta["machine"], meta["load"], meta["ulimit"]), "",
             "| JDK | kind | targets | gate (ms) | gate over deadline (ms) | wall (ms) | exit | peak RSS (MiB) | peak threads | peak fds | attempted | causes |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        causes = ", ".join("%s %s" % (k, v) for k, v in sorted(r["causes"].items(), key=lambda kv: -kv[1] if isinstance(kv[1], int) else 0))
        over = r["gate_ms"] - r["timeout_ms"] if r["gate_ms"] >= 0 else None
        lines.append("| %s | %s | %d | %s | %s | %d | %s | %s | %d | %d | %d | %s |" % (
            r["jdk"], r["kind"], r["n"], r["gate_ms"] if r["gate_ms"] >= 0 else "no report",
            ("%+d" % over) if over is not None else "", r["wall_ms"], r["exit"], r["peak_rss_mib"],
            r["peak_threads"], r["peak_fds"], r["attempted"], causes))
    lines += ["", meta.get("notes", "").strip(), END]
    return "\n".join(l for l in lines if l is not None) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--counts", default="1000,10000")
    ap.add_argument("--kinds", default="refused,ready,hanging,mixed")
    ap.add_argument("--jdks", default="17,25")
    ap.add_argument("--timeout", type=float, default=3.0)
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "benchmarks.md"))
    ap.add_argument("--notes", default=os.path.join(HERE, "load-notes.md"))
    ap.add_argument("--render", action="store_true", help="only rewrite the section from the last run (bench/.tools/load.json)")
    args = ap.parse_args()
    if args.render:
        with open(os.path.join(HERE, ".tools", "load.json")) as f:
            saved = json.load(f)
        write_section(args.out, render(saved["results"], dict(saved["meta"], notes=read_notes(args.notes))))
        return
    jar = os.environ.get("READYGATE_JAR", os.path.join(ROOT, "target", "readygate.jar"))
    homes = {"17": os.environ.get("JDK17", "/usr/lib/jvm/java-17-openjdk-amd64"),
             "25": os.environ.get("JDK25", "/usr/lib/jvm/temurin-25-jdk-amd64")}
    counts = [int(c) for c in args.counts.split(",")]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    load_at_start = " ".join("%.2f" % x for x in os.getloadavg())
    servers = Servers()
    work = tempfile.mkdtemp(prefix="readygate-load-")
    servers.start(work)
    refused = refused_ports(max(counts), {servers.ok_port, servers.hang_port})
    results = []
    for jdk in args.jdks.split(","):
        java = os.path.join(homes[jdk], "bin", "java")
        for n in counts:
            for kind in args.kinds.split(","):
                r = run_once(java, jar, kind, n, args.timeout, servers, refused)
                r["jdk"] = jdk
                r["java"] = java_version(java)
                log(json.dumps(r))
                results.append(r)
    servers.close()
    meta = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "timeout_s": args.timeout,
            "machine": "%d cores, %s; %s" % (os.cpu_count(), " / ".join(sorted({r["java"] for r in results})), os.uname().release),
            "load": load_at_start, "ulimit": "open files %d (raised from %d)" % (hard, soft)}
    os.makedirs(os.path.join(HERE, ".tools"), exist_ok=True)
    with open(os.path.join(HERE, ".tools", "load.json"), "w") as f:
        json.dump({"results": results, "meta": meta}, f, indent=1)
    write_section(args.out, render(results, dict(meta, notes=read_notes(args.notes))))


def read_notes(path):
    return open(path).read() if os.path.exists(path) else ""


def write_section(out, section):
    """Replaces the section between the load markers in OUT (appends it when there is none)."""
    page = open(out).read() if os.path.exists(out) else ""
    if BEGIN in page and END in page:
        page = page[:page.index(BEGIN)] + section + page[page.index(END) + len(END) + 1:]
    else:
        page = page.rstrip("\n") + "\n\n" + section
    with open(out, "w") as f:
        f.write(page)
    log("wrote", os.path.relpath(out, ROOT))


if __name__ == "__main__":
    main()
