#!/usr/bin/env bash
# readygate action: builds the jar ($JAR) from the action's own source when the cache missed.
# The build runs in a copy under RUNNER_TEMP, so the action's directory (the workspace itself
# with `uses: ./`) gets no target/; the jar is moved into place whole, never half-written.
set -euo pipefail
if [ -f "$JAR" ]; then
  printf 'readygate: %s is already built\n' "$JAR"
  exit 0
fi
src=$GITHUB_ACTION_PATH
work=$(mktemp -d "${RUNNER_TEMP:-/tmp}/readygate-build.XXXXXX")
trap 'rm -rf -- "$work"' EXIT
cp -R "$src/pom.xml" "$src/mvnw" "$src/.mvn" "$work/"
mkdir -p "$work/src"
cp -R "$src/src/main" "$work/src/"
printf '::group::readygate: building the jar (once per version; cached)\n'
(cd "$work" && ./mvnw -B -q -DskipTests package)
printf '::endgroup::\n'
[ -f "$work/target/readygate.jar" ] || {
  printf '::error title=readygate::the build did not produce target/readygate.jar\n'
  exit 4
}
mkdir -p -- "${JAR%/*}"
cp -- "$work/target/readygate.jar" "$JAR.$$.tmp"
mv -f -- "$JAR.$$.tmp" "$JAR"
