package main

import (
	"context"
	"errors"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
)

// The tests expect English output unless they choose a language.
func TestMain(m *testing.M) {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		os.Unsetenv(v)
	}
	os.Exit(m.Run())
}

// newScratchStore returns the flag selecting a fresh, migrated SQLite store
// holding Munich, twinned with Edinburgh, and WikiMUC in Munich.
func newScratchStore(t *testing.T) (dir string) {
	t.Helper()
	dir = t.TempDir()
	db, err := store.Open(context.Background(), filepath.Join(dir, "wikicities.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx := wikicities.NewContext(context.Background(), wikicities.System)
	munich := &wikicities.City{Name: "Munich", Country: "Germany", Lat: 48.1372, Lng: 11.5755, HasCoords: true}
	edinburgh := &wikicities.City{Name: "Edinburgh", Country: "United Kingdom", Lat: 55.9533, Lng: -3.1883, HasCoords: true}
	for _, c := range []*wikicities.City{munich, edinburgh} {
		if err := db.Cities().CreateCity(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Cities().AddTwinLink(ctx, &wikicities.TwinLink{A: munich.ID, B: edinburgh.ID, Source: wikicities.SourceManual}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*wikicities.Community{
		{Kind: wikicities.KindLocalGroup, Name: "WikiMUC", CityID: munich.ID, Languages: []string{"de", "en"}, SkillsOffered: []string{"editing_training"}},
		{Kind: wikicities.KindUserGroup, Name: "Edinburgh group", CityID: edinburgh.ID, Languages: []string{"en"}, SkillsWanted: []string{"editing_training"}},
	} {
		if err := db.Communities().CreateCommunity(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// An action accepts its own flags and the global ones, nothing else.
func TestEachActionTakesOnlyItsOwnFlags(t *testing.T) {
	dir := newScratchStore(t)
	for _, args := range [][]string{
		{"user", "list", "--days", "3"},
		{"user", "add", "--scope", "write", "Ada"},
		{"community", "add", "--json", "--name", "X"},
		{"request", "list", "--title", "x"},
		{"partnerships", "accept", "1", "--dormant-after", "1h"},
	} {
		out, err := run(t, "", append(args, "--data-dir", dir)...)
		var u usageError
		if !errors.As(err, &u) || !strings.Contains(err.Error()+out, "flag provided but not defined") {
			t.Errorf("wikicities %s: %v %q, want a usage error about the flag", strings.Join(args, " "), err, out)
		}
	}
}

// --data-dir is taken before the command, before the arguments and after
// them, by every command alike.
func TestStoreFlagsGoAnywhere(t *testing.T) {
	dir := newScratchStore(t)
	backup := filepath.Join(t.TempDir(), "backup.db")
	for _, args := range [][]string{
		{"--data-dir", dir, "twins", "Munich"},
		{"twins", "Munich", "--data-dir", dir},
		{"--data-dir=" + dir, "user", "add", "Ada"},
		{"user", "add", "Bea", "--data-dir", dir},
		{"user", "grant", "Ada", "community", "1", "--data-dir", dir},
		{"user", "grant", "--data-dir", dir, "Bea", "community", "1"},
		{"--data-dir", dir, "user", "revoke", "Bea", "community", "1"},
		{"backup", backup, "--data-dir", dir},
		{"--data-dir", dir, "stats"},
		{"suggest", "WikiMUC", "--data-dir", dir},
		{"community", "show", "WikiMUC", "--data-dir", dir, "--json"},
		{"restore", backup, "--data-dir", dir},
	} {
		if out, err := run(t, "", args...); err != nil {
			t.Errorf("wikicities %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	if out := mustRun(t, "", "--data-dir", dir, "user", "list"); !strings.Contains(out, "Ada") || !strings.Contains(out, "Bea") {
		t.Errorf("user list after the adds:\n%s", out)
	}
	// A flag after the command overrides the one before it.
	if out, err := run(t, "", "--data-dir", t.TempDir(), "twins", "Munich", "--data-dir", dir); err != nil {
		t.Errorf("later --data-dir did not win: %v\n%s", err, out)
	}
}

// --help of an action lists that action's flags and the global ones.
func TestActionHelpListsItsFlags(t *testing.T) {
	out, err := run(t, "", "user", "add", "--help")
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("user add --help: %v", err)
	}
	for _, want := range []string{"Usage: wikicities user add [flags] USERNAME", "-admin", "-password-stdin", "-data-dir", "-lang"} {
		if !strings.Contains(out, want) {
			t.Errorf("user add --help lacks %q:\n%s", want, out)
		}
	}
	for _, other := range []string{"-days", "-scope", "-token-name"} {
		if strings.Contains(out, other) {
			t.Errorf("user add --help lists %s, a flag of user token:\n%s", other, out)
		}
	}
	out, _ = run(t, "", "user", "--help")
	for _, want := range []string{"add ", "list ", "token ", "grant "} {
		if !strings.Contains(out, want) {
			t.Errorf("user --help lacks the subcommand %q:\n%s", want, out)
		}
	}
}

// The CLI says languages, skills and reasons as the pages do, in English by
// default and in the language of --lang or of the locale.
func TestOutputSpeaksLikeThePages(t *testing.T) {
	dir := newScratchStore(t)
	out := mustRun(t, "", "suggest", "WikiMUC", "--data-dir", dir)
	for _, want := range []string{"works in English as we do", "wants editing training, which we offer"} {
		if !strings.Contains(out, want) {
			t.Errorf("suggest lacks %q:\n%s", want, out)
		}
	}
	for _, code := range []string{"works in en", "editing_training"} {
		if strings.Contains(out, code) {
			t.Errorf("suggest prints the code %q:\n%s", code, out)
		}
	}
	out = mustRun(t, "", "--lang", "de", "suggest", "WikiMUC", "--data-dir", dir)
	if !strings.Contains(out, "Englisch") {
		t.Errorf("suggest --lang de does not name English in German:\n%s", out)
	}
	t.Setenv("LANG", "de_DE.UTF-8")
	if out := mustRun(t, "", "community", "show", "WikiMUC", "--data-dir", dir); !strings.Contains(out, "Deutsch, Englisch") {
		t.Errorf("community show under LANG=de_DE.UTF-8:\n%s", out)
	}
	if out := mustRun(t, "", "community", "show", "WikiMUC", "--lang", "en", "--data-dir", dir); !strings.Contains(out, "German, English") ||
		!strings.Contains(out, "kind       local group") || !strings.Contains(out, "offers     editing training") {
		t.Errorf("community show --lang en:\n%s", out)
	}
}

// Errors name the flag the user typed, not the record's field.
func TestErrorsNameTheFlag(t *testing.T) {
	dir := newScratchStore(t)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"community", "add", "--kind", "user_group", "--name", "No city"}, "--city: is required"},
		{[]string{"community", "add", "--kind", "user_group", "--name", "X", "--city", "Atlantis"}, `--city: no city matches "Atlantis": not found`},
		{[]string{"community", "update", "WikiMUC", "--offers", "juggling"}, `--offers: "juggling" is not in the skills vocabulary`},
		{[]string{"community", "update", "WikiMUC", "--last-activity", "yesterday"}, `--last-activity: "yesterday" is not a date`},
		{[]string{"institution", "add", "--kind", "museum", "--name", "M", "--city", "Munich", "--wants", "juggling"}, `--wants: "juggling" is not in the skills vocabulary`},
		{[]string{"request", "add", "--party", "WikiMUC", "--title", "t", "--kinds", "circus"}, "--kinds:"},
		{[]string{"request", "add", "--party", "Nobody", "--title", "t"}, `--party: community "Nobody": not found`},
		{[]string{"recruit", "--city", "Atlantis"}, `--city: no city matches "Atlantis"`},
		{[]string{"user", "add"}, "user add: want 1 argument(s) (USERNAME), got 0"},
	}
	for _, c := range cases {
		out, err := run(t, "", append(c.args, "--data-dir", dir)...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("wikicities %s: %v %q, want an error with %q", strings.Join(c.args, " "), err, out, c.want)
		}
	}
}

// An id argument that is not a number is a usage error naming the kind of
// record, whichever command reads it.
func TestRecordIDsMustBeNumbers(t *testing.T) {
	dir := newScratchStore(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"institution", "show", "museum"}, `institution id "museum" is not a number`},
		{[]string{"request", "delete", "x"}, `request id "x" is not a number`},
		{[]string{"mentoring", "accept", "first"}, `mentorship id "first" is not a number`},
		{[]string{"mentoring", "checkin", "first", "met twice"}, `mentorship id "first" is not a number`},
		{[]string{"training", "attach", "x", "--event", "1"}, `resource id "x" is not a number`},
	} {
		out, err := run(t, "", append(c.args, "--data-dir", dir)...)
		var u usageError
		if !errors.As(err, &u) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("wikicities %s: %v %q, want a usage error with %q", strings.Join(c.args, " "), err, out, c.want)
		}
	}
}

// Every command of the table is reachable by name; an unknown one, or an
// unknown subcommand, is a usage error listing what there is.
func TestCommandTable(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range commands {
		if seen[c.name] {
			t.Errorf("command %q twice", c.name)
		}
		seen[c.name] = true
		if (c.run == nil) == (c.actions == nil) {
			t.Errorf("command %q: want either run or actions", c.name)
		}
		if findCommand(c.name) == nil {
			t.Errorf("findCommand(%q) = nil", c.name)
		}
	}
	var u usageError
	if _, err := run(t, "", "frobnicate"); !errors.As(err, &u) || !strings.Contains(err.Error(), `unknown command "frobnicate"`) {
		t.Errorf("unknown command: %v", err)
	}
	if out, err := run(t, "", "import", "xml", "f.xml"); !errors.As(err, &u) || !strings.Contains(err.Error(), "csv, sparql, wikitext") {
		t.Errorf("unknown import subcommand: %v %s", err, out)
	}
	if _, err := run(t, "", "sync"); !errors.As(err, &u) {
		t.Errorf("sync without a subcommand: %v", err)
	}
}

// The program is wired in plain sight: commands.go lists the commands and
// Main.Run sets serve up; no file of the command registers anything from
// an init function, whose order would be the order of the file names.
func TestNoInitFunctions(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "init" {
				t.Errorf("%s: func init at line %d: add the command to commands.go, or the part to Main.Run", name, fset.Position(fn.Pos()).Line)
			}
		}
	}
}
