package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// Mentoring is emailed like everything else in the inbox, in the reader's
// language and linking to the mentorship's page: the request to the
// mentor's side, the acceptance to the mentee's, and a due check-in to
// both; a person who chose never gets none of it.
func TestMentoringIsEmailedWithALinkToTheMentorship(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newMailRig(t, db)
		clk, w, box, send := r.clk, r.w, r.box, r.send
		r.language(w.CoordB, "de")
		if err := db.Capacities().SetHolderCapacities(as(w.CoordB), &wikicities.HolderCapacities{Holder: wikicities.Holder{Kind: wikicities.HolderGroup, ID: w.B.ID},
			Available: []string{"content.photography"}}); err != nil {
			t.Fatal(err)
		}
		m := &wikicities.Mentorship{Kind: wikicities.HolderGroup, Mentor: w.B.ID, Mentee: w.A.ID, Capacity: "content.photography"}
		if err := db.Mentorships().RequestMentorship(as(w.CoordA), m); err != nil {
			t.Fatal(err)
		}
		clk.Add(time.Minute)
		send()
		link := "https://wikicities.example/mentorships/"
		got := box.To("bertrand@example.org")
		if len(got) != 1 || got[0].Subject() != "WikiCities: Wikimedians of Berlin bittet Wikimedia Paris um Mentoring in Fotografie" || !strings.Contains(got[0].Body, link) {
			t.Fatalf("the mentor's email: %d messages, %+v", len(got), got)
		}
		clk.Add(time.Hour)
		if _, err := db.Mentorships().MentorshipAction(as(w.CoordB), m.ID, "accept"); err != nil {
			t.Fatal(err)
		}
		clk.Add(time.Minute)
		send()
		got = box.To("anna@example.org")
		if len(got) != 1 || got[0].Subject() != "WikiCities: Wikimedia Paris accepted to mentor Wikimedians of Berlin in Photography" || !strings.Contains(got[0].Body, link) {
			t.Fatalf("the mentee's emails: %d %+v", len(got), got)
		}
		if _, err := db.Mentorships().MentorshipAction(as(w.CoordA), m.ID, "start"); err != nil {
			t.Fatal(err)
		}
		if err := db.Inboxes().SetEmailFrequency(context.Background(), w.CoordB.UserID, wikicities.EmailNever); err != nil {
			t.Fatal(err)
		}
		clk.Add(29 * 24 * time.Hour)
		send()
		if got := box.To("anna@example.org"); len(got) != 2 || !strings.Contains(got[1].Subject(), "Time for a check-in") {
			t.Errorf("the check-in reminder: %d emails", len(got))
		}
		if got := box.To("bertrand@example.org"); len(got) != 1 {
			t.Errorf("bertrand chose never but got %d emails", len(got))
		}
	})
}
