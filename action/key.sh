#!/usr/bin/env bash
# readygate action, step 1: the cache key of the jar, from the action's own build inputs (pom.xml,
# the Maven wrapper, src/main), and where the jar lives: $RUNNER_TOOL_CACHE/readygate/<hash>.
# Outputs: key, dir, jar. hashFiles() cannot be used: it only sees files under GITHUB_WORKSPACE,
# and an action used as owner/readygate@v1 lives outside it.
set -euo pipefail
cd "$GITHUB_ACTION_PATH"

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum
  else
    shasum -a 256
  fi
}

hash=$(
  {
    printf '%s\n' pom.xml mvnw .mvn/wrapper/maven-wrapper.properties
    find src/main -type f | LC_ALL=C sort
  } | while IFS= read -r f; do
    printf '%s\0' "$f"
    cat -- "$f"
  done | sha256
)
hash=${hash%% *}
dir=${RUNNER_TOOL_CACHE:-$RUNNER_TEMP}/readygate/$hash
{
  printf 'key=readygate-jar-%s\n' "$hash"
  printf 'dir=%s\n' "$dir"
  printf 'jar=%s\n' "$dir/readygate.jar"
} >>"$GITHUB_OUTPUT"
