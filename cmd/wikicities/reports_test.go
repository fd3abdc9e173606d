package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
)

// `wikicities export reports` writes the country table as CSV, a country
// named like a formula neutralised, or as JSON; a bad format is a usage
// error naming the field.
func TestExportReports(t *testing.T) {
	_, run := twoCityStore(t, &wikicities.City{Name: "Lyon", Country: "France"}, &wikicities.City{Name: "Nowhere", Country: "=cmd"}, "WM Lyon")

	out, err := run("export", "reports", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][1] != "country" {
		t.Fatalf("rows: %q", rows)
	}
	// France (Northern and Western Europe) first, the unknown region last.
	if got := strings.Join(rows[1][:8], ","); got != "nwe,France,France,1,1,0,1,1" {
		t.Errorf("France: %s", got)
	}
	if got := strings.Join(rows[2][:4], ","); got != "unknown,'=cmd,'=cmd,1" {
		t.Errorf("formula country: %s", got)
	}

	out, err = run("export", "reports", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Countries []struct{ Name string }
		Total     struct {
			Cities          int `json:"cities"`
			CitiesToRecruit int `json:"cities_to_recruit"`
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Countries) != 2 || doc.Total.Cities != 2 || doc.Total.CitiesToRecruit != 1 {
		t.Errorf("json: %v %+v\n%s", err, doc, out)
	}

	// Errors name the flag typed, and an unknown export lists every one
	// (reports and worklist were missing from the list).
	for args, want := range map[string]string{
		"export reports --format geojson": `export reports: --format "geojson" is not one of csv, json`,
		"export twins --format xlsx":      `export twins: --format "xlsx" is not one of csv, json, geojson`,
		"export tw":                       `export: "tw" is not communities, institutions, twins, reports or worklist`,
	} {
		if _, err := run(strings.Fields(args)...); err == nil || err.Error() != want || exitCode(err) != 2 {
			t.Errorf("%s: %v, want %q", args, err, want)
		}
	}
}

// twoCityStore makes an SQLite store in a temporary directory with the
// twin cities a and b and a user group named group in a, and returns the
// directory and a runner of the command line on it.
func twoCityStore(t *testing.T, a, b *wikicities.City, group string) (string, func(args ...string) (string, error)) {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(context.Background(), filepath.Join(dir, "wikicities.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx := wikicities.NewContext(context.Background(), wikicities.System)
	for _, c := range []*wikicities.City{a, b} {
		if err := db.Cities().CreateCity(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Cities().AddTwinLink(ctx, &wikicities.TwinLink{A: a.ID, B: b.ID, Source: wikicities.SourceManual}); err != nil {
		t.Fatal(err)
	}
	if err := db.Communities().CreateCommunity(ctx, &wikicities.Community{Kind: wikicities.KindUserGroup, Name: group, CityID: a.ID}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	return dir, func(args ...string) (string, error) {
		var out, errb bytes.Buffer
		err := Run(context.Background(), append(args, "--data-dir", dir), strings.NewReader(""), &out, &errb)
		return out.String(), err
	}
}
