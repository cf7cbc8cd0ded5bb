#!/usr/bin/env bash
# Proves that the tests leave no trace in the checkout (issue 12: acts, imports and photos piled up
# under var/private/, the SQLite test database lived in var/). CI takes a snapshot before the tests
# and compares after them; anything new, changed or gone is listed and fails the run.
#   scripts/check_no_trace.sh snapshot FILE   record every file git sees, ignored ones included
#   scripts/check_no_trace.sh compare FILE    fail, listing the differences, if the checkout changed
# Left out: .venv/ (the test script installs into it) and .ruff_cache/ (the linter's, which CI runs
# between the two test runs).
set -euo pipefail
cd "$(dirname "$0")/.."

files() {
  # One line a file, with its modification time and size, so a file rewritten in place counts too
  # (a test database recreated at the same path looks unchanged to `git status` alone).
  git status --porcelain --ignored --untracked-files=all -z -- . ':(exclude).venv' ':(exclude).venv/**' ':(exclude).ruff_cache/**' |
    while IFS= read -r -d '' entry; do
      path=${entry:3}
      printf '%s %s\n' "${entry:0:2}" "$(stat -c '%Y %s' -- "$path" 2>/dev/null || echo deleted) $path"
    done | sort -k4
}

case "${1:-}" in
  snapshot)
    files >"$2"
    ;;
  compare)
    if ! changes=$(diff "$2" <(files)); then
      echo "The tests left a trace in the checkout (< before, > after):" >&2
      echo "$changes" | grep '^[<>]' >&2
      exit 1
    fi
    echo "The tests left no trace in the checkout."
    ;;
  *)
    echo "usage: $0 snapshot|compare FILE" >&2
    exit 2
    ;;
esac
