#!/usr/bin/env bash
# Checks the module's dependencies and the Go toolchain against the Go
# vulnerability database with govulncheck (symbol-level: only vulnerable code
# that is actually reachable is reported).
#
# The database is online only: https://vuln.go.dev. No package registry this
# project can use ships it (checked: the Go module proxy refuses
# golang.org/x/vulndb; the npm "osv-offline" packages download their data at
# run time; Debian has govulncheck but not the database). So:
#   - WIKICITIES_VULN_DB=file:///path/to/mirror uses an offline copy (the
#     layout of vuln.go.dev: index/db.json, index/modules.json, ID/*.json);
#   - otherwise the online database is used when it answers;
#   - when it does not, the check is SKIPPED, said loudly, and the script
#     exits 0, unless VULN_REQUIRED=1 (then it fails).
# Found vulnerabilities always fail (govulncheck exits 3).
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
VERSION=${GOVULNCHECK_VERSION:-v1.8.0}
DB=${WIKICITIES_VULN_DB:-https://vuln.go.dev}

out=$(mktemp)
trap 'rm -f "$out"' EXIT
set +e
"$GO" run "golang.org/x/vuln/cmd/govulncheck@$VERSION" -db "$DB" ./... >"$out" 2>&1
rc=$?
set -e
if [ $rc -ne 0 ] && grep -q "fetching vulnerabilities" "$out"; then
  cat "$out" >&2
  echo "vuln: SKIPPED: the Go vulnerability database at $DB cannot be reached from this machine;" >&2
  echo "vuln:          nothing was checked. Set WIKICITIES_VULN_DB=file:///mirror for an offline copy." >&2
  [ "${VULN_REQUIRED:-0}" = 1 ] && exit 1
  exit 0
fi
cat "$out"
if [ $rc -eq 0 ]; then
  echo "vuln: govulncheck $VERSION found no reachable vulnerability (database $DB)"
fi
exit $rc
