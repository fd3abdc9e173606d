// Package archtest checks the layering that the README's Architecture
// section draws: which packages may import which.
package archtest

import (
	"bufio"
	"bytes"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/wikicities/wikicities"

// A layer is a rank in the architecture; a package imports packages of its
// own layer or of lower ones, never higher ones, with the two rules below.
type layer int

const (
	domain    layer = iota // the root package: domain types, service interfaces, errors
	pure                   // pure Go, no I/O: graph, distances, matcher, resolver, health score
	libraries              // adapters and helpers over one dependency or format
	storage                // the store: implements the root package's services over SQL
	consumers              // use the services: pages and API, digest, reports, demo data, importers
	programs               // wire everything: the command, benchmarks, tools, test helpers
)

// layers places every package of the module (by path below the module).
// A new package must be placed here, and drawn in the README.
var layers = map[string]layer{
	"": domain,

	"twins": pure, "geo": pure, "match": pure, "resolve": pure, "health": pure, "text": pure, "changes": pure,
	"groupmatch": pure, "mentoring": pure, "geo/admin1": pure,

	"auth": libraries, "csvsafe": libraries, "email": libraries, "export": libraries,
	"i18n": libraries, "labels": libraries, "mediawiki": libraries, "password": libraries,
	"wikitext": libraries, "matchmaking": libraries, "eventfeed": libraries, "training": libraries,
	"twincheck": libraries, "regions": libraries,

	"store": storage,

	"http": consumers, "digest": consumers, "notify": consumers, "report": consumers, "demo": consumers,
	"importer": consumers, "linkcheck": consumers, "importer/csvimport": consumers, "importer/sparql": consumers,
	"importer/affiliates": consumers, "importer/citynames": consumers, "regions/regionwd": consumers,

	"cmd/wikicities": programs, "bench": programs, "bench/httpbench": programs,
	"internal/realdata": programs, "i18n/cmd/i18n-add": programs, "scripts/sizecheck": programs,
	"http/openapidump": programs, "geo/admin1/gen": programs,
	"store/storetest": programs, "http/webtest": programs, "email/smtptest": programs,
	"mediawiki/wikitest": programs, "internal/archtest": programs,
	"importer/affiliates/affiliatestest": programs,
}

// storeImporters are the consumers that still import the store instead of
// the root package's service interfaces (issue 14 moves them; delete each
// entry when it no longer does). A consumer not listed here may not.
var storeImporters = []string{}

// noIO are standard packages that a pure package may not import.
var noIO = []string{"os", "os/exec", "net", "net/http", "database/sql", "syscall"}

// imports returns each package of the module with its imports.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, module+"/...")
	cmd.Dir = "../.."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.Bytes())
	}
	pkgs := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		pkgs[f[0]] = f[1:]
	}
	return pkgs
}

// rel returns a module package's path below the module, and false for a
// package outside it.
func rel(path string) (string, bool) {
	if path == module {
		return "", true
	}
	r, ok := strings.CutPrefix(path, module+"/")
	return r, ok
}

func TestPackagesImportOnlyDownTheLayers(t *testing.T) {
	for pkg, deps := range imports(t) {
		p, _ := rel(pkg)
		lp, ok := layers[p]
		if !ok {
			t.Errorf("package %q has no layer: place it in internal/archtest's layers and draw it in the README's Architecture section", pkg)
			continue
		}
		for _, dep := range deps {
			d, inModule := rel(dep)
			switch {
			case !inModule:
				if lp == pure && slices.Contains(noIO, dep) {
					t.Errorf("%s is pure (no I/O) but imports %s", pkg, dep)
				}
			case layers[d] > lp:
				t.Errorf("%s (layer %d) imports %s (layer %d): imports go down the layers only", pkg, lp, dep, layers[d])
			case lp == consumers && layers[d] == storage && !slices.Contains(storeImporters, p):
				t.Errorf("%s imports the store: consumers use the root package's service interfaces", pkg)
			}
		}
	}
}

// The exceptions only shrink: a consumer that no longer imports the store
// must leave the list.
func TestStoreImportersAreStillExceptions(t *testing.T) {
	pkgs := imports(t)
	for _, p := range storeImporters {
		if !slices.Contains(pkgs[module+"/"+p], module+"/store") {
			t.Errorf("%s no longer imports the store: delete it from storeImporters in internal/archtest and from the README's Architecture section", p)
		}
	}
}
