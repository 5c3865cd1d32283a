#!/usr/bin/env bash
# readygate action: runs `readygate wait` with the action's inputs and exits with its exit code.
#
# Inputs arrive as environment variables (INPUT_*, set by action.yml's env:), never spliced into
# this script, and become one bash array: whatever a target holds (; $(...) `...` quotes), it
# is one argument to readygate, which says what is wrong with it.
#   targets, from    one per line; blank lines and lines starting with # are skipped
#   config, timeout, attempt-timeout, interval, successes, stable-for
#                    one value each; empty: not passed (the config file or the default decides)
#   fail-fast        true or false
#   args             split like xargs splits its input: at blanks and newlines; '...' and "..."
#                    group; outside quotes \ makes the next character literal; nothing is
#                    expanded or run
# The JSON report goes to a new directory under RUNNER_TEMP (output `report`); readygate itself
# writes `ready` and `duration` to GITHUB_OUTPUT and the annotations and job summary.
set -uo pipefail

# An ::error annotation (its text escaped as workflow commands require: % CR LF), then exit 2.
usage_error() {
  local text=$*
  text=${text//'%'/%25}
  text=${text//$'\r'/%0D}
  text=${text//$'\n'/%0A}
  printf '::error title=readygate::%s\n' "$text"
  exit 2
}

args=(wait)

# Appends "OPTION LINE" for each non-blank line of $2 (or the line alone when $1 is empty).
add_lines() {
  local option=$1 text=$2 line
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    line=${line#"${line%%[![:space:]]*}"}
    line=${line%"${line##*[![:space:]]}"}
    case $line in '' | '#'*) continue ;; esac
    if [ -n "$option" ]; then
      args+=("$option" "$line")
    else
      case $line in -*) usage_error "targets: '$line' starts with '-'; options go in the args input" ;; esac
      targets+=("$line")
    fi
  done <<<"$text"
}

targets=()
add_lines '' "${INPUT_TARGETS:-}"
add_lines --from "${INPUT_FROM:-}"
[ -z "${INPUT_CONFIG:-}" ] || args+=(--config "$INPUT_CONFIG")
[ -z "${INPUT_TIMEOUT:-}" ] || args+=(--timeout "$INPUT_TIMEOUT")
[ -z "${INPUT_ATTEMPT_TIMEOUT:-}" ] || args+=(--attempt-timeout "$INPUT_ATTEMPT_TIMEOUT")
[ -z "${INPUT_INTERVAL:-}" ] || args+=(--interval "$INPUT_INTERVAL")
[ -z "${INPUT_SUCCESSES:-}" ] || args+=(--successes "$INPUT_SUCCESSES")
[ -z "${INPUT_STABLE_FOR:-}" ] || args+=(--stable-for "$INPUT_STABLE_FOR")
case ${INPUT_FAIL_FAST:-false} in
  true) args+=(--fail-fast) ;;
  false | '') ;;
  *) usage_error "fail-fast: '$INPUT_FAIL_FAST' is neither true nor false" ;;
esac

report_dir=$(mktemp -d "${RUNNER_TEMP:-/tmp}/readygate.XXXXXX") || exit 4
report=$report_dir/report.json
args+=(--report "$report")

case ${INPUT_ARGS:-} in
  *[![:space:]]*)
    split=$report_dir/args
    if ! printf '%s\n' "$INPUT_ARGS" | xargs printf '%s\0' >"$split" 2>"$split.err"; then
      usage_error "args: $(cat "$split.err")"
    fi
    while IFS= read -r -d '' arg; do
      args+=("$arg")
    done <"$split"
    rm -f -- "$split" "$split.err"
    ;;
esac

printf 'report=%s\n' "$report" >>"$GITHUB_OUTPUT"
# targets last, so that they follow every option (readygate takes them anywhere)
exec "$GITHUB_ACTION_PATH/bin/readygate" "${args[@]}" ${targets[@]+"${targets[@]}"}
