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

total=0
failed=()
while read -r pkg target; do
  total=$((total + 1))
  echo "fuzz: $pkg $target for $FUZZTIME"
  if ! "$GO" test -run '^$' -fuzz "^${target}\$" -fuzztime "$FUZZTIME" "$pkg"; then
    failed+=("$pkg $target")
  fi
done <<<"$targets"

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${#failed[@]} of $total targets found failures (inputs saved under testdata/fuzz):" >&2
  printf '  %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "fuzz: all $total targets ran $FUZZTIME each without failure"
