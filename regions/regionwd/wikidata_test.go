package regionwd_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer/sparql"
	"github.com/wikicities/wikicities/regions/regionwd"
)

// The query for Bavaria, run by the product's SPARQL client against a
// loopback endpoint that answers with the test answer: candidates inside
// the region only, one per item, the best class, Wikimedians in Residence.
func TestWikidataInstitutionsOfARegion(t *testing.T) {
	set := world(t).Set()
	by := set.Region("DE-BY")
	q, err := regionwd.WikidataQuery(by)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"wdt:P131+ wd:Q980", "wd:Q33506", "wd:Q3809586", "LIMIT 500"} {
		if !strings.Contains(q, want) {
			t.Errorf("query lacks %q:\n%s", want, q)
		}
	}
	body, err := os.ReadFile("testdata/wikidata-DE-BY.json")
	if err != nil {
		t.Fatal(err)
	}
	var asked string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		asked = r.PostForm.Get("query")
		w.Header().Set("Content-Type", sparql.MediaType)
		w.Write(body)
	}))
	defer srv.Close()
	c := &sparql.Client{Endpoint: srv.URL, MaxAttempts: 1}
	var got []regionwd.Candidate
	if err := c.Run(context.Background(), q, func(r io.Reader) error {
		var err error
		got, err = regionwd.ReadWikidata(r, "answer", by)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if asked != q {
		t.Errorf("the endpoint was asked %q", asked)
	}
	var names []string
	for _, c := range got {
		names = append(names, c.QID+" "+string(c.Kind)+" "+map[bool]string{true: "WiR", false: "-"}[c.WiR])
	}
	want := []string{"Q256507 library -", "Q32450 museum -", "Q55044 university WiR", "Q1912434 museum -"}
	if strings.Join(names, "|") != strings.Join(want, "|") {
		t.Errorf("candidates %v, want %v", names, want)
	}
}

func TestWikidataQueryNeedsAnItemAndAnswerOfTheQuery(t *testing.T) {
	set := world(t).Set()
	noItem := *set.Region("DE-BY")
	noItem.QID = ""
	if _, err := regionwd.WikidataQuery(&noItem); !errors.Is(err, wikicities.ErrInvalid) {
		t.Errorf("region without an item: %v", err)
	}
	other := `{"head":{"vars":["city","cityLabel"]},"results":{"bindings":[]}}`
	if _, err := regionwd.ReadWikidata(strings.NewReader(other), "other.json", set.Region("DE-BY")); !errors.Is(err, sparql.ErrMalformed) || !strings.Contains(err.Error(), "other.json") {
		t.Errorf("answer of another query: %v", err)
	}
}
