package http

import (
	"testing"

	"github.com/wikicities/wikicities/i18n"
)

// A page's set holds the layout, the page and the partials these call,
// not every partial (each set's trees are its own copies: 54 pages with
// every partial took 17 MB a language, with only theirs 5 MB).
func TestPageSetsHoldOnlyTheTemplatesTheyCall(t *testing.T) {
	set, err := parseTemplates(i18n.Default().Printer("de"), nil)
	if err != nil {
		t.Fatal(err)
	}
	city := set["city"]
	if city == nil {
		t.Fatal("no city page")
	}
	// city.html calls map and city-link; layout.html calls csrf.
	for _, name := range []string{"layout", "content", "map", "city-link", "csrf"} {
		if city.Lookup(name) == nil {
			t.Errorf("city page set lacks %q, which it calls", name)
		}
	}
	for _, name := range []string{"text-field", "learn-nav", "region-party"} {
		if city.Lookup(name) != nil {
			t.Errorf("city page set holds %q, which it never calls", name)
		}
	}
	// The fragments set has every partial, for Server.Fragment.
	for _, name := range []string{"text-field", "learn-nav", "region-party", "map"} {
		if set[fragmentsSet].Lookup(name) == nil {
			t.Errorf("fragments set lacks %q", name)
		}
	}
}
