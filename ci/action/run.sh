#!/usr/bin/env bash
# The GitHub Action's screen step (action.yml), runnable outside GitHub.
#
# Inputs, from the environment (action.yml maps its inputs to these):
#   INPUT_FILES     globs, separated by spaces or newlines, relative to $GITHUB_WORKSPACE
#                   (`**` works where bash has globstar); a glob that matches nothing is an error
#   INPUT_FORMAT    --format (default github: annotations on stdout)
#   INPUT_FAIL_ON   --fail-on; empty: presumed, or fail_on in uflpa.toml
#   INPUT_BASELINE  --baseline FILE (optional)
#   INPUT_CONFIG    --config FILE (optional)
#   INPUT_ARGS      more arguments for `uflpa-screen screen`, split like a shell does words
#                   (quotes and backslashes work; no variables, no globs)
#   UFLPA_SCREEN    the binary (default: uflpa-screen on PATH)
#
# Writes exit-code, presumed, review, clear, rejected and json (the path of the run's JSON
# document) to $GITHUB_OUTPUT. The job summary ($GITHUB_STEP_SUMMARY) is the binary's; if it
# wrote none, a short one with the counts is written here.
# Exit code: the binary's (0 pass, 1 findings at or above fail-on, 2 error); 2 on bad inputs.
set -euo pipefail

bin=${UFLPA_SCREEN:-uflpa-screen}
format=${INPUT_FORMAT:-github}

err() {
  echo "::error title=uflpa-screen::$*"
  echo "run.sh: $*" >&2
}

output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1" >>"$GITHUB_OUTPUT"; fi
}

fail_early() { # an input error: exit 2 like the binary, with the outputs still set
  err "$*"
  output "exit-code=2"
  exit 2
}

if [ -n "${GITHUB_WORKSPACE:-}" ]; then
  cd "$GITHUB_WORKSPACE" || fail_early "cannot enter GITHUB_WORKSPACE=$GITHUB_WORKSPACE"
fi

# Files: each whitespace-separated word of INPUT_FILES is a glob.
shopt -s nullglob
shopt -s globstar 2>/dev/null || true # bash 4+; macOS's /bin/bash 3.2 has no `**`
files=()
unmatched=()
set -f
# shellcheck disable=SC2206 # splitting on whitespace is the point; globbing is off here
patterns=(${INPUT_FILES:-})
set +f
[ ${#patterns[@]} -gt 0 ] || fail_early "the 'files' input is empty: give one or more globs"
expand() { # the glob $1 into matches[], without splitting the names it yields
  local IFS=''
  # shellcheck disable=SC2206 # unquoted on purpose: this is the glob expansion
  matches=($1)
}
for pattern in "${patterns[@]}"; do
  expand "$pattern"
  if [ ${#matches[@]} -eq 0 ]; then
    unmatched+=("$pattern")
  else
    files+=("${matches[@]}")
  fi
done
shopt -u nullglob
[ ${#unmatched[@]} -eq 0 ] || fail_early "no file matches: ${unmatched[*]} (globs are relative to ${GITHUB_WORKSPACE:-$PWD})"

# Extra arguments, split with quotes honoured and nothing expanded (xargs' quoting rules).
extra=()
args=${INPUT_ARGS:-}
if [ -n "${args//[[:space:]]/}" ]; then
  split=$(mktemp)
  if ! printf '%s\n' "$args" | xargs printf '%s\0' >"$split"; then
    rm -f "$split"
    fail_early "cannot split the 'args' input (unbalanced quotes?): $args"
  fi
  while IFS= read -r -d '' a; do extra+=("$a"); done <"$split"
  rm -f "$split"
fi

# The JSON document (the --format json shape) is written beside the chosen format by
# --write-json, in the same screening pass, without changing the exit code; the counts come
# from it. If the extra arguments already write one (--write-json, or --write-baseline, which
# accepts every finding and so exits 0), that file is read instead.
json=
for ((i = 0; i < ${#extra[@]}; i++)); do
  case ${extra[i]} in
    --write-json | --write-baseline) json=${extra[i + 1]:-} ;;
    --write-json=*) json=${extra[i]#--write-json=} ;;
    --write-baseline=*) json=${extra[i]#--write-baseline=} ;;
  esac
done
cmd=("$bin" screen --format "$format")
if [ -n "${INPUT_FAIL_ON:-}" ]; then cmd+=(--fail-on "$INPUT_FAIL_ON"); fi
if [ -n "${INPUT_BASELINE:-}" ]; then cmd+=(--baseline "$INPUT_BASELINE"); fi
if [ -n "${INPUT_CONFIG:-}" ]; then cmd+=(--config "$INPUT_CONFIG"); fi
if [ -z "$json" ]; then
  tmp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
  json=$tmp/uflpa-screen-${GITHUB_RUN_ID:-local}-$$.json
  rm -f "$json"
  cmd+=(--write-json "$json")
fi
# ${a[@]+"${a[@]}"}: an empty array under set -u in bash 3.2 (macOS) is otherwise an error.
cmd+=(${extra[@]+"${extra[@]}"} -- "${files[@]}")

summary_before=0
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$GITHUB_STEP_SUMMARY" ]; then
  summary_before=$(wc -c <"$GITHUB_STEP_SUMMARY" | tr -d ' ')
fi

echo "uflpa-screen: ${cmd[*]}" >&2
set +e
"${cmd[@]}"
code=$?
set -e
output "exit-code=$code"

# Counts from the JSON document's summary.verdicts (jq on GitHub's runners, else python3).
counts=
if [ -s "$json" ]; then
  if command -v jq >/dev/null 2>&1; then
    counts=$(jq -r '.summary as $s | [($s.verdicts.presumed // 0), ($s.verdicts.review // 0), ($s.verdicts.clear // 0), ($s.rejected // 0)] | @tsv' "$json") || counts=
  else
    py=
    for p in python3 python; do
      if command -v "$p" >/dev/null 2>&1; then py=$p && break; fi
    done
    if [ -n "$py" ]; then
      counts=$("$py" -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; v=s.get("verdicts",{}); print("\t".join(str(x) for x in (v.get("presumed",0), v.get("review",0), v.get("clear",0), s.get("rejected",0))))' "$json") || counts=
    fi
  fi
  [ -n "$counts" ] || err "cannot read the counts from $json (needs jq or python3)"
elif [ "$code" -ne 2 ]; then
  err "the run wrote no JSON document at $json"
fi
if [ -n "$counts" ]; then
  IFS=$'\t' read -r presumed review clear rejected <<<"$counts"
  output "presumed=$presumed"
  output "review=$review"
  output "clear=$clear"
  output "rejected=$rejected"
  output "json=$json"
fi

# Job summary: the binary appends its own when GITHUB_STEP_SUMMARY is set; write a short one
# only if it did not.
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  summary_after=0
  if [ -f "$GITHUB_STEP_SUMMARY" ]; then
    summary_after=$(wc -c <"$GITHUB_STEP_SUMMARY" | tr -d ' ')
  fi
  if [ "$summary_after" = "$summary_before" ]; then
    case $code in
      0) result="passed: nothing at or above fail-on" ;;
      1) result="**failed**: findings at or above fail-on" ;;
      *) result="**error** (exit $code): see the log" ;;
    esac
    {
      echo "### uflpa-screen"
      echo
      echo "Result: $result. Files: ${#files[@]}."
      if [ -n "$counts" ]; then
        echo
        echo "| presumed | review | clear | rejected rows |"
        echo "|---:|---:|---:|---:|"
        echo "| $presumed | $review | $clear | $rejected |"
      fi
    } >>"$GITHUB_STEP_SUMMARY"
  fi
fi

exit "$code"
