package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
)

// `export --bom` starts every CSV export (to standard output or a file)
// with a UTF-8 byte-order mark, so that Excel on Windows reads Düsseldorf
// as written; without it the file is plain RFC 4180, and a BOM asked of
// another format is a usage error.
func TestExportBOMStartsCSVFilesForExcel(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(context.Background(), filepath.Join(dir, "wikicities.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx := wikicities.NewContext(context.Background(), wikicities.System)
	a, b := &wikicities.City{Name: "Düsseldorf", Country: "Germany"}, &wikicities.City{Name: "القاهرة", Country: "Egypt"}
	for _, c := range []*wikicities.City{a, b} {
		if err := db.Cities().CreateCity(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	db.Cities().AddTwinLink(ctx, &wikicities.TwinLink{A: a.ID, B: b.ID, Source: wikicities.SourceManual})
	if err := db.Communities().CreateCommunity(ctx, &wikicities.Community{Kind: wikicities.KindUserGroup, Name: "WikiDUS", CityID: a.ID}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	run := func(args ...string) (string, error) {
		var out, errb bytes.Buffer
		err := Run(context.Background(), append(args, "--data-dir", dir), strings.NewReader(""), &out, &errb)
		return out.String(), err
	}
	const bom = "\uFEFF"
	for _, what := range []string{"communities", "twins", "reports", "worklist"} {
		out, err := run("export", what, "--bom")
		if err != nil || !strings.HasPrefix(out, bom) || strings.Count(out, bom) != 1 {
			t.Errorf("export %s --bom: %v, starts %q, want one BOM first", what, err, out[:min(len(out), 12)])
		}
		file := filepath.Join(dir, what+".csv")
		if _, err := run("export", what, "--bom", "-o", file); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(file); !bytes.HasPrefix(b, []byte(bom)) {
			t.Errorf("export %s --bom -o: starts %q, want the BOM", what, b[:min(len(b), 12)])
		}
		if out, err := run("export", what); err != nil || strings.HasPrefix(out, bom) {
			t.Errorf("export %s: %v, starts %q, want no BOM", what, err, out[:min(len(out), 12)])
		}
	}
	if out, _ := run("export", "twins", "--bom"); !strings.Contains(out, "Düsseldorf") || !strings.Contains(out, "القاهرة") {
		t.Errorf("export twins --bom lost the names:\n%s", out)
	}
	if _, err := run("export", "twins", "--bom", "--format", "geojson"); err == nil || !strings.Contains(err.Error(), "--bom") {
		t.Errorf("--bom with geojson: %v, want a usage error naming --bom", err)
	}
}
