#!/usr/bin/env bash
# readygate action: finds a Java 17+ on the runner. Candidates, in order: JAVA_HOME, the
# JAVA_HOME_<N>_<ARCH> variables of hosted runners (newest first), `java` on the PATH. When the jar
# ($JAR) is not built yet, a candidate must be a JDK (bin/javac), since the next step builds it.
# Outputs: found=true|false and, when found, home (a JAVA_HOME) and version.
# Plain bash 3.2 (macOS), no tools beyond the candidate java itself.
set -uo pipefail

need_javac=false
[ -f "${JAR:-}" ] || need_javac=true

# Prints the version of the Java at $1 (a JAVA_HOME): its release file, else `java -version`.
java_version() {
  local home=$1 line ver=
  if [ -r "$home/release" ]; then
    while IFS= read -r line; do
      case $line in JAVA_VERSION=*) ver=${line#*=} ;; esac
    done <"$home/release"
    ver=${ver#\"}
    ver=${ver%%\"*}
  fi
  if [ -z "$ver" ]; then
    while IFS= read -r line; do
      case $line in
        *' version "'*)
          ver=${line#*' version "'}
          ver=${ver%%\"*}
          break
          ;;
      esac
    done < <("$home/bin/java" -version 2>&1)
  fi
  printf '%s' "$ver"
}

# Succeeds when $1 is a usable JAVA_HOME (Java 17+, a JDK when one is needed); sets ver.
usable() {
  local home=$1 major
  [ -n "$home" ] && [ -x "$home/bin/java" ] || return 1
  if [ "$need_javac" = true ] && [ ! -x "$home/bin/javac" ]; then
    return 1
  fi
  ver=$(java_version "$home")
  case $ver in 1.*) major=${ver#1.} ;; *) major=$ver ;; esac
  major=${major%%[!0-9]*}
  [ -n "$major" ] && [ "$major" -ge 17 ]
}

# JAVA_HOME_<N>_<ARCH> names, newest N first.
versioned_homes() {
  local name n
  for name in $(compgen -v JAVA_HOME_); do
    n=${name#JAVA_HOME_}
    n=${n%%_*}
    case $n in '' | *[!0-9]*) continue ;; esac
    printf '%s %s\n' "$n" "$name"
  done | sort -rn | while read -r _ name; do printf '%s\n' "$name"; done
}

found=
from=
if usable "${JAVA_HOME:-}"; then
  found=$JAVA_HOME from=JAVA_HOME
else
  for name in $(versioned_homes); do
    if usable "${!name}"; then
      found=${!name} from=$name
      break
    fi
  done
fi
if [ -z "$found" ] && java=$(command -v java 2>/dev/null); then
  # the JAVA_HOME of the java on the PATH: follow the links (/usr/bin/java -> .../bin/java)
  while [ -h "$java" ]; do
    link=$(ls -ld -- "$java")
    link=${link#*' -> '}
    case $link in /*) java=$link ;; *) java=${java%/*}/$link ;; esac
  done
  home=${java%/bin/java}
  if [ "$home" != "$java" ] && usable "$home"; then
    found=$home from="java on the PATH"
  fi
fi

if [ -n "$found" ]; then
  printf 'readygate: using Java %s at %s (%s)\n' "$ver" "$found" "$from"
  printf 'found=true\nhome=%s\nversion=%s\n' "$found" "$ver" >>"$GITHUB_OUTPUT"
else
  what="Java 17+"
  [ "$need_javac" = true ] && what="JDK 17+ (the jar is built on first use)"
  printf 'readygate: no %s on this runner; actions/setup-java installs Temurin 17\n' "$what"
  printf 'found=false\n' >>"$GITHUB_OUTPUT"
fi
