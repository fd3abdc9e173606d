#!/usr/bin/env bash
# Runs every fuzz target of the module (every Fuzz* function that
# `go test -list` finds, in any package) for a bounded time each:
# FUZZTIME (default 10s). Seed corpora in each package's testdata/fuzz run
# first; a failing input is written there, so that `go test` replays it.
# Usage: scripts/fuzz.sh [package pattern ...]   (default ./...)
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZTIME=${FUZZTIME:-10s}
GO=${GO:-go}
patterns=("$@")
[ ${#patterns[@]} -gt 0 ] || patterns=(./...)

# go test -list prints a package's matching names, then its "ok <pkg>" line.
targets=$("$GO" test -list '^Fuzz' "${patterns[@]}" | awk '
  /^Fuzz/ { t[n++] = $1; next }
  /^ok/   { for (i = 0; i < n; i++) print $2, t[i]; n = 0 }')
if [ -z "$targets" ]; then
  echo "fuzz: no fuzz targets found in ${patterns[*]}" >&2
  exit 1
fi

# A run that fails with only "context deadline exceeded" and writes no
# failing input is Go's own race at the end of -fuzztime
# (https://go.dev/issue/75804, in go1.26, fixed in go1.27), not a finding:
# such a target is run once more, and counted as failed only if it then
# fails otherwise or writes an input.
fuzz_once() { # pkg target log -> exit status of go test
  "$GO" test -run '^$' -fuzz "^${2}\$" -fuzztime "$FUZZTIME" "$1" 2>&1 | tee "$3"
  return "${PIPESTATUS[0]}"
}
corpus_count() { # pkg target -> number of files in its testdata/fuzz/target
  local dir
  dir=$("$GO" list -f '{{.Dir}}' "$1")/testdata/fuzz/$2
  if [ -d "$dir" ]; then find "$dir" -type f | wc -l; else echo 0; fi
}
deadline_race() { # log before after -> true if the run hit only the race
  [ "$2" = "$3" ] && grep -q '^    context deadline exceeded$' "$1" && ! grep -q 'Failing input written' "$1"
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
total=0
failed=()
while read -r pkg target; do
  total=$((total + 1))
  echo "fuzz: $pkg $target for $FUZZTIME"
  before=$(corpus_count "$pkg" "$target")
  if fuzz_once "$pkg" "$target" "$log"; then
    continue
  fi
  if deadline_race "$log" "$before" "$(corpus_count "$pkg" "$target")"; then
    echo "fuzz: $pkg $target stopped on Go's fuzztime deadline race (go.dev/issue/75804), no input written; once more"
    if fuzz_once "$pkg" "$target" "$log" || deadline_race "$log" "$before" "$(corpus_count "$pkg" "$target")"; then
      continue
    fi
  fi
  failed+=("$pkg $target")
done <<<"$targets"

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${#failed[@]} of $total targets found failures (inputs saved under testdata/fuzz):" >&2
  printf '  %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "fuzz: all $total targets ran $FUZZTIME each without failure"
