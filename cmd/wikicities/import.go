package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

func init() {
	register(command{name: "import", summary: "import twin cities: wikitext tables (wikicities import FORMAT -h)", run: runImport})
}

// importFormats are the formats of `wikicities import FORMAT`; each lives
// in a file of its own and adds itself in init.
var importFormats = map[string]func(ctx context.Context, args []string, rw IO) error{}

func runImport(ctx context.Context, args []string, rw IO) error {
	var names []string
	for n := range importFormats {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(rw.Stderr, "Usage: wikicities import FORMAT [flags] ...\nFormats: %s\n", strings.Join(names, ", "))
		return usageError{"import needs a format"}
	}
	run, ok := importFormats[args[0]]
	if !ok {
		return usageError{fmt.Sprintf("unknown import format %q (known: %s)", args[0], strings.Join(names, ", "))}
	}
	return run(ctx, args[1:], rw)
}
