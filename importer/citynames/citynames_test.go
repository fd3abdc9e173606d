package citynames_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer/citynames"
	"github.com/wikicities/wikicities/importer/sparql"
)

const answer = `{"head":{"vars":["item","label"]},"results":{"bindings":[
{"item":{"type":"uri","value":"http://www.wikidata.org/entity/Q1726"},"label":{"xml:lang":"de","type":"literal","value":"München"}},
{"item":{"type":"uri","value":"http://www.wikidata.org/entity/Q1726"},"label":{"xml:lang":"en","type":"literal","value":"Munich"}},
{"item":{"type":"uri","value":"http://www.wikidata.org/entity/Q1726"},"label":{"xml:lang":"de-formal","type":"literal","value":"München"}},
{"item":{"type":"uri","value":"http://www.wikidata.org/entity/Q64"},"label":{"xml:lang":"ar","type":"literal","value":"برلين"}}
]}}`

func TestReadKeepsLabelsInWikimediaLanguages(t *testing.T) {
	got := map[string]map[string]string{}
	rows, skipped, err := citynames.Read(strings.NewReader(answer), "x", got)
	if err != nil || rows != 4 || skipped != 1 {
		t.Fatalf("rows %d skipped %d err %v", rows, skipped, err)
	}
	if got["Q1726"]["de"] != "München" || got["Q64"]["ar"] != "برلين" || len(got["Q1726"]) != 2 {
		t.Errorf("labels %v", got)
	}
	if _, _, err := citynames.Read(strings.NewReader(`{"head":{"vars":["item","city"]},"results":{"bindings":[]}}`), "x", got); !errors.Is(err, sparql.ErrMalformed) ||
		!strings.HasPrefix(err.Error(), "x: ") || !strings.Contains(err.Error(), `lacks "label": not results of the labels query`) {
		t.Errorf("another query's results: %v", err)
	}
}

func TestFetchAsksInBatchesAndMapsItemsToCities(t *testing.T) {
	var mu sync.Mutex
	var asked [][]string
	item := regexp.MustCompile(`wd:(Q\d+)`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		q, _ := url.ParseQuery(string(body))
		var qids []string
		for _, m := range item.FindAllStringSubmatch(q.Get("query"), -1) {
			qids = append(qids, m[1])
		}
		mu.Lock()
		asked = append(asked, qids)
		mu.Unlock()
		w.Header().Set("Content-Type", sparql.MediaType)
		io.WriteString(w, answer)
	}))
	defer srv.Close()
	cities := []*wikicities.City{
		{ID: 1, Name: "Munich", QID: "Q1726"}, {ID: 2, Name: "Berlin", QID: "Q64"}, {ID: 3, Name: "Gotham"},
	}
	s, err := citynames.Fetch(context.Background(), &sparql.Client{Endpoint: srv.URL, MaxAttempts: 1}, cities, []string{"de", "ar", "en"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if s.Queries != 2 || len(asked) != 2 || strings.Join(asked[0], ",") != "Q1726" || strings.Join(asked[1], ",") != "Q64" {
		t.Errorf("queries %d, asked %v", s.Queries, asked)
	}
	if s.Cities != 2 || s.Names[1]["de"] != "München" || s.Names[1]["en"] != "" || s.Names[2]["ar"] != "برلين" || s.Names[3] != nil {
		t.Errorf("names %v (the English name equal to the city's own is left out; Gotham has no item)", s.Names)
	}
}
