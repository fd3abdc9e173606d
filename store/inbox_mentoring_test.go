package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// kinds returns the kinds of the mentoring items of userID's inbox.
func mentoringKinds(t *testing.T, db *store.DB, userID int64) map[wikicities.InboxKind]wikicities.InboxItem {
	t.Helper()
	in, err := db.Inboxes().Inbox(context.Background(), userID, 14*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	out := map[wikicities.InboxKind]wikicities.InboxItem{}
	for _, it := range in.Items {
		if it.MentorshipID != 0 {
			out[it.Kind] = it
		}
	}
	return out
}

// A mentorship reaches the inbox: the request waits for the mentor's side,
// the acceptance is news for the mentee's, and an active mentorship four
// weeks without a check-in is a to-do for both until one is logged.
func TestInboxFollowsAMentorship(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clock := withPartnershipClock(db)
		w := storetest.MustPartners(t, db)
		ctx := context.Background()
		as := func(a *wikicities.Actor) context.Context { return storetest.As(ctx, a) }
		if err := db.Capacities().SetHolderCapacities(as(w.CoordB), &wikicities.HolderCapacities{Holder: wikicities.Holder{Kind: wikicities.HolderGroup, ID: w.B.ID},
			Available: []string{"content.photography"}}); err != nil {
			t.Fatal(err)
		}
		m := &wikicities.Mentorship{Kind: wikicities.HolderGroup, Mentor: w.B.ID, Mentee: w.A.ID, Capacity: "content.photography"}
		if err := db.Mentorships().RequestMentorship(as(w.CoordA), m); err != nil {
			t.Fatal(err)
		}
		req, ok := mentoringKinds(t, db, w.CoordB.UserID)[wikicities.InboxMentorRequest]
		if !ok || !req.ToDo || req.MentorshipID != m.ID || req.Actor != w.A.Name || req.Ours.ID != w.B.ID || req.TitleLabels["de"] == "" || req.Title != "Photography" {
			t.Fatalf("the mentor's inbox: %+v", mentoringKinds(t, db, w.CoordB.UserID))
		}
		if got := mentoringKinds(t, db, w.CoordA.UserID); len(got) != 0 {
			t.Errorf("the mentee's inbox before an answer: %+v", got)
		}
		if got := mentoringKinds(t, db, w.CoordC.UserID); len(got) != 0 {
			t.Errorf("an outsider's inbox: %+v", got)
		}
		clock.Add(time.Hour)
		if _, err := db.Mentorships().MentorshipAction(as(w.CoordB), m.ID, "accept"); err != nil {
			t.Fatal(err)
		}
		acc, ok := mentoringKinds(t, db, w.CoordA.UserID)[wikicities.InboxMentorAccepted]
		if !ok || acc.ToDo || !acc.New || acc.Actor != w.B.Name {
			t.Errorf("the mentee's inbox after the answer: %+v", mentoringKinds(t, db, w.CoordA.UserID))
		}
		if got := mentoringKinds(t, db, w.CoordB.UserID); len(got) != 0 {
			t.Errorf("the mentor's inbox after answering: %+v", got)
		}
		if _, err := db.Mentorships().MentorshipAction(as(w.CoordA), m.ID, "start"); err != nil {
			t.Fatal(err)
		}
		clock.Add(27 * 24 * time.Hour)
		if got := mentoringKinds(t, db, w.CoordA.UserID); got[wikicities.InboxCheckInDue].Key != "" {
			t.Errorf("a check-in due before four weeks: %+v", got)
		}
		clock.Add(2 * 24 * time.Hour)
		for _, u := range []*wikicities.Actor{w.CoordA, w.CoordB} {
			if due, ok := mentoringKinds(t, db, u.UserID)[wikicities.InboxCheckInDue]; !ok || !due.ToDo || due.Due.IsZero() {
				t.Errorf("%s: no check-in due after four weeks: %+v", u.Username, mentoringKinds(t, db, u.UserID))
			}
		}
		if _, err := db.Mentorships().AddCheckIn(as(w.CoordB), m.ID, "40 photos"); err != nil {
			t.Fatal(err)
		}
		if got := mentoringKinds(t, db, w.CoordA.UserID); got[wikicities.InboxCheckInDue].Key != "" {
			t.Errorf("still due after a check-in: %+v", got)
		}
		clock.Add(29 * 24 * time.Hour)
		if _, ok := mentoringKinds(t, db, w.CoordA.UserID)[wikicities.InboxCheckInDue]; !ok {
			t.Errorf("no check-in due four weeks after the last one")
		}
	})
}

// Between two people, the request waits for the mentor in person.
func TestInboxMentoringBetweenPeople(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := storetest.MustPartners(t, db)
		ctx := context.Background()
		mentor := wikicities.Holder{Kind: wikicities.HolderPerson, ID: w.CoordC.UserID}
		if err := db.Capacities().SetHolderCapacities(storetest.As(ctx, w.CoordC), &wikicities.HolderCapacities{Holder: mentor,
			Available: []string{"content.wikidata"}}); err != nil {
			t.Fatal(err)
		}
		m := &wikicities.Mentorship{Kind: wikicities.HolderPerson, Mentor: w.CoordC.UserID, Mentee: w.Member.UserID, Capacity: "content.wikidata"}
		if err := db.Mentorships().RequestMentorship(storetest.As(ctx, w.Member), m); err != nil {
			t.Fatal(err)
		}
		req, ok := mentoringKinds(t, db, w.CoordC.UserID)[wikicities.InboxMentorRequest]
		if !ok || req.Actor != w.Member.Username || req.Ours.Name != "" {
			t.Errorf("the mentor's inbox: %+v", mentoringKinds(t, db, w.CoordC.UserID))
		}
	})
}
