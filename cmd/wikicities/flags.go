package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/store"
)

// globalFlags are the flags every command takes, before its name
// (`wikicities --data-dir D twins X`) or among its own flags: the store and
// the language of the output.
type globalFlags struct {
	store storeFlags
	lang  string
}

// defaultGlobalFlags are the global flags' values from the environment.
func defaultGlobalFlags() globalFlags {
	return globalFlags{store: defaultStoreFlags(), lang: envLanguage()}
}

func (g *globalFlags) register(fs *flag.FlagSet) {
	g.store.register(fs)
	fs.StringVar(&g.lang, "lang", g.lang, "language of a command's output: en, de, ar, ... (env LC_ALL, LC_MESSAGES, LANG; default en); the pages negotiate their own")
}

// printer says messages and the domain's codes in the --lang language, as
// the pages do; an unserved language gets English.
func (g *globalFlags) printer() *i18n.Printer {
	c := i18n.Default()
	return c.Printer(c.Match("", g.lang))
}

// envLanguage is the language of the POSIX locale ("de_DE.UTF-8" is de),
// or empty for the C locale and when none is set.
func envLanguage() string {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		v, _, _ = strings.Cut(v, ".")
		v, _, _ = strings.Cut(v, "@")
		if v == "C" || v == "POSIX" {
			return ""
		}
		return strings.ReplaceAll(v, "_", "-")
	}
	return ""
}

// storeFlags select the store: the embedded SQLite one in a directory, or
// a PostgreSQL database.
type storeFlags struct {
	dataDir     string
	databaseURL string
}

// defaultStoreFlags are the store's settings from the environment.
func defaultStoreFlags() storeFlags {
	f := storeFlags{dataDir: os.Getenv("WIKICITIES_DATA_DIR"), databaseURL: os.Getenv("WIKICITIES_DATABASE_URL")}
	if f.dataDir == "" {
		f.dataDir = "data"
	}
	return f
}

// register adds --data-dir and --database-url to fs, with f's values as
// their defaults.
func (f *storeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.dataDir, "data-dir", f.dataDir, "directory of the embedded SQLite store (env WIKICITIES_DATA_DIR)")
	fs.StringVar(&f.databaseURL, "database-url", f.databaseURL,
		"postgres:// URL of a PostgreSQL database instead of the embedded store (env WIKICITIES_DATABASE_URL)")
}

// dsn returns the data source the flags select.
func (f *storeFlags) dsn() string {
	if f.databaseURL != "" {
		return f.databaseURL
	}
	return filepath.Join(f.dataDir, "wikicities.db")
}

// open opens and migrates the selected store.
func (f *storeFlags) open(ctx context.Context) (*store.DB, error) {
	db, err := store.Open(ctx, f.dsn())
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// actionFlags is the flag set of one action (`user add`, `twins`): its own
// flags and the global ones, which start from the values given before the
// command. Flags and arguments may come in any order.
type actionFlags struct {
	*flag.FlagSet
	globalFlags
	// synopsis says the positional arguments: "USERNAME", "[ID]".
	synopsis string
}

// newFlags returns the flag set of the action name ("user add"), whose
// --help prints the synopsis and the flags.
func newFlags(name, synopsis string, rw IO) *actionFlags {
	f := &actionFlags{FlagSet: flag.NewFlagSet("wikicities "+name, flag.ContinueOnError), globalFlags: rw.Global, synopsis: synopsis}
	f.SetOutput(rw.Stderr)
	f.globalFlags.register(f.FlagSet)
	f.Usage = func() {
		fmt.Fprintf(f.Output(), "Usage: %s [flags] %s\n\nFlags:\n", f.Name(), f.synopsis)
		f.PrintDefaults()
	}
	return f
}

// parse parses args, flags and positional arguments in any order ("--"
// ends the flags), and returns the positional arguments after checking
// that there are at least min and, unless max < 0, at most max of them.
func (f *actionFlags) parse(args []string, min, max int) ([]string, error) {
	pos, err := parseInterspersed(f.FlagSet, args)
	if err != nil {
		return nil, err
	}
	if len(pos) >= min && (max < 0 || len(pos) <= max) {
		return pos, nil
	}
	want := fmt.Sprintf("%d to %d arguments", min, max)
	switch {
	case min == max:
		want = fmt.Sprintf("%d argument(s)", min)
	case max < 0:
		want = fmt.Sprintf("at least %d argument(s)", min)
	}
	return nil, usageError{fmt.Sprintf("%s: want %s (%s), got %d\nUsage: %s [flags] %s",
		strings.TrimPrefix(f.Name(), "wikicities "), want, f.synopsis, len(pos), f.Name(), f.synopsis)}
}

// parseInterspersed parses flags that may come before, between or after
// the positional arguments ("import csv FILE --strict"), and returns the
// positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parse(fs, args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(pos, rest...), nil // after the terminator, all are arguments
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// parse parses args and turns flag errors into usage errors.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

// setFlags returns the names of the flags given on the command line.
func setFlags(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// flagError rewrites the fields of the validation errors in err to the
// flags the user typed: city_id is --city, languages[2] is --languages.
// fields maps a field (without its indexes) to its flag where the names
// differ beyond _ and -; a field with no flag in fs keeps its name.
func flagError(err error, fs *flag.FlagSet, fields map[string]string) error {
	var all wikicities.ValidationErrors
	var one *wikicities.FieldError
	switch {
	case errors.As(err, &all):
	case errors.As(err, &one):
		all = wikicities.ValidationErrors{one}
	default:
		return err
	}
	for _, e := range all {
		field := e.Field
		if i := strings.IndexByte(field, '['); i >= 0 {
			field = field[:i]
		}
		name, ok := fields[field]
		if !ok {
			name = strings.ReplaceAll(field, "_", "-")
		}
		if fs.Lookup(name) != nil {
			e.Field = "--" + name
		}
	}
	return err
}
