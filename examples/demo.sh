#!/bin/sh
# The README's first command: builds readygate (if needed) and shows it wait, diagnose and pass
# against a local stand-in upstream. Needs only a JDK 17+.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
rg="$root/bin/readygate"
java=java
[ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"

# Build first (the launcher builds the jar when it is missing): the upstream's slow start is the
# story (refused, then 503, then UP), and on a fresh clone a build started after it would outlast it.
"$rg" --version >/dev/null

ports=$("$java" "$here/FreePort.java")
port=${ports% *}
spare=${ports#* }
"$java" "$here/DemoUpstream.java" "$port" &
upstream=$!
trap 'kill $upstream 2>/dev/null || true' EXIT INT TERM

echo "== 1. An upstream that starts slowly: refused, then 503 'starting', then UP"
echo "\$ readygate wait --json-pointer /status=UP http://127.0.0.1:$port/health -- echo 'tests would run now'"
"$rg" wait --timeout 20s --json-pointer /status=UP "http://127.0.0.1:$port/health" -- echo "tests would run now"
echo
echo "== 2. A port nobody listens on (one off from the real one): readygate blocks (exit 1) and says why"
echo "\$ readygate wait --timeout 3s http://127.0.0.1:$port/health tcp://127.0.0.1:$spare"
set +e
"$rg" wait --timeout 3s "http://127.0.0.1:$port/health" "tcp://127.0.0.1:$spare"
code=$?
set -e
echo "(exit code $code)"
[ "$code" = 1 ]
