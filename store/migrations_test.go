package store

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// sumsFile lists the SHA-256 of every landed migration, in sha256sum's
// format, relative to the migrations directory.
const sumsFile = "migrations/SHA256SUMS"

// TestLandedMigrationsNeverChange fails when a migration listed in
// migrations/SHA256SUMS was edited or removed, and when a migration is not
// listed yet. A store that ran a migration never runs it again, so an edit
// reaches only new stores and the schemas drift apart: change the schema
// with a new migration instead.
func TestLandedMigrationsNeverChange(t *testing.T) {
	want := readSums(t)
	have := map[string]string{}
	for _, dialect := range []Dialect{SQLite, Postgres} {
		files, err := filepath.Glob(filepath.Join("migrations", string(dialect), "*"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(b)
			have[filepath.ToSlash(strings.TrimPrefix(f, "migrations"+string(filepath.Separator)))] = hex.EncodeToString(sum[:])
		}
	}
	for _, name := range sortedKeys(want) {
		switch got, ok := have[name]; {
		case !ok:
			t.Errorf("store/migrations/%s is listed in %s but gone: a landed migration is never removed (stores have run it); restore it", name, sumsFile)
		case got != want[name]:
			t.Errorf("store/migrations/%s was edited after it landed (sha256 %s, listed %s): landed migrations never change, since stores that ran it will not run it again; restore it (git checkout main -- store/migrations/%s) and add a new migration instead", name, got, want[name], name)
		}
	}
	for _, name := range sortedKeys(have) {
		if _, ok := want[name]; !ok {
			t.Errorf("store/migrations/%s is not listed in %s: once it is final, add it with\n\t(cd store/migrations && sha256sum %s >> SHA256SUMS)", name, sumsFile, name)
		}
	}
}

// TestMigrationsExistInBothDialects fails when a migration is written for
// one backend only: the two schemas must stay at the same versions.
func TestMigrationsExistInBothDialects(t *testing.T) {
	names := map[Dialect][]string{}
	for _, dialect := range []Dialect{SQLite, Postgres} {
		entries, err := os.ReadDir(filepath.Join("migrations", string(dialect)))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			names[dialect] = append(names[dialect], e.Name())
		}
	}
	for _, n := range names[SQLite] {
		if !slices.Contains(names[Postgres], n) {
			t.Errorf("migration %s exists for sqlite, not for postgres", n)
		}
	}
	for _, n := range names[Postgres] {
		if !slices.Contains(names[SQLite], n) {
			t.Errorf("migration %s exists for postgres, not for sqlite", n)
		}
	}
}

func readSums(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(sumsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sums := map[string]string{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		sum, name, ok := strings.Cut(text, "  ")
		if !ok || len(sum) != 64 {
			t.Fatalf("%s:%d: want \"<sha256>  <dialect>/<file>\", got %q", sumsFile, line, text)
		}
		if _, dup := sums[name]; dup {
			t.Fatalf("%s:%d: %s is listed twice", sumsFile, line, name)
		}
		sums[name] = sum
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return sums
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
