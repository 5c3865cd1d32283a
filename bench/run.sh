#!/usr/bin/env bash
# Benchmarks readygate against wait-on and wait-for-it on this machine and writes docs/benchmarks.md.
# Run by hand from anywhere: bench/run.sh   (never from the test suite; takes about 5-10 minutes)
#
# Installs what it needs: Debian packages wait-for-it, time, strace (apt-get, as root), and
# wait-on from npm into bench/.tools (gitignored). Loopback only; every wait and loop is bounded.
#
# Also builds the container image's runtime (scripts/build-runtime.sh) into bench/.tools/runtime and
# runs it with the Dockerfile's ENTRYPOINT: the spec's targets are judged on that row.
#
# Environment: JDK17, JDK25 (JDK homes), READYGATE_JAR (default target/readygate.jar, built from
# the working tree first unless BENCH_BUILD=0), BENCH_RUNS (default 20), BENCH_ONLY=startup,detect,waiting,many,deadline,aot (subset; the report then
# has only those sections), BENCH_OUT (default docs/benchmarks.md), RG_TCP / RG_HTTP (readygate's
# target syntax, with {port}).
set -eu
set -o pipefail

here=$(cd -P -- "$(dirname -- "$0")" && pwd -P)
root=$(dirname -- "$here")
cd "$root"

export JDK17=${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
export JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ -n "${READYGATE_JAR:-}" ]; then
  build=${BENCH_BUILD:-0} # a jar given from outside is measured as it is
else
  build=${BENCH_BUILD:-1} # the working tree is built first, so the jar is never stale
fi
export BENCH_JAR=${READYGATE_JAR:-$root/target/readygate.jar}
# The CLI rejects READYGATE_* variables it does not know; the harness sets what each tool needs.
unset READYGATE_JAR READYGATE_JAVA_OPTS READYGATE_AOT
export WAIT_ON=$here/.tools/node_modules/.bin/wait-on
export WAIT_FOR_IT=/usr/bin/wait-for-it
WAIT_ON_VERSION=${WAIT_ON_VERSION:-9.5.1}

say() { printf '[bench] %s\n' "$*" >&2; }

harness_pid=
cleanup() {
  # Only what this script started: the harness (which ends its own children on SIGTERM).
  if [ -n "$harness_pid" ] && kill -0 "$harness_pid" 2>/dev/null; then
    kill -TERM "$harness_pid" 2>/dev/null || true
    sleep 1
    kill -KILL "$harness_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- tools -------------------------------------------------------------------------------------
need_apt=
for pair in wait-for-it:/usr/bin/wait-for-it time:/usr/bin/time strace:/usr/bin/strace; do
  [ -x "${pair#*:}" ] || need_apt="$need_apt ${pair%%:*}"
done
if [ -n "$need_apt" ]; then
  [ "$(id -u)" = 0 ] || { say "need Debian packages:$need_apt (run as root or install them)"; exit 1; }
  say "installing Debian packages:$need_apt"
  timeout 300 apt-get update -q >/dev/null
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -q $need_apt >/dev/null
fi
if [ ! -x "$WAIT_ON" ]; then
  command -v npm >/dev/null || { say "npm is needed to install wait-on"; exit 1; }
  say "installing wait-on@$WAIT_ON_VERSION into bench/.tools"
  timeout 300 npm install --prefix "$here/.tools" --no-audit --no-fund --loglevel=error "wait-on@$WAIT_ON_VERSION" >&2
fi
command -v python3 >/dev/null || { say "python3 is needed"; exit 1; }
[ -x "$JDK17/bin/java" ] || { say "no JDK 17 at $JDK17 (set JDK17)"; exit 1; }
[ -x "$JDK25/bin/java" ] || { say "no JDK 25 at $JDK25 (set JDK25)"; exit 1; }

# ---- readygate ---------------------------------------------------------------------------------
if [ "$build" = 1 ] || [ ! -f "$BENCH_JAR" ]; then
  say "building $BENCH_JAR (./mvnw -q -B -DskipTests package)"
  JAVA_HOME=$JDK17 timeout 600 ./mvnw -q -B -DskipTests package >&2
fi
"$JDK17/bin/java" -jar "$BENCH_JAR" --version >/dev/null 2>&1 || {
  say "$BENCH_JAR does not run (--version failed)"
  exit 1
}
# The AOT cache is trained once here, in the foreground, so that no measured run trains it.
say "training the JDK 25 AOT cache through bin/readygate (READYGATE_AOT=train)"
READYGATE_JAR=$BENCH_JAR JAVA_HOME=$JDK25 READYGATE_AOT=train timeout 120 "$root/bin/readygate" --version >/dev/null 2>"$here/.tools/aot-train.log" || true
cache=$(find "$(dirname -- "$BENCH_JAR")" -maxdepth 1 -name 'readygate-25-*.aot' -newer "$BENCH_JAR" | head -n 1)
[ -n "$cache" ] || { say "no AOT cache was written (see $here/.tools/aot-train.log)"; exit 1; }
cache_size=$(du -h "$cache" | cut -f1)
# named relative to the repository: the page is committed, and no machine path belongs in it
export BENCH_AOT_CACHE="${cache#"$root"/} ($cache_size)"
export BENCH_RAW_DIR=$here/.tools

# The image's runtime (jlink'd JDK 25 + the jar + an AOT cache: what the Dockerfile builds), outside
# Docker, built by the image's own script and rebuilt when the jar or the Dockerfile changed.
runtime=$here/.tools/runtime
if ! cmp -s "$BENCH_JAR" "$runtime/readygate.jar" || [ "$root/Dockerfile" -nt "$runtime/readygate.aot" ] ||
  [ "$root/scripts/build-runtime.sh" -nt "$runtime/readygate.aot" ]; then
  say "building the image's runtime into bench/.tools/runtime (scripts/build-runtime.sh)"
  rm -rf "$runtime"
  JAVA_HOME=$JDK25 timeout 600 "$root/scripts/build-runtime.sh" "$BENCH_JAR" "$runtime" >"$here/.tools/runtime.log" 2>&1 ||
    { cat "$here/.tools/runtime.log" >&2; say "scripts/build-runtime.sh failed"; exit 1; }
fi
export BENCH_RUNTIME=$runtime
BENCH_RUNTIME_INFO="$(du -sh "$runtime" | cut -f1) runtime, AOT cache $(du -h "$runtime/readygate.aot" | cut -f1), modules $(sed -n 's/^MODULES="\(.*\)"$/\1/p' "$runtime/release")"
export BENCH_RUNTIME_INFO

# ---- measure -----------------------------------------------------------------------------------
say "measuring (about 5-10 minutes)"
timeout -k 10 1200 python3 "$here/harness.py" &
harness_pid=$!
wait "$harness_pid"
harness_pid=
say "done: ${BENCH_OUT:-docs/benchmarks.md} (raw numbers in bench/.tools/.raw.json, or .raw-SECTIONS.json for a BENCH_ONLY run)"
