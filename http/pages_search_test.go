package http_test

import (
	"net/http"
	"testing"

	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// The live search gets the results alone, as the page renders them: in the
// page's language (country names included), escaped, with the count for
// its status line; the whole page keeps its frame.
func TestSearchResultsFragmentForTheLiveSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := seededServer(t, db)
		r := get(t, s, "/search?q=Ly&part=results&uselang=de")
		if r.code != http.StatusOK || r.head.Get("Content-Language") != "de" {
			t.Fatalf("status %d, Content-Language %q", r.code, r.head.Get("Content-Language"))
		}
		mustContain(t, "German fragment", r.body, `<ul id="wc-results" class="wc-results" data-count="2">`,
			`<bdi>Lyon</bdi></a><span class="wc-meta">, <bdi>Frankreich</bdi>`, `<bdi>Vereinigte Staaten</bdi>`, "7 Partnerstädte")
		mustNotContain(t, "German fragment", r.body, "<html", "<h1", "France")

		r = get(t, s, "/search?q=%3Cscript&part=results")
		mustContain(t, "escaped fragment", r.body, `data-count="1"`, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`)
		mustNotContain(t, "escaped fragment", r.body, `<script>`)

		r = get(t, s, "/search?q=Atlantis&part=results")
		mustContain(t, "no results", r.body, `data-count="0"`)

		page := get(t, s, "/search?q=Ly&uselang=ar")
		mustContain(t, "Arabic page", page.body, `<div id="wc-results-block"><ul id="wc-results"`, "<bdi>فرنسا</bdi>")
	})
}
