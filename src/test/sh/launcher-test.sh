#!/bin/sh
# ok/no always return 0, so `test && ok || no` is a safe if-then-else here.
# shellcheck disable=SC2015
# Tests for bin/readygate. Run by `./mvnw verify` (LauncherScriptIT), or by hand: bash src/test/sh/launcher-test.sh
# Uses a tiny stand-in jar compiled here, so it does not need the real CLI to be built.
# JDK17 / JDK25 default to the Debian and Temurin paths; the JDK 25 cases are skipped without one.
set -u

here=$(cd -P -- "$(dirname -- "$0")" && pwd -P)
launcher=$here/../../../bin/readygate
JDK17=${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}

work=$(mktemp -d)
srv=
cleanup() {
  [ -n "$srv" ] && kill "$srv" 2>/dev/null
  rm -rf -- "$work"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

pass=0
fail=0
ok() { pass=$((pass + 1)); printf 'ok   %s\n' "$1"; }
no() { fail=$((fail + 1)); printf 'FAIL %s\n' "$1"; [ -n "${2:-}" ] && printf '     %s\n' "$2"; }
check() { # name expected-rc actual-rc
  if [ "$2" = "$3" ]; then ok "$1"; else no "$1" "exit $3, expected $2; stderr: $(cat "$work/err" 2>/dev/null)"; fi
}

# ---- a stand-in jar: `--version`, and `wait [--timeout Ns] tcp://h:p... [-- COMMAND]` (exit 0 ready, 1 not)
mkdir -p "$work/src/dev/readygate" "$work/classes"
cat >"$work/src/dev/readygate/Main.java" <<'EOF'
package dev.readygate;
import java.net.*;
public class Main {
  public static void main(String[] a) throws Exception {
    if (a.length > 0 && a[0].equals("--version")) { System.out.println("stand-in"); return; }
    if (a.length > 0 && a[0].equals("listen")) { // a loopback port that accepts, for 120 s at most
      ServerSocket s = new ServerSocket(0, 64, InetAddress.getByName("127.0.0.1"));
      System.out.println(s.getLocalPort());
      s.setSoTimeout(1000);
      long end = System.nanoTime() + 120_000_000_000L;
      while (System.nanoTime() < end) { try { s.accept().close(); } catch (SocketTimeoutException e) { } }
      return;
    }
    if (a.length > 0 && a[0].equals("env")) {
      System.getenv().keySet().stream().filter(k -> k.startsWith("READYGATE_")).sorted().forEach(System.out::println);
      return;
    }
    long deadline = System.nanoTime() + 30_000_000_000L; int code = 1;
    java.util.List<String> t = new java.util.ArrayList<>();
    boolean command = false;
    for (int i = 1; i < a.length && !command; i++) {
      if (a[i].equals("--")) command = true;
      else if (a[i].equals("--timeout")) deadline = System.nanoTime() + Long.parseLong(a[++i].replace("s", "")) * 1_000_000_000L;
      else t.add(a[i]);
    }
    while (System.nanoTime() < deadline) {
      boolean all = true;
      for (String s : t) {
        URI u = URI.create(s);
        try (Socket so = new Socket()) { so.connect(new InetSocketAddress(u.getHost(), u.getPort()), 500); }
        catch (Exception e) { all = false; }
      }
      if (all) { code = 0; break; }
      Thread.sleep(50);
    }
    System.out.println(code == 0 ? "ready" : "blocked");
    // with -- COMMAND under bin/readygate: 254 asks the launcher to exec the command
    if (code == 0 && command && Boolean.getBoolean("readygate.launcher.exec")) code = 254;
    System.exit(code);
  }
}
EOF
"$JDK17/bin/javac" --release 17 -d "$work/classes" "$work/src/dev/readygate/Main.java" || exit 1
printf 'Main-Class: dev.readygate.Main\n' >"$work/manifest"
"$JDK17/bin/jar" cfm "$work/readygate.jar" "$work/manifest" -C "$work/classes" . || exit 1

# A fake project root: bin/readygate (a copy) and target/readygate.jar.
root=$work/root
mkdir -p "$root/bin" "$root/target"
cp "$launcher" "$root/bin/readygate"
cp "$work/readygate.jar" "$root/target/readygate.jar"

# A loopback port that is listening, for the "ready" case (the stand-in jar listens).
"$JDK17/bin/java" -cp "$work/classes" dev.readygate.Main listen >"$work/port" &
srv=$!
i=0
while [ ! -s "$work/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$work/port")
ready=tcp://127.0.0.1:$port
refused=tcp://127.0.0.1:1

run() { # JAVA_HOME-or-empty, args...: runs the launcher, stdout to $work/out, stderr to $work/err
  _jh=$1
  shift
  if [ -n "$_jh" ]; then
    JAVA_HOME=$_jh "$@" >"$work/out" 2>"$work/err"
  else
    env -u JAVA_HOME "$@" >"$work/out" 2>"$work/err"
  fi
}

# ---- JDK 17 ------------------------------------------------------------------------------------
run "$JDK17" "$root/bin/readygate" wait "$ready"
check "jdk17: ready target exits 0" 0 $?
[ "$(cat "$work/out")" = ready ] && [ ! -s "$work/err" ] && ok "jdk17: stdout from the jar, stderr empty" || no "jdk17: output" "$(cat "$work/out" "$work/err")"
run "$JDK17" "$root/bin/readygate" wait --timeout 2s "$refused"
check "jdk17: blocked target exits 1 (java's exit code)" 1 $?
ls "$root/target"/*.aot >/dev/null 2>&1 && no "jdk17: no AOT cache" || ok "jdk17: no AOT cache"

# ---- symlinks ----------------------------------------------------------------------------------
mkdir -p "$work/links/a" "$work/links/b"
ln -s "$root/bin/readygate" "$work/links/b/rg"
ln -s ../b/rg "$work/links/a/rg"
run "$JDK17" "$work/links/a/rg" --version
check "symlink chain (absolute + relative) finds the project's jar" 0 $?

# ---- Java missing or too old -------------------------------------------------------------------
mkdir -p "$work/old/bin" "$work/nojava"
cat >"$work/old/bin/java" <<'EOF'
#!/bin/sh
echo 'java version "1.8.0_392"' >&2
EOF
chmod +x "$work/old/bin/java"
run "$work/old" "$root/bin/readygate" --version
check "Java 8 is refused with exit 4" 4 $?
grep -q 'needs Java 17' "$work/err" && ok "Java 8: clear message" || no "Java 8: clear message" "$(cat "$work/err")"
run "$work/nope" "$root/bin/readygate" --version
check "JAVA_HOME without bin/java: exit 4" 4 $?
for t in sh sed ls dirname basename cat stat cksum; do ln -s "$(command -v $t)" "$work/nojava/$t"; done
run "" env PATH="$work/nojava" "$root/bin/readygate" --version
check "no java anywhere: exit 4" 4 $?
grep -q 'no Java found' "$work/err" && ok "no java: clear message" || no "no java: clear message" "$(cat "$work/err")"
run "" env PATH="$JDK17/bin:/usr/bin:/bin" "$root/bin/readygate" --version
check "java from PATH" 0 $?

# ---- jar missing: built through ./mvnw, build output on stderr only ----------------------------
broot=$work/broot
mkdir -p "$broot/bin"
cp "$launcher" "$broot/bin/readygate"
cat >"$broot/mvnw" <<EOF
#!/bin/sh
echo "building (stdout of the build)"
mkdir -p target && cp "$work/readygate.jar" target/readygate.jar
EOF
chmod +x "$broot/mvnw"
run "$JDK17" "$broot/bin/readygate" --version
check "missing jar is built" 0 $?
[ "$(cat "$work/out")" = stand-in ] && grep -q 'building' "$work/err" && ok "build messages go to stderr" || no "build messages go to stderr" "$(cat "$work/out")"
run "$JDK17" env READYGATE_JAR="$work/none.jar" "$root/bin/readygate" --version
check "READYGATE_JAR that does not exist: exit 4" 4 $?
run "$JDK17" env READYGATE_JAR="$work/readygate.jar" "$broot/bin/readygate" --version
check "READYGATE_JAR is used" 0 $?

# ---- the launcher's own variables do not reach the CLI (it rejects unknown READYGATE_* names)
run "$JDK17" env READYGATE_JAR="$work/readygate.jar" READYGATE_JAVA_OPTS=-Xmx48m READYGATE_AOT=off \
  READYGATE_TIMEOUT=5s "$root/bin/readygate" env
[ "$(cat "$work/out")" = READYGATE_TIMEOUT ] && ok "launcher variables unset, CLI variables kept" || no "launcher variables unset" "$(cat "$work/out")"

# ---- exec: signals reach the JVM ---------------------------------------------------------------
JAVA_HOME=$JDK17 "$root/bin/readygate" wait --timeout 20s "$refused" >/dev/null 2>&1 &
pid=$!
sleep 1
comm=$(cat "/proc/$pid/comm" 2>/dev/null)
kill -TERM "$pid"
wait "$pid"
rc=$?
[ "$comm" = java ] && ok "the launcher execs java (same pid)" || no "the launcher execs java" "comm=$comm"
check "SIGTERM reaches the JVM (exit 143)" 143 "$rc"

# ---- -- COMMAND: the JVM only waits, the launcher execs the command -----------------------------
JAVA_HOME=$JDK17 "$root/bin/readygate" wait "$ready" -- sh -c 'echo $$ >"$1"; exit 42' sh "$work/pid" >"$work/out" 2>"$work/err" &
pid=$!
wait "$pid"
check "-- COMMAND: the command's exit code" 42 $?
[ "$(cat "$work/pid" 2>/dev/null)" = "$pid" ] && ok "-- COMMAND: the command has the launcher's pid" || no "-- COMMAND: pid" "$(cat "$work/pid" 2>/dev/null) != $pid"
rm -f "$work/pid"
run "$JDK17" "$root/bin/readygate" wait --timeout 1s "$refused" -- sh -c 'echo RAN'
check "-- COMMAND: blocked exits 1" 1 $?
grep -q RAN "$work/out" && no "-- COMMAND: blocked does not run the command" || ok "-- COMMAND: blocked does not run the command"
run "$JDK17" "$root/bin/readygate" --version -- sh -c 'echo RAN'
check "-- COMMAND: exit 0 without the JVM's 254 is passed through" 0 $?
grep -q RAN "$work/out" && no "-- COMMAND: exit 0 is not an exec" || ok "-- COMMAND: exit 0 is not an exec"
run "$JDK17" "$root/bin/readygate" wait "$ready" -- no-such-command-here
check "-- COMMAND: not found exits 127" 127 $?
grep -q "cannot run 'no-such-command-here': command not found" "$work/err" && ok "-- COMMAND: not found is readygate's one line" || no "-- COMMAND: not found message" "$(cat "$work/err")"
printf 'from stdin\n' | JAVA_HOME=$JDK17 "$root/bin/readygate" wait "$ready" -- cat >"$work/out" 2>"$work/err"
[ "$(cat "$work/out")" = "ready
from stdin" ] && ok "-- COMMAND: stdin reaches the command" || no "-- COMMAND: stdin" "$(cat "$work/out")"

# ---- JDK 25: AOT cache -------------------------------------------------------------------------
if [ -x "$JDK25/bin/java" ]; then
  rm -f "$root/target"/*.aot
  run "$JDK25" "$root/bin/readygate" wait "$ready"
  check "jdk25 first run (no cache yet)" 0 $?
  [ ! -s "$work/err" ] && ok "jdk25 first run: stderr empty" || no "jdk25 first run: stderr empty" "$(cat "$work/err")"
  sleep 3
  ls "$root/target"/readygate-*.aot >/dev/null 2>&1 && no "jdk25: no background training without READYGATE_AOT=train" \
    || ok "jdk25: no background training without READYGATE_AOT=train"
  run "$JDK25" env READYGATE_AOT=train "$root/bin/readygate" wait "$ready"
  check "jdk25: READYGATE_AOT=train trains, then runs" 0 $?
  cache=$(ls "$root/target"/readygate-*.aot 2>/dev/null)
  [ -n "$cache" ] && ok "jdk25: cache trained when asked ($(basename "$cache"))" || no "jdk25: cache trained"
  ls -d "$root/target"/*.lock >/dev/null 2>&1 && no "jdk25: lock removed" || ok "jdk25: lock removed"
  run "$JDK25" "$root/bin/readygate" wait "$ready"
  check "jdk25 run with the cache" 0 $?
  [ ! -s "$work/err" ] && ok "jdk25 with cache: stderr empty" || no "jdk25 with cache: stderr empty" "$(cat "$work/err")"
  # The launcher silences AOT logging, so check with AOTMode=on (fails if the cache is unusable).
  JAVA_HOME=$JDK25 "$JDK25/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=4 -Xss512k -Xmx64m \
    -XX:+UnlockDiagnosticVMOptions -XX:AsyncDeflationInterval=2000 -XX:-AOTReplayTraining -XX:AOTMode=on -XX:AOTCache="$cache" -jar "$root/target/readygate.jar" --version >/dev/null 2>&1
  check "jdk25: the cache is accepted by the JVM (AOTMode=on)" 0 $?
  # A garbage file under the cache's name: the JVM must stay quiet and just run.
  cp "$cache" "$work/good.aot"
  echo garbage >"$cache"
  run "$JDK25" "$root/bin/readygate" wait "$ready"
  check "jdk25: garbage cache still runs" 0 $?
  [ ! -s "$work/err" ] && ok "jdk25: garbage cache is silent" || no "jdk25: garbage cache is silent" "$(cat "$work/err")"
  # A rebuilt jar gets another key: the old cache is not used, and is replaced by the next training.
  cp "$work/good.aot" "$cache"
  touch -d '2001-01-01 00:00:00' "$root/target/readygate.jar"
  run "$JDK25" "$root/bin/readygate" wait "$ready"
  check "jdk25: rebuilt jar runs" 0 $?
  run "$JDK25" env READYGATE_AOT=train "$root/bin/readygate" --version
  check "jdk25: rebuilt jar, READYGATE_AOT=train" 0 $?
  new=$(ls "$root/target"/readygate-*.aot 2>/dev/null)
  [ -n "$new" ] && [ "$new" != "$cache" ] && ok "jdk25: rebuilt jar gets a new cache, the stale one is removed" || no "jdk25: rekey" "old=$cache new=$new"
  # Other options (a different heap) get another cache (one cache per jar and JDK is kept).
  run "$JDK25" env READYGATE_JAVA_OPTS=-Xmx48m READYGATE_AOT=train "$root/bin/readygate" --version
  check "jdk25: READYGATE_AOT=train" 0 $?
  other=$(ls "$root/target"/readygate-*.aot 2>/dev/null)
  [ -f "$other" ] && [ "$other" != "$new" ] && ok "jdk25: other JVM options, other cache" || no "jdk25: other JVM options, other cache" "$other"
  # Read-only jar directory: the cache goes to $XDG_CACHE_HOME/readygate.
  # (as root, a directory is read-only only when immutable: chattr +i)
  if [ "$(id -u)" != 0 ]; then
    chmod a-w "$root/target" && ro=mode
  elif chattr +i "$root/target" 2>/dev/null; then
    ro=attr
  else
    ro=
  fi
  if [ -n "$ro" ]; then
    run "$JDK25" env XDG_CACHE_HOME="$work/xdg" READYGATE_AOT=train "$root/bin/readygate" --version
    rc=$?
    if [ "$ro" = mode ]; then chmod u+w "$root/target"; else chattr -i "$root/target"; fi
    check "jdk25: read-only target/ still runs" 0 "$rc"
    ls "$work/xdg/readygate"/readygate-*.aot >/dev/null 2>&1 && ok "jdk25: read-only target/ -> XDG cache" || no "jdk25: XDG cache" "$(cat "$work/err")"
  else
    printf 'skip jdk25: read-only target/ (root without chattr)\n'
  fi
  run "$JDK25" env READYGATE_JAVA_OPTS=-Xshare:off "$root/bin/readygate" --version
  check "jdk25: -Xshare in READYGATE_JAVA_OPTS turns the AOT cache off (no VM error)" 0 $?
else
  printf 'skip JDK 25 cases: no %s\n' "$JDK25/bin/java"
fi

printf '%s passed, %s failed\n' "$pass" "$fail"
[ "$fail" -eq 0 ]
