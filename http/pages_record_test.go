package http_test

import (
	"net/http"
	"testing"

	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// A record's page at an address whose id is no id, or the id of no record,
// is the "page not found" page, for every kind of record page.
func TestRecordPagesOfNoRecordAreNotFound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		for _, kind := range []string{"campaigns", "claims", "clubs", "communities", "events", "institutions", "library", "requests", "visits"} {
			for _, id := range []string{"x", "0", "999999"} {
				path := "/" + kind + "/" + id
				r := ps.get(t, ps.Member, path)
				if r.code != http.StatusNotFound {
					t.Errorf("%s: %d, want 404", path, r.code)
				}
				mustContain(t, path, r.body, "Page not found")
			}
		}
	})
}
