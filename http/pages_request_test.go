package http_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// A partner request has its page, linked from the list: who asks, for
// what, where and until when; every answer for the requester's
// coordinators, one's own for the others. Names are escaped.
func TestRequestPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		req := &wikicities.PartnerRequest{Party: ps.A.Ref(), Title: "Photo walk <partners>", Description: "Two cities,\none walk.",
			Countries: []string{"FR"}, Languages: []string{"de"}, Expires: time.Now().AddDate(0, 1, 0)}
		if err := db.Requests().CreateRequest(wikicities.NewContext(context.Background(), ps.CoordA), req); err != nil {
			t.Fatal(err)
		}
		ans := &wikicities.RequestAnswer{RequestID: req.ID, Party: ps.B.Ref(), Message: "Count us in <3"}
		if err := db.Requests().Answer(wikicities.NewContext(context.Background(), ps.CoordB), ans); err != nil {
			t.Fatal(err)
		}
		page := fmt.Sprintf("/requests/%d", req.ID)
		mustContain(t, "the list", ps.get(t, nil, "/requests").body, fmt.Sprintf(`<a href="%s"><bdi>Photo walk &lt;partners&gt;</bdi></a>`, page))
		anon := ps.get(t, nil, page)
		if anon.code != http.StatusOK {
			t.Fatalf("status %d", anon.code)
		}
		mustContain(t, "anonymous view", anon.body, "<h1><bdi>Photo walk &lt;partners&gt;</bdi></h1>", "Wikimedians of Berlin", "German",
			"1 answer.", "Only the coordinators of Wikimedians of Berlin see every answer.", "Answer from the page of Wikimedians of Berlin")
		mustNotContain(t, "anonymous view", anon.body, "Count us in")
		// The requester's coordinators are not sent to their own page to
		// answer their own request.
		own := ps.get(t, ps.CoordA, page).body
		mustContain(t, "the requester's view", own, "Count us in &lt;3", "Wikimedia Paris")
		mustNotContain(t, "the requester's view", own, "Answer from the page of")
		// A coordinator of another group proposes from the request itself,
		// rather than going round by the requester's page.
		answerer := ps.get(t, ps.CoordB, page).body
		mustContain(t, "the answerer's view", answerer, "Count us in &lt;3", "Propose a partnership from Wikimedia Paris",
			fmt.Sprintf(`href="/partnerships/new?a=%d&amp;b=community%%3A%d&amp;type=regional"`, ps.B.ID, ps.A.ID))
		if r := ps.get(t, ps.CoordB, fmt.Sprintf("/partnerships/new?a=%d&b=community:%d&type=regional", ps.B.ID, ps.A.ID)); r.code != http.StatusOK {
			t.Errorf("following the proposal button: %d", r.code)
		}
		mustContain(t, "the view of a member without a group", ps.get(t, ps.Member, page).body, "Answer from the page of Wikimedians of Berlin")
		if r := ps.get(t, nil, "/requests/99999"); r.code != http.StatusNotFound {
			t.Errorf("an unknown request: status %d, want 404", r.code)
		}
	})
}
