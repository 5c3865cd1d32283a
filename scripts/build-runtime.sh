#!/bin/sh
# Builds readygate's runtime for the container image: a jlink'd JDK 25 with only the modules the jar
# needs (jdeps), the jar, and an AOT cache made by one training run against loopback servers.
#
#   JAVA_HOME=/path/to/jdk-25 scripts/build-runtime.sh target/readygate.jar OUT_DIR
#   scripts/build-runtime.sh --entrypoint [RUNTIME_DIR]   (prints the launch line, one argument a
#                                                         line, the runtime moved to RUNTIME_DIR)
#
# The launch line is the Dockerfile's ENTRYPOINT (one line, exec form), read from the Dockerfile next
# to this script (or $READYGATE_DOCKERFILE): the training runs with exactly its JVM options, and the
# check at the end runs exactly that line with -XX:AOTMode=on, which fails when the cache cannot be
# used. The ENTRYPOINT's runtime directory (/opt/readygate) is OUT_DIR here; a cache made in one
# directory works in another (the JVM relocates the class path; tried with cp -a and plain cp).
#
# Needs: a JDK 25 (jdeps, jlink, keytool, java with jdk.httpserver), a POSIX shell, strip (binutils;
# optional), no network.
set -eu

die() {
  printf 'build-runtime: %s\n' "$*" >&2
  exit 1
}

here=$(cd "$(dirname "$0")" && pwd)
dockerfile=${READYGATE_DOCKERFILE:-$here/../Dockerfile}

# ---- the launch line: the Dockerfile's ENTRYPOINT -------------------------------------------------
[ "$(grep -c '^ENTRYPOINT ' "$dockerfile")" = 1 ] || die "$dockerfile must have exactly one ENTRYPOINT line"
entry=$(sed -n 's/^ENTRYPOINT \["\(.*\)"\]$/\1/p' "$dockerfile")
case $entry in
  '' | *\\* | *'",'[!\ ]* ) die "the ENTRYPOINT of $dockerfile is not a one-line exec form of plain strings" ;;
esac
# one argument per line
args=$(printf '%s\n' "$entry" | sed 's/", "/\
/g')
case $args in *'"'*) die "cannot split the ENTRYPOINT of $dockerfile into plain strings" ;; esac
java_in_image=$(printf '%s\n' "$args" | sed -n 1p)
prefix=${java_in_image%/bin/java}
[ "$prefix" != "$java_in_image" ] || die "the ENTRYPOINT must start with RUNTIME/bin/java, not $java_in_image"
[ "$(printf '%s\n' "$args" | tail -n 2 | tr '\n' ' ')" = "-jar $prefix/readygate.jar " ] ||
  die "the ENTRYPOINT must end with -jar $prefix/readygate.jar"
[ "$(printf '%s\n' "$args" | grep -cx -- "-XX:AOTCache=$prefix/readygate.aot")" = 1 ] ||
  die "the ENTRYPOINT must use -XX:AOTCache=$prefix/readygate.aot"
# The training runs with the same options, minus the cache it is making and the switches that silence
# the cache's messages (the training's are wanted in its log).
jvm_opts=$(printf '%s\n' "$args" | sed '1d;$d' | sed '$d' | grep -v -e '^-XX:AOTCache=' -e '^-Xlog:aot=off$' -e '^-Xlog:cds=off$')
# The launch line with the runtime in directory $1 instead of the ENTRYPOINT's, one argument per line.
launch_line() {
  printf '%s\n' "$args" | sed "s#$prefix/#$1/#"
}

if [ "${1:-}" = --entrypoint ]; then
  # The launch line alone (bench/harness.py runs the runtime this way): as in the Dockerfile, or
  # with the runtime in RUNTIME_DIR.
  [ $# -le 2 ] || die "usage: $0 --entrypoint [RUNTIME_DIR]"
  launch_line "${2:-$prefix}"
  exit 0
fi

[ $# -eq 2 ] || die "usage: JAVA_HOME=JDK25 $0 READYGATE_JAR OUT_DIR  |  $0 --entrypoint [RUNTIME_DIR]"
jar=$1
out=$2
jdk=${JAVA_HOME:?set JAVA_HOME to a JDK 25}
[ -f "$jar" ] || die "no jar at $jar"
[ -x "$jdk/bin/jlink" ] || die "$jdk is not a JDK with jlink"
major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release")
[ "${major:-0}" -ge 25 ] || die "$jdk is Java ${major:-?}; the AOT cache (-XX:AOTCacheOutput) needs JDK 25"
[ ! -e "$out" ] || die "$out exists; give a new directory"

mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
work=$(mktemp -d)
server=
cleanup() {
  [ -z "$server" ] || kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
now() { date +%s; }
started=$(now)

# ---- jlink ----------------------------------------------------------------------------------------
# jdeps finds java.base, java.net.http (the k8s: targets' API client) and jdk.unsupported (sun.misc.Signal);
# nothing is loaded by name from other
# modules (TLS, the trust store and the EC/RSA providers are in java.base on JDK 25).
modules=$("$jdk/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release "$major" "$jar")
[ -n "$modules" ] || die "jdeps found no modules in $jar"
# --compress zip-6: the runtime's modules file shrinks from 25 to 11 MiB, and no start-up got slower
# (--version without the cache: 0.24-0.28 s against 0.27-0.32 s uncompressed; with the cache the
# classes readygate starts with come from the cache, not from the modules file).
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress zip-6 --output "$out"
# The JDK's native libraries keep their symbol tables (libjvm.so: 28.4 MiB, 23.6 MiB stripped);
# strip --strip-unneeded keeps the dynamic symbols, all the JVM looks up.
if command -v strip >/dev/null 2>&1; then
  find "$out" -name '*.so' -exec strip --strip-unneeded {} +
else
  printf 'build-runtime: no strip (binutils) here: the runtime stays ~5 MiB larger\n' >&2
fi
cp -p "$jar" "$out/readygate.jar"
linked=$(now)

# ---- the training servers (loopback only) ---------------------------------------------------------
pw=training-only
"$jdk/bin/keytool" -genkeypair -alias training -keyalg EC -groupname secp256r1 -dname CN=localhost \
  -ext san=ip:127.0.0.1,dns:localhost -validity 30 -storetype PKCS12 -keystore "$work/tls.p12" \
  -storepass "$pw" -keypass "$pw" >"$work/keytool.log" 2>&1 || { cat "$work/keytool.log" >&2; die "keytool failed"; }
"$jdk/bin/keytool" -exportcert -rfc -alias training -keystore "$work/tls.p12" -storepass "$pw" \
  -file "$work/ca.pem" >>"$work/keytool.log" 2>&1 || { cat "$work/keytool.log" >&2; die "keytool failed"; }
"$jdk/bin/java" -Xmx32m -XX:+UseSerialGC -XX:-UsePerfData "$here/TrainingServers.java" \
  "$work/tls.p12" "$pw" "$work/ports" 300 >"$work/servers.log" 2>&1 </dev/null &
server=$!
i=0
while [ ! -f "$work/ports" ]; do
  kill -0 "$server" 2>/dev/null || { cat "$work/servers.log" >&2; die "the training servers did not start"; }
  [ "$i" -lt 600 ] || die "the training servers did not start in 60 s"
  sleep 0.1
  i=$((i + 1))
done
http=$(sed -n 's/^http //p' "$work/ports")
https=$(sed -n 's/^https //p' "$work/ports")
refused=1  # tcpmux: nothing listens there

# An nginx config whose upstreams are those servers (read by readygate's nginx source; nginx itself
# does not run), and a readygate.yaml that waits for them beside tcp, http and https targets of its own
# and a refused port: the training covers the config file, the nginx source, every protocol, the
# refused diagnosis with its retries, the text report and the JSON report.
cat >"$work/nginx.conf" <<EOF
events {}
http {
    upstream app {
        server 127.0.0.1:$http max_fails=3 fail_timeout=10s;
        keepalive 4;
    }
    server {
        listen 127.0.0.1:8080;
        location / {
            proxy_pass http://app;
            proxy_read_timeout 5s;
            proxy_buffer_size 8k;
        }
        location /tls/ {
            proxy_pass https://127.0.0.1:$https;
            proxy_ssl_verify on;
            proxy_ssl_trusted_certificate $work/ca.pem;
        }
        location /gone/ {
            proxy_pass http://127.0.0.1:$refused;
        }
    }
}
EOF
cat >"$work/readygate.yaml" <<EOF
timeout: 1500ms
from: [nginx.conf]
defaults:
  attempt-timeout: 1s
targets:
  - tcp://127.0.0.1:$http
  - name: api
    url: http://127.0.0.1:$http/health
    json-pointer: /status=UP
  - name: tls
    url: https://127.0.0.1:$https/health
    ca-cert: ca.pem
  - tcp://127.0.0.1:$refused
EOF

# Plain command lines, as init containers and compose run readygate: read without picocli
# (cli.QuickArgs), a path of their own whose lambdas and method handles are archived only if the
# training runs it. The same JVM runs them after the config file's run (-Dreadygate.aot.also, one
# line each, arguments separated by tabs).
tab=$(printf '\t')
{
  printf 'wait%s--timeout%s2s%stcp://127.0.0.1:%s\n' "$tab" "$tab" "$tab" "$http"
  printf 'wait%s--timeout%s2s%shttp://127.0.0.1:%s/health\n' "$tab" "$tab" "$tab" "$http"
  printf 'wait%s--timeout%s2s%s--ca-cert%s%s%shttps://127.0.0.1:%s/health\n' "$tab" "$tab" "$tab" "$tab" "$work/ca.pem" "$tab" "$https"
  printf 'wait%s--timeout%s600ms%stcp://127.0.0.1:%s\n' "$tab" "$tab" "$tab" "$refused"
} >"$work/also.txt"

# ---- the training run -----------------------------------------------------------------------------
# Exit 1 is expected (the refused port is never ready); what matters is the cache.
set -f
# shellcheck disable=SC2086
"$out/bin/java" $jvm_opts -XX:AOTCacheOutput="$out/readygate.aot" -Dreadygate.aot.also="$work/also.txt" -jar "$out/readygate.jar" \
  wait --config "$work/readygate.yaml" --report "$work/report.json" >"$work/training.log" 2>&1 </dev/null || true
set +f
[ -s "$out/readygate.aot" ] || { cat "$work/training.log" >&2; die "the training run wrote no AOT cache"; }
grep -q '"ready" *: *true' "$work/report.json" 2>/dev/null ||
  { cat "$work/training.log" >&2; die "the training run reached none of its loopback servers"; }
trained=$(now)

# ---- check: exactly the ENTRYPOINT, with the cache required ---------------------------------------
check=$(launch_line "$out")
set -f
saved_ifs=$IFS
IFS='
'
# shellcheck disable=SC2086
set -- $check
IFS=$saved_ifs
set +f
java_bin=$1
shift
"$java_bin" -XX:AOTMode=on "$@" --version >"$work/check.log" 2>&1 ||
  { cat "$work/check.log" >&2; die "the runtime does not start with its AOT cache (-XX:AOTMode=on)"; }

size=$(du -sk "$out" | cut -f1)
printf 'build-runtime: modules %s; runtime %s KiB (%s MiB) in %s (jar %s KiB, AOT cache %s KiB); jlink %ss, training %ss\n' \
  "$modules" "$size" "$((size / 1024))" "$out" "$(du -k "$out/readygate.jar" | cut -f1)" \
  "$(du -k "$out/readygate.aot" | cut -f1)" "$((linked - started))" "$((trained - linked))"
