#!/usr/bin/env python3
"""Benchmark harness behind bench/run.sh: measures readygate (the container image's runtime run with
the Dockerfile's ENTRYPOINT, JDK 17 `java -jar`, JDK 25 through bin/readygate with the AOT cache),
wait-on and wait-for-it side by side, and writes docs/benchmarks.md, keeping the section that
bench/load.py owns. Loopback only; every loop and every child process is bounded in time.

Configuration comes from the environment (run.sh sets it): JDK17, JDK25, READYGATE_JAR, WAIT_ON,
WAIT_FOR_IT, RG_TCP / RG_HTTP (readygate's target syntax, with {port}), BENCH_JAR, BENCH_RUNTIME
(the runtime built by scripts/build-runtime.sh), BENCH_RUNS, BENCH_OUT, BENCH_ONLY.
"""
import json
import os
import platform
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.join(ROOT, "bench")
SERVERS = os.path.join(HERE, "servers.py")
JDK17 = os.environ.get("JDK17", "/usr/lib/jvm/java-17-openjdk-amd64")
JDK25 = os.environ.get("JDK25", "/usr/lib/jvm/temurin-25-jdk-amd64")
JAR = os.environ.get("BENCH_JAR", os.path.join(ROOT, "target", "readygate.jar"))
# The CLI rejects READYGATE_* variables it does not know: no tool inherits any from this process.
BASE_ENV = {k: v for k, v in os.environ.items() if not k.startswith("READYGATE_")}
LAUNCHER = os.path.join(ROOT, "bin", "readygate")
WAIT_ON = os.environ.get("WAIT_ON", os.path.join(HERE, ".tools", "node_modules", ".bin", "wait-on"))
WAIT_FOR_IT = os.environ.get("WAIT_FOR_IT", "/usr/bin/wait-for-it")
RG_TCP = os.environ.get("RG_TCP", "tcp://127.0.0.1:{port}")
RG_HTTP = os.environ.get("RG_HTTP", "http://127.0.0.1:{port}/")
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
OUT = os.environ.get("BENCH_OUT", os.path.join(ROOT, "docs", "benchmarks.md"))
NOTES = os.path.join(HERE, "notes.md")
RUNTIME = os.environ.get("BENCH_RUNTIME", os.path.join(HERE, ".tools", "runtime"))
BUILD_RUNTIME = os.path.join(ROOT, "scripts", "build-runtime.sh")
# docs/benchmarks.md: the section between these markers belongs to bench/load.py and is kept as it is.
LOAD_BEGIN = "<!-- load:begin -->"
LOAD_END = "<!-- load:end -->"
CLK_TCK = os.sysconf("SC_CLK_TCK")
PYTHON = sys.executable

children = []  # every Popen we start, so that cleanup can end them (by their own pid / group)


def log(*a):
    print("[bench %s]" % time.strftime("%H:%M:%S"), *a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- tools under test

class Tool:
    def __init__(self, name, label, tcp, http, env=None, multi=True):
        self.name, self.label, self._tcp, self._http = name, label, tcp, http
        self.env = dict(BASE_ENV, **(env or {}))
        self.multi = multi  # accepts several targets in one invocation

    def cmd(self, kind, ports, timeout_s):
        f = self._tcp if kind == "tcp" else self._http
        return None if f is None else f(ports, timeout_s)

    def supports(self, kind):
        return (self._tcp if kind == "tcp" else self._http) is not None


def rg_args(kind, ports, timeout_s):
    fmt = RG_TCP if kind == "tcp" else RG_HTTP
    return ["wait", "--timeout", "%ds" % timeout_s] + [fmt.format(port=p) for p in ports]


_launch_line = []


def image_launch_line():
    """The Dockerfile's ENTRYPOINT with /opt/readygate moved to RUNTIME, as scripts/build-runtime.sh
    reads it (the one parser of that line); asked once, when the first command is built."""
    if not _launch_line:
        r = subprocess.run([BUILD_RUNTIME, "--entrypoint", RUNTIME], capture_output=True, text=True,
                           timeout=30, check=True)
        _launch_line.extend(r.stdout.splitlines())
    return list(_launch_line)


TOOLS = [
    Tool("rgimg", "readygate, image runtime (jlink'd JDK 25 + AOT cache, the Dockerfile's ENTRYPOINT)",
         lambda p, t: image_launch_line() + rg_args("tcp", p, t),
         lambda p, t: image_launch_line() + rg_args("http", p, t)),
    Tool("rg17", "readygate, JDK 17, plain `java -jar`",
         lambda p, t: [JDK17 + "/bin/java", "-jar", JAR] + rg_args("tcp", p, t),
         lambda p, t: [JDK17 + "/bin/java", "-jar", JAR] + rg_args("http", p, t)),
    Tool("rg25", "readygate, JDK 25, bin/readygate + AOT cache",
         lambda p, t: [LAUNCHER] + rg_args("tcp", p, t),
         lambda p, t: [LAUNCHER] + rg_args("http", p, t),
         env={"JAVA_HOME": JDK25, "READYGATE_JAR": JAR, "READYGATE_AOT": "auto"}),
    Tool("wait-on", "wait-on (node), defaults",
         lambda p, t: [WAIT_ON, "-t", str(t * 1000)] + ["tcp:127.0.0.1:%d" % x for x in p],
         lambda p, t: [WAIT_ON, "-t", str(t * 1000)] + ["http-get://127.0.0.1:%d/" % x for x in p]),
    Tool("wait-for-it", "wait-for-it (bash), defaults",
         lambda p, t: [WAIT_FOR_IT, "-q", "-t", str(t), "127.0.0.1:%d" % p[0]],
         None, multi=False),
]
# Extra rows for the start-up table only: what the AOT cache buys on JDK 25, and the JVM's own
# floor on this machine at this moment (to read the other rows against; the machine is shared).
FLOOR_IMG = Tool("floorimg", "floor: image runtime `java -version` (the ENTRYPOINT's JVM options, no app)",
                 lambda p, t: image_launch_line()[:-2] + ["-version"],
                 None)
FLOOR = Tool("floor25", "floor: JDK 25 `java -version` (same JVM options, no app)",
             lambda p, t: [JDK25 + "/bin/java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
                           "-Xmx64m", "-Xshare:auto", "-version"],
             None)
NOAOT = Tool("rg25-noaot", "readygate, JDK 25, bin/readygate, AOT off",
             lambda p, t: [LAUNCHER] + rg_args("tcp", p, t),
             lambda p, t: [LAUNCHER] + rg_args("http", p, t),
             env={"JAVA_HOME": JDK25, "READYGATE_JAR": JAR, "READYGATE_AOT": "off"})
RG = [t for t in TOOLS if t.name.startswith("rg")]
TOOL = {t.name: t for t in TOOLS}
STARTUP_TOOLS = TOOLS[:3] + [NOAOT] + TOOLS[3:] + [FLOOR_IMG, FLOOR]


# ---------------------------------------------------------------- process helpers

def spawn(cmd, env=None, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
    p = subprocess.Popen(cmd, env=env, stdin=stdin, stdout=stdout, stderr=stderr,
                         start_new_session=True)
    children.append(p)
    return p


def kill_group(p, sig=signal.SIGKILL):
    try:
        os.killpg(p.pid, sig)  # the group we created for this child (start_new_session)
    except (ProcessLookupError, PermissionError):
        pass


def reap(p, timeout_s, kill_leftovers=True):
    """Blocks until p exits (killing its group after timeout_s); returns (rc, t_exit_ns, maxrss_kib)."""
    timer = threading.Timer(timeout_s, kill_group, args=(p,))
    timer.start()
    try:
        _, status, ru = os.wait4(p.pid, 0)
        t = time.monotonic_ns()
    finally:
        timer.cancel()
    p.returncode = os.waitstatus_to_exitcode(status)
    if kill_leftovers:
        kill_group(p)  # leftovers of the tool (e.g. wait-for-it's children), if any
    return p.returncode, t, ru.ru_maxrss


def descendants(pid):
    kids = {}
    for child, (ppid, _) in proc_table().items():
        kids.setdefault(ppid, []).append(child)
    out, stack = [], [pid]
    while stack:
        for c in kids.get(stack.pop(), []):
            out.append(c)
            stack.append(c)
    return out


def stop(p):
    """Ends p and everything it started (some tools, e.g. GNU timeout inside wait-for-it, move
    their children to another process group, so the tree is walked before anything is killed)."""
    if p.poll() is None:
        tree = descendants(p.pid)
        kill_group(p, signal.SIGTERM)
        for pid in tree:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        try:
            p.wait(timeout=3)
        except subprocess.TimeoutExpired:
            kill_group(p)
            p.wait(timeout=3)
        for pid in tree:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def cleanup():
    for p in children:
        if p.returncode is None:
            try:
                stop(p)
            except Exception:
                pass


def timed(cmd, env, timeout_s):
    """Runs cmd under GNU time; returns (rc, wall_ms, peak_rss_kib). GNU time forks the tool from a
    small process: a tool forked straight from this Python process would inherit Python's RSS as
    its ru_maxrss high-water mark (~17 MiB), which hides the real peak of small tools."""
    fd, out = tempfile.mkstemp(suffix=".time")
    os.close(fd)
    try:
        t0 = time.monotonic_ns()
        p = spawn(["/usr/bin/time", "-f", "%M", "-o", out] + cmd, env=env)
        rc, t1, _ = reap(p, timeout_s)
        try:
            with open(out) as f:
                rss = int(f.read().strip().splitlines()[-1])
        except (OSError, ValueError, IndexError):
            rss = float("nan")
        return rc, (t1 - t0) / 1e6, rss
    finally:
        os.unlink(out)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def ready_servers(n):
    p = spawn([PYTHON, SERVERS, "ready", str(n), "--max", "900"], stdout=subprocess.PIPE)
    line = p.stdout.readline()
    ports = json.loads(line)
    # make sure they answer before measuring
    for port in ports[:3]:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    return p, ports


def pct(xs, q):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


# ---------------------------------------------------------------- preflight

HTTP_UNSUPPORTED = {}  # tool name -> why readygate cannot be measured on HTTP


def preflight():
    """Disables HTTP measurements for a readygate build whose HTTP probe does not work yet."""
    srv, ports = ready_servers(1)
    try:
        for t in RG:  # readygate must pass a ready TCP target, or nothing is measured
            p = spawn(t.cmd("tcp", ports, 10), env=t.env, stderr=subprocess.PIPE)
            try:
                _, err = p.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                stop(p)
                err = b"timed out"
            if p.returncode != 0:
                sys.exit("bench: %s fails on a ready TCP target (exit %s): %s"
                         % (t.label, p.returncode, err.decode(errors="replace").strip()[:500]))
        t = TOOL["rgimg"]
        p = spawn(t.cmd("http", ports, 3), env=t.env, stderr=subprocess.PIPE)
        try:
            _, err = p.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            stop(p)
            err = b"timed out"
        if p.returncode != 0:
            why = next((l for l in err.decode(errors="replace").splitlines() if l.strip()), "exit %s" % p.returncode)
            for tool in TOOLS + [NOAOT]:
                if tool.name.startswith("rg"):
                    tool._http = None
                    HTTP_UNSUPPORTED[tool.name] = why.strip()
            log("readygate fails on a ready HTTP target, HTTP not measured for it:", why)
    finally:
        stop(srv)


def cpu_pressure_us():
    try:
        with open("/proc/pressure/cpu") as f:
            return int(f.readline().split("total=")[1])
    except (OSError, IndexError, ValueError):
        return None


# ---------------------------------------------------------------- 1. start-up

def bench_startup(tools):
    res = {}
    srv, ports = ready_servers(2)
    try:
        kinds = (("tcp", ports[0]), ("http", ports[1]))
        samples = {(t.name, k): [] for k, _ in kinds for t in tools if t.supports(k)}
        rc_bad = {key: 0 for key in samples}
        # 2 warm-up rounds; tools and protocols interleaved round by round, so a slower spell of the
        # machine falls on TCP and HTTP alike (run one after the other, TCP once came out slower than HTTP)
        for i in range(RUNS + 2):
            for kind, port in kinds:
                for t in tools:
                    if not t.supports(kind):
                        continue
                    rc, wall, rss = timed(t.cmd(kind, [port], 30), t.env, 60)
                    if i >= 2:
                        samples[(t.name, kind)].append((wall, rss / 1024))
                        if rc != 0:
                            rc_bad[(t.name, kind)] += 1
        for kind, _ in kinds:
            active = [t for t in tools if t.supports(kind)]
            for t in active:
                ws = [x[0] for x in samples[(t.name, kind)]]
                rs = [x[1] for x in samples[(t.name, kind)]]
                res[(t.name, kind)] = dict(median_ms=statistics.median(ws), p90_ms=pct(ws, 0.9),
                                           rss_mib=statistics.median(rs), rss_max_mib=max(rs),
                                           n=len(ws), failures=rc_bad[(t.name, kind)])
                log("startup", kind, t.name, res[(t.name, kind)])
    finally:
        stop(srv)
    return res


# ---------------------------------------------------------------- 2. detection latency

def bench_detection(tools, kinds):
    res = {}
    rnd = random.Random(20261123)
    for kind in kinds:
        active = [t for t in tools if t.supports(kind)]
        lat = {t.name: [] for t in active}
        fails = {t.name: 0 for t in active}
        for i in range(RUNS):
            for t in active:
                port = free_port()
                delay = rnd.uniform(0.5, 1.5)
                with tempfile.TemporaryDirectory() as d:
                    out = os.path.join(d, "listen_ns")
                    srv = spawn([PYTHON, SERVERS, "later", str(port), "%.6f" % delay, out, "--max", "30"],
                                stdin=subprocess.PIPE)
                    time.sleep(0.15)  # let the server's python start before the clock starts
                    cmd = t.cmd(kind, [port], 20)
                    t0 = time.monotonic_ns()
                    p = spawn(cmd, env=t.env)
                    srv.stdin.write(b"%d\n" % t0)
                    srv.stdin.flush()
                    rc, t_exit, _ = reap(p, 30)
                    try:
                        with open(out) as f:
                            t_listen = int(f.read())
                    except (OSError, ValueError):
                        t_listen = None
                    stop(srv)
                if rc != 0 or t_listen is None:
                    fails[t.name] += 1
                    continue
                lat[t.name].append((t_exit - t_listen) / 1e6)
        for t in active:
            xs = lat[t.name]
            res[(t.name, kind)] = dict(median_ms=statistics.median(xs) if xs else float("nan"),
                                       p90_ms=pct(xs, 0.9), min_ms=min(xs, default=float("nan")),
                                       max_ms=max(xs, default=float("nan")), n=len(xs),
                                       failures=fails[t.name])
            log("detect", kind, t.name, res[(t.name, kind)])
    return res


# ---------------------------------------------------------------- 3. cost while waiting

def proc_table():
    table = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % pid) as f:
                s = f.read()
        except OSError:
            continue
        rest = s[s.rindex(")") + 2:].split()
        # fields after comm: state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17)
        ppid = int(rest[1])
        ticks = int(rest[11]) + int(rest[12]) + int(rest[13]) + int(rest[14])
        table[int(pid)] = (ppid, ticks)
    return table


def tree_cpu_ms(root_pid):
    """CPU (user+sys, including reaped children) of root_pid and all its live descendants."""
    table = proc_table()
    kids = {}
    for pid, (ppid, _) in table.items():
        kids.setdefault(ppid, []).append(pid)
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        if pid in table:
            total += table[pid][1]
        stack.extend(kids.get(pid, []))
    return total * 1000.0 / CLK_TCK


def sleep_until(t_ns):
    while True:
        left = (t_ns - time.monotonic_ns()) / 1e9
        if left <= 0:
            return
        time.sleep(min(left, 0.2))


def bench_waiting(tools):
    res = {}
    for t in tools:
        port = free_port()
        # CPU: no tracer attached
        t0 = time.monotonic_ns()
        p = spawn(t.cmd("tcp", [port], 60), env=t.env)
        sleep_until(t0 + 1_000_000_000)
        c1 = tree_cpu_ms(p.pid)
        sleep_until(t0 + 11_000_000_000)
        c11 = tree_cpu_ms(p.pid)
        # after the first seconds (readygate's fast phase of refusals, the JIT's first compilations)
        sleep_until(t0 + 21_000_000_000)
        c21 = tree_cpu_ms(p.pid)
        alive = p.poll() is None
        stop(p)
        # connection attempts: strace -f on connect(2), separate run
        with tempfile.TemporaryDirectory() as d:
            tr = os.path.join(d, "strace.out")
            w0 = time.time()
            t0 = time.monotonic_ns()
            p = spawn(["strace", "-f", "-qq", "-ttt", "-e", "trace=connect", "-o", tr, "--"]
                      + t.cmd("tcp", [port], 60), env=t.env)
            sleep_until(t0 + 11_000_000_000)
            stop(p)
            steady = total = 0
            pat = "htons(%d)" % port
            with open(tr, errors="replace") as f:
                for line in f:
                    if pat not in line or "resumed>" in line:
                        continue
                    m = re.match(r"\s*\d+\s+(\d+\.\d+)", line)
                    total += 1
                    if m and w0 + 1 <= float(m.group(1)) <= w0 + 11:
                        steady += 1
        res[t.name] = dict(cpu_ms_per_s=(c11 - c1) / 10.0, cpu_late_ms_per_s=(c21 - c11) / 10.0, cpu_total_ms_per_s=c11 / 11.0,
                           attempts_per_s=steady / 10.0, attempts_total=total, still_waiting=alive)
        log("waiting", t.name, res[t.name])
    return res


# ---------------------------------------------------------------- 4. 200 targets

def bench_many(tools, n=200, runs=5):
    res = {}
    kind = "http" if tools[0].supports("http") else "tcp"
    srv, ports = ready_servers(n)
    try:
        active = [t for t in tools if t.multi and t.supports(kind)]
        samples = {t.name: [] for t in active}
        fails = {t.name: 0 for t in active}
        for i in range(runs + 1):  # 1 warm-up round
            for t in active:
                rc, wall, rss = timed(t.cmd(kind, ports, 60), t.env, 90)
                if i == 0:
                    continue
                if rc != 0:
                    fails[t.name] += 1
                samples[t.name].append((wall, rss / 1024))
        for t in active:
            ws = [s[0] for s in samples[t.name]]
            rs = [s[1] for s in samples[t.name]]
            res[t.name] = dict(median_ms=statistics.median(ws), rss_mib=statistics.median(rs),
                               n=len(ws), failures=fails[t.name], kind=kind)
            log("many", t.name, res[t.name])
    finally:
        stop(srv)
    return res


# ---------------------------------------------------------------- 5. a deadline on a dead port

def bench_deadline(tools, timeout_s=3):
    """`--timeout 3s` (or the tool's equivalent) on a loopback port where nothing listens: wall time
    from spawn to exit, under GNU time (peak RSS of a whole wait comes with it)."""
    res = {}
    runs = max(3, RUNS // 2)
    active = [t for t in tools if t.supports("tcp")]
    samples = {t.name: [] for t in active}
    codes = {t.name: set() for t in active}
    for _ in range(runs):
        for t in active:
            port = free_port()
            rc, wall, rss = timed(t.cmd("tcp", [port], timeout_s), t.env, timeout_s + 30)
            samples[t.name].append((wall, rss / 1024))
            codes[t.name].add(rc)
    for t in active:
        ws = [x[0] for x in samples[t.name]]
        res[t.name] = dict(median_ms=statistics.median(ws), max_ms=max(ws), min_ms=min(ws),
                           rss_max_mib=max(x[1] for x in samples[t.name]), n=len(ws),
                           exit_codes=sorted(codes[t.name]), timeout_s=timeout_s)
        log("deadline", t.name, res[t.name])
    return res


# ---------------------------------------------------------------- 6. the AOT cache of bin/readygate

def bench_aot(runs=3):
    """bin/readygate on JDK 25 against a ready TCP target, three ways per round: no cache for this jar
    (READYGATE_AOT=auto, which no longer builds one), READYGATE_AOT=train (builds it in the
    foreground, then runs with it: the one-off cost), and auto again with the cache just made."""
    import glob
    pattern = os.path.join(os.path.dirname(os.path.abspath(JAR)), "readygate-25-*.aot")
    rg = TOOL["rg25"]
    train_env = dict(rg.env, READYGATE_AOT="train")
    srv, ports = ready_servers(1)
    rows = {"none": [], "train": [], "cached": []}
    try:
        for _ in range(runs):
            for f in glob.glob(pattern) + glob.glob(pattern + ".path"):
                os.remove(f)
            for key, env in (("none", rg.env), ("train", train_env), ("cached", rg.env)):
                rc, wall, rss = timed(rg.cmd("tcp", ports, 30), env, 120)
                rows[key].append((wall, rss / 1024, rc))
    finally:
        stop(srv)
    res = {}
    for key, xs in rows.items():
        res[key] = dict(median_ms=statistics.median(x[0] for x in xs), max_ms=max(x[0] for x in xs),
                        rss_max_mib=max(x[1] for x in xs), n=len(xs),
                        failures=sum(1 for x in xs if x[2] != 0))
    res["cache_written"] = bool(glob.glob(pattern))
    log("aot", res)
    return res


# ---------------------------------------------------------------- environment facts

def sh(cmd, env=None):
    try:
        r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
        return (r.stdout + r.stderr).strip()
    except Exception as e:  # noqa: BLE001 - a fact we could not get is reported as such
        return "unavailable (%s)" % e


def facts():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        with open(os.path.join(os.path.dirname(WAIT_ON), "..", "wait-on", "package.json")) as f:
            wo = json.load(f)["version"]
    except (OSError, ValueError, KeyError):
        wo = sh([WAIT_ON, "--version"])
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "mem": sh(["sh", "-c", "free -h | sed -n 2p"]),
        "kernel": platform.release(),
        "java17": sh([JDK17 + "/bin/java", "-version"]),
        "java25": sh([JDK25 + "/bin/java", "-version"]),
        "readygate": sh([JDK17 + "/bin/java", "-jar", JAR, "--version"]),
        "git": sh(["git", "-C", ROOT, "log", "-1", "--format=%h %s"]),
        "waiton": wo,
        "node": sh(["node", "--version"]),
        "waitforit": sh(["dpkg-query", "-W", "-f", "${Version}", "wait-for-it"]),
        "aot": os.environ.get("BENCH_AOT_CACHE", "?"),
        "runtime": os.environ.get("BENCH_RUNTIME_INFO", "?"),
        "runtime_build": sh(["sed", "-n", "s/.*; jlink/jlink/p", os.path.join(HERE, ".tools", "runtime.log")]),
        "runtime_java": sh([os.path.join(RUNTIME, "bin", "java"), "-version"]),
    }


# ---------------------------------------------------------------- report

def fmt(x, nd=0):
    if x is None or (isinstance(x, float) and x != x):
        return "n/a"
    return ("%%.%df" % nd) % x


def verdict(value, limit, unit, lower_is_better=True):
    if value is None or value != value:
        return "not measured"
    if (value <= limit) if lower_is_better else (value >= limit):
        return "**met** (%s %s)" % (fmt(value, 1 if value < 10 else 0), unit)
    return "**missed** by %s %s (%s vs %s %s)" % (fmt(abs(value - limit), 1 if abs(value - limit) < 10 else 0),
                                                   unit, fmt(value, 1 if value < 10 else 0), fmt(limit), unit)


# The spec's targets (issue 10), judged on the image runtime's row: (what, where the figure is, limit, unit).
def spec_targets(st, det, wt, many, dl):
    def get(table, key, field):
        return lambda name: (table.get(key(name)) or {}).get(field)
    rows = [
        ("start-up, ready TCP target: median <= 150 ms", get(st, lambda n: (n, "tcp"), "median_ms"), 150, "ms"),
        ("start-up, ready HTTP target: median <= 170 ms", get(st, lambda n: (n, "http"), "median_ms"), 170, "ms"),
        ("peak RSS, TCP start-up (highest of all runs) <= 64 MiB", get(st, lambda n: (n, "tcp"), "rss_max_mib"), 64, "MiB"),
        ("peak RSS, HTTP start-up (highest of all runs) <= 64 MiB", get(st, lambda n: (n, "http"), "rss_max_mib"), 64, "MiB"),
    ]
    for kind in ("tcp", "http"):
        rows += [
            ("detection latency (%s): median <= 50 ms" % kind.upper(),
             get(det, lambda n, k=kind: (n, k), "median_ms"), 50, "ms"),
            ("detection latency (%s): p90 <= 100 ms" % kind.upper(),
             get(det, lambda n, k=kind: (n, k), "p90_ms"), 100, "ms"),
        ]
    rows += [
        ("while waiting: <= 10 CPU-ms/s (seconds 1-11, fast phase included)", get(wt, lambda n: n, "cpu_ms_per_s"), 10, "ms/s"),
        ("while waiting: <= 10 CPU-ms/s (seconds 11-21)", get(wt, lambda n: n, "cpu_late_ms_per_s"), 10, "ms/s"),
        ("while waiting: <= 20 connection attempts/s", get(wt, lambda n: n, "attempts_per_s"), 20, "/s"),
        ("`--timeout 3s`, dead port: ends within 3.1 s of exec (slowest run)",
         get(dl, lambda n: n, "max_ms"), 3100, "ms"),
    ]
    wo = (many.get("wait-on") or {}).get("median_ms")
    if wo:
        rows.append(("%d %s targets no slower than wait-on" % (many["wait-on"].get("targets", 200),
                                                             many["wait-on"].get("kind", "http").upper()),
                     get(many, lambda n: n, "median_ms"), wo, "ms"))
    return rows


def ratio(value, other):
    if value is None or other is None or value != value or other != other:
        return "n/a"
    if other == 0:
        return "n/a (%s: 0)" % fmt(value, 1)
    r = value / other
    return "%s× (%s)" % (fmt(r, 2 if r < 10 else 1), fmt(other, 1 if other < 10 else 0))


def targets_table(a, st, det, wt, many, dl):
    a("## Targets from the spec")
    a("")
    a("Judged on the image's runtime (column 2): the container image's jlink'd JDK 25 with its AOT cache, "
      "built by `scripts/build-runtime.sh` and run outside Docker with exactly the Dockerfile's "
      "`ENTRYPOINT`. Ratios: the runtime's figure divided by the other tool's from this run (its figure in "
      "brackets; below 1 means readygate is lower). The last two columns are the other ways to run readygate, "
      "for comparison.")
    a("")
    a("| target | image runtime | ratio to wait-for-it | ratio to wait-on | JDK 25, bin/readygate + AOT | JDK 17, `java -jar` |")
    a("| --- | --- | --- | --- | --- | --- |")
    for what, value, limit, unit in spec_targets(st, det, wt, many, dl):
        v = value("rgimg")
        a("| %s | %s | %s | %s | %s | %s |" % (
            what, verdict(v, limit, unit), ratio(v, value("wait-for-it")), ratio(v, value("wait-on")),
            verdict(value("rg25"), limit, unit), verdict(value("rg17"), limit, unit)))
    a("")


def write_report(f, st, det, wt, many, elapsed_s, dl=None, aot=None, raw_out=True):
    dl = dl or {}
    names = {t.name: t.label for t in STARTUP_TOOLS}
    L = []
    a = L.append
    a("# Benchmarks: readygate vs wait-on vs wait-for-it")
    a("")
    a("Generated by `bench/run.sh` (do not edit by hand; the analysis below the tables comes from "
      "`bench/notes.md`). One run, one machine, all tools interleaved; loopback only. "
      "Whole run took %.0f s." % elapsed_s)
    a("")
    a("## Machine and versions")
    a("")
    a("| what | value |")
    a("| --- | --- |")
    a("| date | %s |" % f["date"])
    a("| machine | %s cores (`nproc`), %s, Linux %s |" % (f["nproc"], f["cpu"], f["kernel"]))
    a("| memory | `%s` |" % f["mem"])
    a("| readygate | `%s` (commit %s) |" % (f["readygate"].replace("\n", " "), f["git"]))
    a("| JDK 17 | `%s` |" % f["java17"].replace("\n", " / "))
    a("| JDK 25 | `%s` |" % f["java25"].replace("\n", " / "))
    a("| AOT cache (bin/readygate) | `%s` |" % re.sub(r"^\S*/(target/)", r"\1", f["aot"]))  # relative, also for raw files of older runs
    a("| image runtime | %s, built by `scripts/build-runtime.sh` into bench/.tools/runtime (%s); `%s` |" % (
        f.get("runtime", "?"), f.get("runtime_build", "?"), f.get("runtime_java", "?").replace("\n", " / ")))
    a("| wait-on | %s (npm), node %s |" % (f["waiton"], f["node"]))
    a("| wait-for-it | Debian package %s |" % f["waitforit"])
    a("| machine busy? | CPU pressure during the run (share of time some task waited for a CPU, "
      "/proc/pressure/cpu): %s over the whole run (%s); load average at the end: %s |" % (
          f.get("pressure", "n/a"), ", ".join("%s %s" % kv for kv in f.get("pressure_sections", {}).items()) or "n/a",
          f.get("load", "n/a")))
    a("")
    if HTTP_UNSUPPORTED:
        a("**Not measured: readygate on HTTP targets.** This build answers a ready HTTP target with `%s`, "
          "so every HTTP row and the 200-target test for readygate are left out (section 4 then uses "
          "200 TCP targets instead)." % next(iter(HTTP_UNSUPPORTED.values())))
        a("")

    targets_table(a, st, det, wt, many, dl)

    a("## 1. Start-up: exec to exit against an already-ready target")
    a("")
    a("Median wall time (and p90) of %d runs after 2 warm-up runs, the tools and both protocols interleaved round by round; "
      "each run under `/usr/bin/time -f %%M` (peak RSS of the tool and its children; the wall time "
      "includes GNU time's own fork, under 1 ms). Targets: a tiny asyncio HTTP "
      "server on loopback (`bench/servers.py ready`), which also serves as the TCP target." % RUNS)
    a("")
    a("| tool | TCP wall median (p90) | TCP peak RSS median (highest) | HTTP wall median (p90) | HTTP peak RSS median (highest) |")
    a("| --- | --- | --- | --- | --- |")
    for t in STARTUP_TOOLS:
        tc, ht = st.get((t.name, "tcp")), st.get((t.name, "http"))
        if not tc and not ht:
            continue

        def cell(x, key, nd=0, unit=""):
            return ("%s (%s)%s" % (fmt(x[key], nd), fmt(x.get("rss_max_mib"), nd), unit)) if x else "n/a"
        a("| %s | %s | %s | %s | %s |" % (
            names[t.name],
            ("%s ms (%s)" % (fmt(tc["median_ms"]), fmt(tc["p90_ms"]))) if tc else "n/a",
            cell(tc, "rss_mib", 1, " MiB"),
            ("%s ms (%s)" % (fmt(ht["median_ms"]), fmt(ht["p90_ms"]))) if ht else
            ("not measured" if t.name in HTTP_UNSUPPORTED else "n/a"),
            cell(ht, "rss_mib", 1, " MiB")))
    bad = ["%s/%s: %d" % (k[0], k[1], v["failures"]) for k, v in st.items() if isinstance(v, dict) and v.get("failures")]
    if bad:
        a("")
        a("Runs that did not exit 0 (counted in the timings anyway): " + ", ".join(bad))
    a("")

    a("## 2. Detection latency")
    a("")
    a("A server (`bench/servers.py later`) starts listening at a random moment, uniform 0.5-1.5 s after the "
      "tool was spawned, and records `time.monotonic_ns()` right after `listen()`; the harness records "
      "`time.monotonic_ns()` when `wait4()` returns for the tool (same CLOCK_MONOTONIC). "
      "Latency = exit - listen. %d runs per tool and protocol, tools interleaved. Latency includes the "
      "tool's exit (JVM shutdown, node exit); when the listen moment falls before the tool's first probe "
      "(JVM start-up ~0.3-0.7 s), it includes the rest of the start-up too." % RUNS)
    a("")
    a("| tool | protocol | median | p90 | min | max | runs ok |")
    a("| --- | --- | --- | --- | --- | --- | --- |")
    for (name, kind), v in det.items():
        a("| %s | %s | %s ms | %s ms | %s ms | %s ms | %d/%d |" % (
            names[name], kind.upper(), fmt(v["median_ms"]), fmt(v["p90_ms"]), fmt(v["min_ms"]),
            fmt(v["max_ms"]), v["n"], v["n"] + v["failures"]))
    a("")

    a("## 3. Cost while waiting on a port where nothing listens")
    a("")
    a("Each tool waits (timeout 60 s) on a loopback TCP port with nothing listening (connection refused). "
      "CPU: utime+stime (+ reaped children) of the tool's whole process tree from `/proc/PID/stat`, "
      "sampled at t = 1 s, 11 s and 21 s after spawn: seconds 1-11 = (cpu(11) - cpu(1)) / 10 s (readygate's "
      "fast phase, an attempt every 60 ms for the first 2 s of refusals, falls in it); seconds 11-21 = "
      "(cpu(21) - cpu(11)) / 10 s; total = cpu(11) / 11 s, start-up included. Connection attempts: a second 11 s run under "
      "`strace -f -ttt -e trace=connect`, counting connect(2) calls to that port between t = 1 s and "
      "t = 11 s (strace slows system calls a little, so this is, if anything, a slight undercount).")
    a("")
    a("| tool | attempts/s (seconds 1-11) | connect() calls in 11 s | CPU ms/s (seconds 1-11) | CPU ms/s (seconds 11-21) | CPU ms/s (0-11, incl. start-up) |")
    a("| --- | --- | --- | --- | --- | --- |")
    for name, v in wt.items():
        a("| %s | %s | %d | %s | %s | %s |%s" % (names[name], fmt(v["attempts_per_s"], 1), v["attempts_total"],
                                            fmt(v["cpu_ms_per_s"], 1), fmt(v.get("cpu_late_ms_per_s"), 1) if v.get("cpu_late_ms_per_s") is not None else "n/a",
                                            fmt(v["cpu_total_ms_per_s"], 1),
                                            "" if v["still_waiting"] else " (exited before 11 s!)"))
    a("")

    if dl:
        a("### `--timeout 3s` on a dead port: when the tool ends")
        a("")
        a("Each tool waits on a loopback port where nothing listens (connection refused) with a 3 s timeout "
          "(readygate `wait --timeout 3s`, wait-on `-t 3000`, wait-for-it `-t 3`); wall time from spawn to exit "
          "under `/usr/bin/time` (readygate counts its deadline from the process start). %d runs per tool, "
          "interleaved. Target: every run ends within 3.1 s of exec." % next(iter(dl.values()))["n"])
        a("")
        a("| tool | wall median | fastest | slowest | slowest - 3 s | peak RSS (highest) | exit codes |")
        a("| --- | --- | --- | --- | --- | --- | --- |")
        for name, v in dl.items():
            a("| %s | %s ms | %s ms | %s ms | %+d ms | %s MiB | %s |" % (
                names[name], fmt(v["median_ms"]), fmt(v["min_ms"]), fmt(v["max_ms"]), v["max_ms"] - 1000 * v["timeout_s"],
                fmt(v["rss_max_mib"], 1), ", ".join(str(c) for c in v["exit_codes"])))
        a("")
    many_kind = next(iter(many.values()), {}).get("kind", "http")
    a("## 4. 200 ready %s targets at once" % many_kind.upper())
    a("")
    if many_kind == "tcp":
        a("(TCP instead of HTTP: this readygate build has no working HTTP probe; readygate `tcp://`, "
          "wait-on `tcp:`.)")
        a("")
    a("One asyncio server process listening on 200 loopback ports; each tool is given all 200 URLs in one "
      "invocation (readygate `http://...`, wait-on `http-get://...` so both send GET; wait-on's `http://` "
      "would send HEAD). Median of 5 runs after 1 warm-up; peak RSS from `/usr/bin/time -f %M`. "
      "wait-for-it takes one target per invocation and is left out.")
    a("")
    a("| tool | wall median | peak RSS | runs ok |")
    a("| --- | --- | --- | --- |")
    for name, v in many.items():
        a("| %s | %s ms | %.1f MiB | %d/%d |" % (names[name], fmt(v["median_ms"]), v["rss_mib"],
                                                 v["n"] - v["failures"], v["n"]))
    a("")
    if aot:
        a("## 5. bin/readygate on JDK 25: without the AOT cache, training it, with it")
        a("")
        a("The launcher no longer trains a cache in the background: `READYGATE_AOT=auto` (the default) uses one "
          "when it exists and otherwise runs without; `READYGATE_AOT=train` builds it in the foreground, once "
          "(an install or an image build; the image itself ships the cache its build trained). Each round "
          "deletes this jar's cache, then runs `bin/readygate wait` on a ready TCP target three ways. "
          "%d rounds; peak RSS is that of the largest process (the training starts two more JVMs)." % aot["none"]["n"])
        a("")
        a("| run | wall median | slowest | peak RSS (highest) |")
        a("| --- | --- | --- | --- |")
        for key, what in (("none", "no cache (`auto`: runs without one, builds none)"),
                          ("train", "`READYGATE_AOT=train`: trains, then runs with the cache (once)"),
                          ("cached", "with the cache just trained (`auto`)")):
            v = aot[key]
            a("| %s | %s ms | %s ms | %s MiB |" % (what, fmt(v["median_ms"]), fmt(v["max_ms"]), fmt(v["rss_max_mib"], 1)))
        a("")
    if os.path.exists(NOTES):
        with open(NOTES) as fh:
            a(fh.read().rstrip())
            a("")
    page = "\n".join(L)
    try:
        with open(OUT) as fh:
            old = fh.read()
    except OSError:
        old = ""
    if LOAD_BEGIN in old and LOAD_END in old:  # bench/load.py's section, kept as it is
        page = page.rstrip("\n") + "\n\n" + old[old.index(LOAD_BEGIN):old.index(LOAD_END) + len(LOAD_END)] + "\n"
    page = page.replace(ROOT + os.sep, "")  # no machine paths: paths relative to the repository
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as fh:
        fh.write(page)
    if not raw_out:
        return
    # a run of some sections only (BENCH_ONLY) never overwrites the raw numbers of the last full run
    only = "-".join(sorted(filter(None, os.environ.get("BENCH_ONLY", "").split(","))))
    name = ".raw.json" if not only else ".raw-%s.json" % only
    with open(os.path.join(os.environ.get("BENCH_RAW_DIR", os.path.join(HERE, ".tools")), name), "w") as fh:
        json.dump({"startup": {"%s/%s" % k: v for k, v in st.items()},
                   "detect": {"%s/%s" % k: v for k, v in det.items()},
                   "waiting": wt, "many": many, "facts": f, "deadline": dl, "aot": aot, "elapsed_s": elapsed_s,
                   "http_unsupported": HTTP_UNSUPPORTED}, fh, indent=1, default=str)


def render(raw_path):
    """Rewrites the report from a raw JSON file (e.g. after editing bench/notes.md), measuring nothing."""
    with open(raw_path) as fh:
        raw = json.load(fh)

    def pairs(d):
        return {tuple(k.split("/", 1)): v for k, v in d.items()}
    st = pairs(raw["startup"])
    det = pairs(raw["detect"])
    HTTP_UNSUPPORTED.update(raw.get("http_unsupported", {}))
    write_report(raw["facts"], st, det, raw["waiting"], raw["many"], raw.get("elapsed_s", float("nan")),
                 raw.get("deadline"), raw.get("aot"), raw_out=False)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--render":
        render(sys.argv[2])
        log("wrote", OUT)
        return
    start = time.monotonic()
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(143))
    only = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))
    try:
        f = facts()
        p0, t0 = cpu_pressure_us(), time.monotonic()
        sections = {}

        def section(name, fn, *args):
            """Runs one section if BENCH_ONLY allows it, noting the CPU pressure while it ran."""
            if only and name not in only:
                return None if name == "aot" else {}
            q0, s0 = cpu_pressure_us(), time.monotonic()
            r = fn(*args)
            q1 = cpu_pressure_us()
            if q0 is not None and q1 is not None:
                sections[name] = "%.0f%%" % (100.0 * (q1 - q0) / 1e6 / (time.monotonic() - s0))
            return r
        preflight()
        st = section("startup", bench_startup, STARTUP_TOOLS)
        det = section("detect", bench_detection, TOOLS, ("tcp", "http"))
        wt = section("waiting", bench_waiting, TOOLS)
        many = section("many", bench_many, TOOLS)
        dl = section("deadline", bench_deadline, TOOLS)
        aot = section("aot", bench_aot)
        p1 = cpu_pressure_us()
        if p0 is not None and p1 is not None:
            f["pressure"] = "%.0f%%" % (100.0 * (p1 - p0) / 1e6 / (time.monotonic() - t0))
        f["pressure_sections"] = sections
        f["load"] = sh(["cat", "/proc/loadavg"])
        write_report(f, st, det, wt, many, time.monotonic() - start, dl, aot)
        log("wrote", OUT)
    finally:
        cleanup()


if __name__ == "__main__":
    main()
