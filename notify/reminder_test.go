package notify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// People holding a place at an event are emailed a reminder once, about
// two days before it starts, in their language, with its page's link; the
// people waiting for a place are not.
func TestRegisteredPeopleAreRemindedBeforeTheEvent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newMailRig(t, db)
		clk, w, box, send := r.clk, r.w, r.box, r.send
		r.opt.BaseURL = "https://wikicities.example"
		r.language(w.Member, "de")
		start := clk.Now().Add(5 * 24 * time.Hour)
		e := &wikicities.Event{Title: "Wikidata-Workshop", Type: wikicities.EventWorkshop, Mode: wikicities.ModeOnline,
			OnlineURL: "https://meet.example.org/w", TimeZone: "Europe/Berlin", Start: start, End: start.Add(2 * time.Hour),
			Organisers: []wikicities.Party{w.A}, Capacity: 1, Waitlist: true, Registration: wikicities.ListPublic}
		if err := db.Events().CreateEvent(as(w.CoordA), e); err != nil {
			t.Fatal(err)
		}
		for _, a := range []*wikicities.Actor{w.Member, w.CoordC} { // max holds the place, chloe waits
			if _, err := db.Events().Register(as(a), e.ID, nil); err != nil {
				t.Fatal(err)
			}
		}
		send()
		if n := len(box.To("max@example.org")); n != 0 {
			t.Fatalf("max was reminded five days ahead (%d messages)", n)
		}
		clk.Add(3*24*time.Hour + time.Hour) // 47 hours before the start
		send()
		got := box.To("max@example.org")
		if len(got) != 1 {
			t.Fatalf("max received %d reminders, want 1", len(got))
		}
		body := strings.ReplaceAll(got[0].Body, "\r\n", "\n")
		if s := got[0].Subject(); !strings.Contains(s, "Erinnerung: „Wikidata-Workshop“ beginnt am 7. März 2026, 09:00 UTC") {
			t.Errorf("subject %q", s)
		}
		if !strings.Contains(body, "https://wikicities.example/events/") {
			t.Errorf("the reminder does not link to the event:\n%s", body)
		}
		if n := len(box.To("chloe@example.org")); n != 0 {
			t.Errorf("chloe, who waits for a place, was reminded")
		}
		clk.Add(time.Hour)
		send()
		if n := len(box.To("max@example.org")); n != 1 {
			t.Errorf("max was reminded %d times", n)
		}
	})
}
