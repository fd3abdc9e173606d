package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The unique index of migration 00030 (one live partnership per pair)
// spells the live states in SQL. The queries build theirs from
// wikicities.LiveStates; should that list change, the index must change with
// it, in a new migration.
func TestLiveStatesSQLIsTheUniqueIndexOfMigration30(t *testing.T) {
	if liveStatesSQL != "('proposed', 'accepted', 'active', 'dormant')" {
		t.Errorf("liveStatesSQL = %s", liveStatesSQL)
	}
	for _, dialect := range []Dialect{SQLite, Postgres} {
		b, err := os.ReadFile(filepath.Join("migrations", string(dialect), "00030_partnerships.sql"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "WHERE state IN "+liveStatesSQL+";") {
			t.Errorf("%s migration 00030: its unique index of live pairs is not over %s (wikicities.LiveStates): add a migration that recreates it", dialect, liveStatesSQL)
		}
	}
}
