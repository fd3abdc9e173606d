package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// fieldCurrent returns the note under field of a form sent back after a
// stale save ("The current version says: ..."), or "".
func fieldCurrent(body, field string) string {
	m := regexp.MustCompile(`(?s)id="f-` + regexp.QuoteMeta(field) + `-current"><span class="cdx-message__icon"></span><div class="cdx-message__content">(.*?)</div></div>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

// Two organisers open the edit form of an event; the first saves a new
// capacity, type, address and no waitlist. The second's save, which
// changed the title, is refused: the form keeps the title typed and says
// under each field that the first changed what it says now (a choice by
// its label), so that it is not saved over unseen; fields alike in both
// say nothing.
func TestStaleEventEditSaysUnderEachFieldWhatChanged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		id := location(t, ps.post(t, ps.CoordA, "/events", workshopForm(ps.A.ID, 2)), "/events/")
		path := fmt.Sprintf("/events/%d/edit", id)
		version := versionOf(t, ps.get(t, ps.CoordA, path).body, path)

		first := workshopForm(ps.A.ID, 5)
		first.Set("version", version)
		first.Set("type", "meetup")
		first.Set("address", "Rathaus, Saal 2")
		first.Del("waitlist")
		if r := ps.post(t, ps.CoordA, path, first); r.code != http.StatusSeeOther {
			t.Fatalf("the first save: %d %s", r.code, r.body)
		}

		second := workshopForm(ps.A.ID, 2)
		second.Set("version", version)
		second.Set("title", "Wikidata workshop for beginners")
		r := ps.post(t, ps.CoordA, path, second)
		if r.code != http.StatusConflict {
			t.Fatalf("the stale save: %d, want 409", r.code)
		}
		mustContain(t, "the stale form", r.body, "Someone else saved this record while you were editing it",
			`value="Wikidata workshop for beginners"`)
		for field, want := range map[string]string{
			"capacity": "The current version says: <bdi>5</bdi>",
			"type":     "The current version says: <bdi>meetup</bdi>",
			"address":  "The current version says: <bdi>Rathaus, Saal 2</bdi>",
			"waitlist": "The current version leaves this empty.",
			"title":    "The current version says: <bdi>Wikidata &lt;b&gt;workshop&lt;/b&gt;</bdi>",
		} {
			if got := fieldCurrent(r.body, field); got != want {
				t.Errorf("under %s: %q, want %q", field, got, want)
			}
		}
		for _, field := range []string{"description", "start", "time_zone", "questions", "city"} {
			if got := fieldCurrent(r.body, field); got != "" {
				t.Errorf("under %s, which neither save changed: %q", field, got)
			}
		}
		e, err := db.Events().Event(context.Background(), id)
		if err != nil || e.Capacity != 5 || e.Title != "Wikidata <b>workshop</b>" {
			t.Errorf("after the stale save: %+v, %v", e, err)
		}
		// In German the notes are German.
		de := ps.post(t, ps.CoordA, path+"?uselang=de", second)
		mustContain(t, "the German stale form", de.body, "Die aktuelle Fassung lautet: <bdi>5</bdi>")
	})
}

// The same on a community's profile: a checkbox list that the other save
// changed names the choices it has now, by their labels.
func TestStaleCommunityEditSaysUnderEachFieldWhatChanged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		path := fmt.Sprintf("/communities/%d/edit", ps.A.ID)
		version := versionOf(t, ps.get(t, ps.CoordA, path).body, path)
		edit := url.Values{"version": {version}, "name": {"Wikimedians of Berlin"}, "kind": {"user_group"}, "city": {"Berlin"},
			"status": {"active"}, "languages": {"de"}}
		first := url.Values{}
		for k, v := range edit {
			first[k] = v
		}
		first.Set("contact", "berlin@example.org")
		first["skills_offered"] = []string{"photography"}
		if r := ps.post(t, ps.CoordA, path, first); r.code != http.StatusSeeOther {
			t.Fatalf("the first save: %d %s", r.code, r.body)
		}
		edit.Set("website", "https://berlin.example.org")
		r := ps.post(t, ps.CoordA, path, edit)
		if r.code != http.StatusConflict {
			t.Fatalf("the stale save: %d, want 409", r.code)
		}
		if got, want := fieldCurrent(r.body, "contact"), "The current version says: <bdi>berlin@example.org</bdi>"; got != want {
			t.Errorf("under contact: %q, want %q", got, want)
		}
		if got, want := fieldCurrent(r.body, "website"), "The current version leaves this empty."; got != want {
			t.Errorf("under website: %q, want %q", got, want)
		}
		if got := fieldCurrent(r.body, "skills_offered"); !regexp.MustCompile(`^The current version says: <bdi>[^<]*[Pp]hotograph`).MatchString(got) {
			t.Errorf("under the skills offered: %q", got)
		}
		for _, field := range []string{"name", "kind", "city", "status", "languages"} {
			if got := fieldCurrent(r.body, field); got != "" {
				t.Errorf("under %s, which neither save changed: %q", field, got)
			}
		}
	})
}

// An edit form that names no version (opened before the site gave it one,
// or made by hand) saves nothing and comes back with what was typed beside
// the current record, saying so, where it was an error page and the text
// was lost; saved again from there, it is saved.
func TestEditFormWithoutAVersionKeepsWhatWasTyped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		path := fmt.Sprintf("/communities/%d/edit", ps.A.ID)
		edit := url.Values{"name": {"Wikimedians of Berlin"}, "kind": {"user_group"}, "city": {"Berlin"},
			"status": {"active"}, "languages": {"de"}, "contact": {"berlin@example.org"}}
		r := ps.post(t, ps.CoordA, path, edit)
		if r.code != http.StatusConflict {
			t.Fatalf("a form without a version: %d, want 409", r.code)
		}
		mustContain(t, "a form without a version", r.body, "This form did not say which version of the record it edits", `value="berlin@example.org"`)
		mustNotContain(t, "a form without a version", r.body, "Someone else saved this record")
		if got := fieldCurrent(r.body, "contact"); got != "The current version leaves this empty." {
			t.Errorf("under contact: %q", got)
		}
		if c, _ := db.Communities().Community(context.Background(), ps.A.ID); c.Contact != "" {
			t.Errorf("a form without a version was saved: contact %q", c.Contact)
		}
		edit.Set("version", versionOf(t, r.body, path))
		if r := ps.post(t, ps.CoordA, path, edit); r.code != http.StatusSeeOther {
			t.Fatalf("saved again: %d", r.code)
		}
		if c, _ := db.Communities().Community(context.Background(), ps.A.ID); c.Contact != "berlin@example.org" {
			t.Errorf("saved again: contact %q", c.Contact)
		}

		// An event's form likewise; its cancel button without a version
		// says the event changed, cancelling nothing.
		id := location(t, ps.post(t, ps.CoordA, "/events", workshopForm(ps.A.ID, 2)), "/events/")
		second := workshopForm(ps.A.ID, 2)
		second.Set("title", "Wikidata workshop for beginners")
		r = ps.post(t, ps.CoordA, fmt.Sprintf("/events/%d/edit", id), second)
		if r.code != http.StatusConflict {
			t.Fatalf("an event form without a version: %d, want 409", r.code)
		}
		mustContain(t, "an event form without a version", r.body, "This form did not say which version", `value="Wikidata workshop for beginners"`)
		if r := ps.post(t, ps.CoordA, fmt.Sprintf("/events/%d/cancel", id), url.Values{}); r.code != http.StatusConflict {
			t.Errorf("cancel without a version: %d, want 409", r.code)
		}
		if e, _ := db.Events().Event(context.Background(), id); e.Status == "cancelled" || e.Title != "Wikidata <b>workshop</b>" {
			t.Errorf("after the forms without a version: %+v", e)
		}
	})
}
