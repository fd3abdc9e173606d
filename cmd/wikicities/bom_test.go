package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
)

// `export --bom` starts every CSV export (to standard output or a file)
// with a UTF-8 byte-order mark, so that Excel on Windows reads Düsseldorf
// as written; without it the file is plain RFC 4180, and a BOM asked of
// another format is a usage error.
func TestExportBOMStartsCSVFilesForExcel(t *testing.T) {
	dir, run := twoCityStore(t, &wikicities.City{Name: "Düsseldorf", Country: "Germany"}, &wikicities.City{Name: "القاهرة", Country: "Egypt"}, "WikiDUS")
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
