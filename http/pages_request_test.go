package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
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
			"1 answer.", "Only the coordinators of Wikimedians of Berlin see every answer.", "Sign in to answer this request")
		mustNotContain(t, "anonymous view", anon.body, "Count us in")
		// The requester's coordinators are not sent to their own page to
		// answer their own request.
		own := ps.get(t, ps.CoordA, page).body
		mustContain(t, "the requester's view", own, "Count us in &lt;3", "Wikimedia Paris")
		mustNotContain(t, "the requester's view", own, "Answer this request", "Sign in to answer")
		// A coordinator of another group proposes from the request itself,
		// rather than going round by the requester's page.
		answerer := ps.get(t, ps.CoordB, page).body
		mustContain(t, "the answerer's view", answerer, "Count us in &lt;3", "Propose a partnership from Wikimedia Paris",
			fmt.Sprintf(`href="/partnerships/new?a=%d&amp;b=community%%3A%d&amp;type=regional"`, ps.B.ID, ps.A.ID))
		if r := ps.get(t, ps.CoordB, fmt.Sprintf("/partnerships/new?a=%d&b=community:%d&type=regional", ps.B.ID, ps.A.ID)); r.code != http.StatusOK {
			t.Errorf("following the proposal button: %d", r.code)
		}
		mustContain(t, "the view of a member without a group", ps.get(t, ps.Member, page).body,
			"You do not coordinate a group on WikiCities yet.", `href="/communities">Find your group`, `href="/communities/new">Register your group`)
		if r := ps.get(t, nil, "/requests/99999"); r.code != http.StatusNotFound {
			t.Errorf("an unknown request: status %d, want 404", r.code)
		}
	})
}

// A coordinator of another group answers a partner request from its page,
// on behalf of the group they choose, and lands back on the page with the
// answer shown; the requester finds it in their inbox. A refusal (no
// message, too long, a stale page, answered already, the request closed)
// comes back in the page, in the reader's language, with what was typed.
func TestRequestAnswerFromThePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		req := &wikicities.PartnerRequest{Party: ps.A.Ref(), Title: "Photo walk", Expires: time.Now().AddDate(0, 1, 0)}
		if err := db.Requests().CreateRequest(wikicities.NewContext(context.Background(), ps.CoordA), req); err != nil {
			t.Fatal(err)
		}
		page := fmt.Sprintf("/requests/%d", req.ID)
		action := page + "/answers"
		version := fmt.Sprint(req.Version)
		party := fmt.Sprintf("community:%d", ps.B.ID)
		form := ps.get(t, ps.CoordB, page).body
		mustContain(t, "the answerer's view", form, `action="`+action+`"`, "You answer on behalf of Wikimedia Paris.",
			`name="party" value="`+party+`"`, fmt.Sprintf(`name="version" value="%d"`, req.Version), "Propose a partnership from Wikimedia Paris")
		// Coordinating two groups that may answer, one chooses in a list.
		both := *ps.CoordB
		both.Coordinates = append(slices.Clone(both.Coordinates), ps.C.Ref())
		mustContain(t, "a coordinator of two groups", ps.get(t, &both, page).body, `<select id="f-answer-party" class="cdx-select" name="party">`,
			`<option value="`+party+`">Wikimedia Paris</option>`, fmt.Sprintf(`<option value="community:%d">Paris Photo Walkers</option>`, ps.C.ID))
		kept := ps.post(t, &both, action, url.Values{"party": {fmt.Sprintf("community:%d", ps.C.ID)}, "version": {version}, "message": {""}}).body
		mustContain(t, "the group chosen is kept", kept, fmt.Sprintf(`<option value="community:%d" selected>Paris Photo Walkers</option>`, ps.C.ID))
		answer := func(lang string, v url.Values) response {
			t.Helper()
			return ps.post(t, ps.CoordB, action+"?uselang="+lang, v)
		}
		for _, tt := range []struct {
			name, lang, version, message string
			code                         int
			want                         []string
		}{
			{"no message", "en", version, "  ", http.StatusUnprocessableEntity, []string{"Write a message to answer"}},
			{"too long", "de", version, strings.Repeat("ä", 2501), http.StatusUnprocessableEntity, []string{"Zu lang: höchstens 5.000 Bytes", strings.Repeat("ä", 2501)}},
			{"a stale page", "ar", "99", "Wir sind dabei <3", http.StatusConflict, []string{"كانت هذه الصفحة قديمة", "Wir sind dabei &lt;3"}},
		} {
			r := answer(tt.lang, url.Values{"party": {party}, "version": {tt.version}, "message": {tt.message}})
			if r.code != tt.code {
				t.Errorf("%s: %d, want %d", tt.name, r.code, tt.code)
			}
			mustContain(t, tt.name, r.body, tt.want...)
		}
		if r := answer("en", url.Values{"party": {fmt.Sprintf("community:%d", ps.C.ID)}, "version": {version}, "message": {"Hi"}}); r.code != http.StatusConflict {
			t.Errorf("on behalf of a group the reader does not coordinate: %d, want 409", r.code)
		}
		if all, _ := db.Requests().Answers(context.Background(), req.ID); len(all) != 0 {
			t.Fatalf("refused answers were recorded: %d", len(all))
		}
		r := answer("en", url.Values{"party": {party}, "version": {version}, "message": {"Count us in <3"}})
		if r.code != http.StatusSeeOther || r.head.Get("Location") != page+"?done=answered#wc-answers" {
			t.Fatalf("answer: %d %q", r.code, r.head.Get("Location"))
		}
		after := ps.get(t, ps.CoordB, page+"?done=answered").body
		mustContain(t, "the page after answering", after, "Your answer was sent.", "1 answer.", "Count us in &lt;3")
		mustNotContain(t, "the page after answering", after, `action="`+action+`"`)
		mustContain(t, "the requester's inbox", ps.get(t, ps.CoordA, "/inbox").body, "Wikimedia Paris answered your request “Photo walk”")
		r = answer("en", url.Values{"party": {party}, "version": {version}, "message": {"Again"}})
		if r.code != http.StatusConflict {
			t.Errorf("answering twice: %d, want 409", r.code)
		}
		mustContain(t, "answering twice", r.body, "Your group has answered this request already", "Again")
		if _, err := db.Exec(context.Background(), `UPDATE partner_requests SET expires_at = ? WHERE id = ?`, time.Now().Add(-time.Hour).Unix(), req.ID); err != nil {
			t.Fatal(err)
		}
		r = ps.post(t, ps.CoordC, action, url.Values{"party": {fmt.Sprintf("community:%d", ps.C.ID)}, "version": {version}, "message": {"Too late?"}})
		if r.code != http.StatusConflict {
			t.Errorf("a closed request: %d, want 409", r.code)
		}
		mustContain(t, "a closed request", r.body, "This request is closed", "Too late?")
	})
}
