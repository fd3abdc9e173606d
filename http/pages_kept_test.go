package http_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// textarea returns what the page's textarea id holds, or "" (and false)
// when it has no such textarea.
func textarea(body, id string) (string, bool) {
	m := regexp.MustCompile(`(?s)<textarea id="` + regexp.QuoteMeta(id) + `"[^>]*>(.*?)</textarea>`).FindStringSubmatch(body)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// A message, a reason, a visit's offer or report or a check-in whose post is
// refused (too long, or the page changed meanwhile) comes back in its box
// with the problem said, where the box came back empty and the text was
// lost; a message too long said "Write a message before sending it.".
// Only the box it was typed in gets it back.
func TestRefusedPostsKeepWhatWasTyped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		id := ps.propose(t)
		page := fmt.Sprintf("/partnerships/%d", id)

		long := strings.Repeat("Bonjour, parlons des photos. ", 200) // 5,800 bytes, over the 5,000 of a message
		r := ps.post(t, ps.CoordB, page+"/messages", url.Values{"body": {long}})
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("a message too long: %d", r.code)
		}
		mustContain(t, "a message too long", r.body, "Too long: at most 5,000 bytes")
		mustNotContain(t, "a message too long", r.body, "Write a message before sending it.")
		if got, _ := textarea(r.body, "f-message-body"); strings.TrimSpace(got) != strings.TrimSpace(long) {
			t.Errorf("the message box holds %d bytes, want the %d typed", len(got), len(long))
		}

		// The proposal changed since the page was read: the decline's
		// reason comes back in the decline's box, not in the accept's note.
		r = ps.post(t, ps.CoordB, page+"/answer", url.Values{"action": {"decline"}, "version": {"7"}, "note": {"Not this year, we are <busy>"}})
		if r.code != http.StatusConflict {
			t.Fatalf("a stale decline: %d", r.code)
		}
		if got, _ := textarea(r.body, "f-reason-decline"); got != "Not this year, we are &lt;busy&gt;" {
			t.Errorf("the decline's reason box: %q", got)
		}
		if got, ok := textarea(r.body, "f-note"); !ok || strings.TrimSpace(got) != "" {
			t.Errorf("the accept's note box: %q (there: %v)", got, ok)
		}
		if got, _ := textarea(ps.get(t, ps.CoordB, page).body, "f-reason-decline"); got != "" {
			t.Errorf("the page read afresh keeps a reason: %q", got)
		}

		// A visit's report sent from a page read before the other side's
		// last step.
		if r := ps.post(t, ps.CoordB, page+"/answer", url.Values{"action": {"accept"}, "version": {"1"}}); r.code != http.StatusSeeOther {
			t.Fatalf("accepting the partnership: %d", r.code)
		}
		yesterday := time.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)
		visit := fmt.Sprintf("/visits/%d", location(t, ps.post(t, ps.CoordA, "/visits", url.Values{"visitor": {fmt.Sprint(ps.A.ID)},
			"host": {fmt.Sprint(ps.B.ID)}, "start": {yesterday}, "end": {yesterday}, "people": {"4"}, "purpose": {"Photo walks"}}), "/visits/"))
		r = ps.post(t, ps.CoordB, visit+"/answer", url.Values{"action": {"accept"}, "version": {"1"}, "capacity": {"a dozen"},
			"equipment": {"projector, 6 laptops"}, "access": {"step-free"}})
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("an offer with a bad number: %d", r.code)
		}
		mustContain(t, "an offer with a bad number", r.body, `value="a dozen"`)
		if got, _ := textarea(r.body, "f-equipment"); got != "projector, 6 laptops" {
			t.Errorf("the equipment box: %q", got)
		}
		for _, step := range []struct {
			action, version string
		}{{"accept", "1"}, {"complete", "2"}} {
			who := ps.CoordB
			if step.action == "complete" {
				who = ps.CoordA
			}
			if r := ps.post(t, who, visit+"/answer", url.Values{"action": {step.action}, "version": {step.version}}); r.code != http.StatusSeeOther {
				t.Fatalf("%s the visit: %d %s", step.action, r.code, r.body)
			}
		}
		r = ps.post(t, ps.CoordA, visit+"/report", url.Values{"report": {"Four of us joined two photo walks."}, "version": {"2"}})
		if r.code != http.StatusConflict {
			t.Fatalf("a stale report: %d", r.code)
		}
		if got, _ := textarea(r.body, "f-report"); got != "Four of us joined two photo walks." {
			t.Errorf("the report box: %q", got)
		}

		// A check-in too long.
		for _, c := range []struct {
			who   *wikicities.Actor
			group int64
			state string
		}{{ps.CoordB, ps.B.ID, "available"}, {ps.CoordA, ps.A.ID, "wanted"}} {
			if r := ps.post(t, c.who, fmt.Sprintf("/capacities/group/%d/edit", c.group), url.Values{"version": {"1"}, "cap.content.photography": {c.state}}); r.code != http.StatusSeeOther {
				t.Fatalf("capacities of %d: %d", c.group, r.code)
			}
		}
		m := fmt.Sprintf("/mentorships/%d", location(t, ps.post(t, ps.CoordA, "/mentorships", url.Values{"kind": {"group"}, "mentor": {fmt.Sprint(ps.B.ID)},
			"mentee": {fmt.Sprint(ps.A.ID)}, "capacity": {"content.photography"}, "months": {"2"}, "goals": {"Photographs"}}), "/mentorships/"))
		if r := ps.post(t, ps.CoordB, m+"/action", url.Values{"action": {"accept"}}); r.code != http.StatusSeeOther {
			t.Fatalf("accepting the mentorship: %d", r.code)
		}
		if r := ps.post(t, ps.CoordA, m+"/action", url.Values{"action": {"start"}}); r.code != http.StatusSeeOther {
			t.Fatalf("starting the mentorship: %d", r.code)
		}
		note := strings.Repeat("We walked and photographed. ", 150) // 4,200 bytes, over the 4,000 of a check-in
		r = ps.post(t, ps.CoordB, m+"/check-ins", url.Values{"note": {note}})
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("a check-in too long: %d", r.code)
		}
		mustContain(t, "a check-in too long", r.body, "Too long: at most 4,000 bytes")
		if got, _ := textarea(r.body, "f-note"); got != note {
			t.Errorf("the check-in box holds %d bytes, want the %d typed", len(got), len(note))
		}
	})
}
