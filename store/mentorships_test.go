package store_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

func TestCapacityVocabularyIsThreeLevelsWithLabels(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := storetest.MustPartners(t, db)
		ctx := context.Background()
		cs, err := db.Capacities().Capacities(ctx)
		if err != nil || len(cs) < 20 {
			t.Fatalf("vocabulary: %v, %d entries", err, len(cs))
		}
		byCode := map[string]*wikicities.Capacity{}
		for _, c := range cs {
			byCode[c.Code] = c
			for _, lang := range []string{"en", "de", "ar"} {
				if c.Labels[lang] == "" {
					t.Errorf("%s has no %s label", c.Code, lang)
				}
			}
			if c.Parent != "" && byCode[c.Parent] == nil {
				t.Errorf("%s listed before its parent %s", c.Code, c.Parent)
			}
		}
		if p := byCode["content.photography"]; p == nil || p.QID != "Q11633" || p.Labels["de"] != "Fotografie" {
			t.Errorf("photography = %+v", p)
		}
		caps := db.Capacities()
		add := &wikicities.Capacity{Code: "content.photography.aerial", QID: "Q191839", Labels: map[string]string{"en": "Aerial photography", "de": "Luftbildfotografie"}}
		if err := caps.AddCapacity(storetest.As(ctx, w.Member), add); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("member adds: %v", err)
		}
		if err := caps.AddCapacity(storetest.As(ctx, w.Admin), add); err != nil || add.Parent != "content.photography" {
			t.Fatalf("admin adds: %v, parent %q", err, add.Parent)
		}
		for _, bad := range []*wikicities.Capacity{
			{Code: "a.b.c.d", Labels: map[string]string{"en": "Four levels"}},
			{Code: "nothere.child", Labels: map[string]string{"en": "Orphan"}},
			{Code: "fine", QID: "X1", Labels: map[string]string{"en": "Bad QID"}},
			{Code: "fine", Labels: map[string]string{"de": "Nur Deutsch"}},
		} {
			if err := caps.AddCapacity(storetest.As(ctx, w.Admin), bad); !errors.Is(err, wikicities.ErrInvalid) {
				t.Errorf("AddCapacity(%+v) = %v, want ErrInvalid", bad, err)
			}
		}
		if err := caps.AddCapacity(storetest.As(ctx, w.Admin), add); !errors.Is(err, wikicities.ErrConflict) {
			t.Errorf("twice: %v", err)
		}
	})
}

func TestHolderCapacitiesAreSetByTheirOwners(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := storetest.MustPartners(t, db)
		ctx := context.Background()
		caps := db.Capacities()
		me := wikicities.Holder{Kind: wikicities.HolderPerson, ID: w.Member.UserID}
		set := &wikicities.HolderCapacities{Holder: me, Known: []string{"content.editing"}, Wanted: []string{"content.wikidata", "content.photography", "content.wikidata"}}
		if err := caps.SetHolderCapacities(storetest.As(ctx, w.Member), set); err != nil {
			t.Fatal(err)
		}
		got, err := caps.HolderCapacities(ctx, me)
		if err != nil || !reflect.DeepEqual(got.Wanted, []string{"content.photography", "content.wikidata"}) || !reflect.DeepEqual(got.Known, []string{"content.editing"}) || len(got.Available) != 0 {
			t.Fatalf("got %+v, %v", got, err)
		}
		other := &wikicities.HolderCapacities{Holder: wikicities.Holder{Kind: wikicities.HolderPerson, ID: w.CoordB.UserID}, Available: []string{"content.editing"}}
		if err := caps.SetHolderCapacities(storetest.As(ctx, w.Member), other); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("someone else's: %v", err)
		}
		group := &wikicities.HolderCapacities{Holder: wikicities.Holder{Kind: wikicities.HolderGroup, ID: w.B.ID}, Available: []string{"content.editing"}}
		if err := caps.SetHolderCapacities(storetest.As(ctx, w.CoordA), group); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("another group's: %v", err)
		}
		if err := caps.SetHolderCapacities(storetest.As(ctx, w.CoordB), group); err != nil {
			t.Errorf("own group's: %v", err)
		}
		bad := &wikicities.HolderCapacities{Holder: me, Wanted: []string{"juggling"}}
		if err := caps.SetHolderCapacities(storetest.As(ctx, w.Member), bad); !errors.Is(err, wikicities.ErrInvalid) {
			t.Errorf("unknown code: %v", err)
		}
		if err := caps.SetHolderCapacities(ctx, set); !errors.Is(err, wikicities.ErrUnauthorized) {
			t.Errorf("anonymous: %v", err)
		}
		all, err := caps.AllHolderCapacities(ctx)
		if err != nil || len(all) != 2 || all[0].Holder.Kind != wikicities.HolderGroup {
			t.Errorf("all = %+v, %v", all, err)
		}
	})
}

// A save of a holder's capacities names the version it was based on: one
// based on a stale read is refused and changes nothing (two coordinators
// of a group saving at once lost one's change); version 0 writes
// unconditionally, as imports and the command line do.
func TestHolderCapacitiesRefuseAStaleSave(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := storetest.MustPartners(t, db)
		ctx := storetest.As(context.Background(), w.CoordB)
		caps := db.Capacities()
		group := wikicities.Holder{Kind: wikicities.HolderGroup, ID: w.B.ID}
		read, err := caps.HolderCapacities(ctx, group)
		if err != nil || read.Version != 1 {
			t.Fatalf("before any save: version %d, %v", read.Version, err)
		}
		mine := &wikicities.HolderCapacities{Holder: group, Available: []string{"content.editing"}, Version: read.Version}
		if err := caps.SetHolderCapacities(ctx, mine); err != nil || mine.Version != 2 {
			t.Fatalf("first save: version %d, %v", mine.Version, err)
		}
		theirs := &wikicities.HolderCapacities{Holder: group, Wanted: []string{"content.wikidata"}, Version: read.Version}
		var se *wikicities.StaleError
		if err := caps.SetHolderCapacities(ctx, theirs); !errors.As(err, &se) || se.Current != 2 || !errors.Is(err, wikicities.ErrStale) {
			t.Errorf("a save from a stale read: %v", err)
		}
		if got, _ := caps.HolderCapacities(ctx, group); !reflect.DeepEqual(got.Available, []string{"content.editing"}) || len(got.Wanted) != 0 || got.Version != 2 {
			t.Errorf("after the stale save: %+v", got)
		}
		theirs.Version = 0
		if err := caps.SetHolderCapacities(ctx, theirs); err != nil || theirs.Version != 3 {
			t.Errorf("an unconditional save: version %d, %v", theirs.Version, err)
		}
	})
}

func TestMentorshipLifecycleThroughTheStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clock := withPartnershipClock(db)
		w := storetest.MustPartners(t, db)
		ctx := context.Background()
		as := func(a *wikicities.Actor) context.Context { return storetest.As(ctx, a) }
		mentor := &wikicities.HolderCapacities{Holder: wikicities.Holder{Kind: wikicities.HolderPerson, ID: w.CoordB.UserID},
			Available: []string{"content.photography"}, MenteeLimit: 1}
		if err := db.Capacities().SetHolderCapacities(as(w.CoordB), mentor); err != nil {
			t.Fatal(err)
		}
		ms := db.Mentorships()
		m := &wikicities.Mentorship{Kind: wikicities.HolderPerson, Mentor: w.CoordB.UserID, Mentee: w.Member.UserID, Capacity: "content.photography", Goals: "Upload 50 photos"}
		if err := ms.RequestMentorship(as(w.CoordA), m); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("asked for someone else: %v", err)
		}
		if err := ms.RequestMentorship(as(w.Member), m); err != nil {
			t.Fatal(err)
		}
		if m.State != wikicities.MentorshipRequested || m.Months != 3 || m.MentorName != w.CoordB.Username {
			t.Fatalf("requested %+v", m)
		}
		again := *m
		if err := ms.RequestMentorship(as(w.Member), &again); !errors.Is(err, wikicities.ErrConflict) {
			t.Errorf("asked twice: %v", err)
		}
		wrong := &wikicities.Mentorship{Kind: wikicities.HolderPerson, Mentor: w.CoordB.UserID, Mentee: w.Member.UserID, Capacity: "content.wikidata"}
		if err := ms.RequestMentorship(as(w.Member), wrong); !errors.Is(err, wikicities.ErrInvalid) {
			t.Errorf("capacity the mentor lacks: %v", err)
		}
		long := &wikicities.Mentorship{Kind: wikicities.HolderPerson, Mentor: w.CoordB.UserID, Mentee: w.CoordA.UserID, Capacity: "content.photography", Months: 7}
		if err := ms.RequestMentorship(as(w.CoordA), long); !errors.Is(err, wikicities.ErrInvalid) {
			t.Errorf("7 months: %v", err)
		}
		if _, err := ms.MentorshipAction(as(w.Member), m.ID, "accept"); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("mentee accepts: %v", err)
		}
		if _, err := ms.MentorshipAction(as(w.CoordC), m.ID, "cancel"); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("outsider cancels: %v", err)
		}
		if _, err := ms.MentorshipAction(as(w.CoordB), m.ID, "accept"); err != nil {
			t.Fatal(err)
		}
		if _, err := ms.AddCheckIn(as(w.Member), m.ID, "first call"); !errors.Is(err, wikicities.ErrConflict) {
			t.Errorf("check-in before start: %v", err)
		}
		// The mentor takes one mentee: the second request is refused.
		second := &wikicities.Mentorship{Kind: wikicities.HolderPerson, Mentor: w.CoordB.UserID, Mentee: w.CoordA.UserID, Capacity: "content.photography"}
		if err := ms.RequestMentorship(as(w.CoordA), second); !errors.Is(err, wikicities.ErrInvalid) {
			t.Errorf("over the mentee limit: %v", err)
		}
		got, err := ms.MentorshipAction(as(w.Member), m.ID, "start")
		if err != nil || got.State != wikicities.MentorshipActive || !got.EndsAt.Equal(clock.t.AddDate(0, 3, 0)) {
			t.Fatalf("start: %+v, %v", got, err)
		}
		c, err := ms.AddCheckIn(as(w.Member), m.ID, "  uploaded 10 photos  ")
		if err != nil || c.Note != "uploaded 10 photos" || c.ActivityID != 0 {
			t.Fatalf("check-in: %+v, %v", c, err)
		}
		got, err = ms.Mentorship(ctx, m.ID)
		if err != nil || len(got.CheckIns) != 1 || got.CheckIns[0].Author != w.Member.Username {
			t.Fatalf("read back: %+v, %v", got, err)
		}
		if _, err := ms.MentorshipAction(as(w.CoordB), m.ID, "accept"); !errors.Is(err, wikicities.ErrConflict) {
			t.Errorf("accept an active one: %v", err)
		}
		if _, err := ms.MentorshipAction(as(w.CoordB), m.ID, "frobnicate"); !errors.Is(err, wikicities.ErrInvalid) {
			t.Errorf("unknown action: %v", err)
		}
		if got, err := ms.MentorshipAction(as(w.CoordB), m.ID, "complete"); err != nil || got.State != wikicities.MentorshipCompleted {
			t.Fatalf("complete: %+v, %v", got, err)
		}
		list, err := ms.Mentorships(ctx, wikicities.Holder{Kind: wikicities.HolderPerson, ID: w.CoordB.UserID})
		if err != nil || len(list) != 1 || list[0].ID != m.ID {
			t.Errorf("list: %+v, %v", list, err)
		}
		// Away until next week: no request meanwhile.
		mentor.AwayUntil = clock.t.Add(7 * 24 * time.Hour)
		if err := db.Capacities().SetHolderCapacities(as(w.CoordB), mentor); err != nil {
			t.Fatal(err)
		}
		if err := ms.RequestMentorship(as(w.CoordA), second); !errors.Is(err, wikicities.ErrInvalid) {
			t.Errorf("mentor away: %v", err)
		}
	})
}

// A refused request says what is wrong as a Problem, so that the page
// says it in the reader's language: too long goals and a length outside
// the months offered were English on German and Arabic pages.
func TestMentorshipRefusalsCarryTheirProblem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := storetest.MustPartners(t, db)
		ctx := storetest.As(context.Background(), w.Member)
		m := &wikicities.Mentorship{Kind: wikicities.HolderPerson, Mentor: w.CoordB.UserID, Mentee: w.Member.UserID, Capacity: "content.photography",
			Goals: strings.Repeat("ص", 1001), Months: 99}
		var ve wikicities.ValidationErrors
		if err := db.Mentorships().RequestMentorship(ctx, m); !errors.As(err, &ve) {
			t.Fatalf("long goals and 99 months: %v", err)
		}
		got := map[string]wikicities.Problem{}
		for _, e := range ve {
			got[e.Field] = e.Problem
		}
		if got["goals"] != wikicities.ProblemTooLong || got["months"] != wikicities.ProblemNumberRange {
			t.Errorf("problems %v, want goals too_long and months number_range", got)
		}
	})
}

func TestGroupMentoringCheckInCountsAsPartnershipActivity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		withPartnershipClock(db)
		w := storetest.MustPartners(t, db)
		ctx := context.Background()
		as := func(a *wikicities.Actor) context.Context { return storetest.As(ctx, a) }
		p := mustPropose(t, db, w, w.B, wikicities.TypeTwinning)
		if _, err := db.Partnerships().Transition(as(w.CoordB), p.ID, wikicities.ActionAccept, p.Version, ""); err != nil {
			t.Fatal(err)
		}
		if err := db.Capacities().SetHolderCapacities(as(w.CoordB), &wikicities.HolderCapacities{
			Holder: wikicities.Holder{Kind: wikicities.HolderGroup, ID: w.B.ID}, Available: []string{"organization.glam"}}); err != nil {
			t.Fatal(err)
		}
		ms := db.Mentorships()
		for _, g := range []struct {
			who *wikicities.Actor
			id  int64
			hc  wikicities.HolderCapacities
		}{{w.CoordC, w.C.ID, wikicities.HolderCapacities{Available: []string{"organization.glam"}}},
			{w.CoordA, w.A.ID, wikicities.HolderCapacities{Wanted: []string{"organization.glam"}}}} {
			g.hc.Holder = wikicities.Holder{Kind: wikicities.HolderGroup, ID: g.id}
			if err := db.Capacities().SetHolderCapacities(as(g.who), &g.hc); err != nil {
				t.Fatal(err)
			}
		}
		groupA := wikicities.Holder{Kind: wikicities.HolderGroup, ID: w.A.ID}
		ss, err := ms.SuggestMentors(ctx, groupA, "", 0)
		if err != nil || len(ss) != 2 || ss[0].Mentor.ID != w.B.ID || ss[1].Mentor.ID != w.C.ID {
			t.Fatalf("suggestions: %+v, %v", ss, err)
		}
		if ss[0].Reasons[1].Code != "partner_groups" || ss[0].Name != w.B.Name {
			t.Errorf("the partner's reasons: %+v", ss[0].Reasons)
		}
		m := &wikicities.Mentorship{Kind: wikicities.HolderGroup, Mentor: w.B.ID, Mentee: w.A.ID, Capacity: "organization.glam", Months: 2}
		if err := ms.RequestMentorship(as(w.CoordA), m); err != nil {
			t.Fatal(err)
		}
		for _, step := range []struct {
			who    *wikicities.Actor
			action string
		}{{w.CoordB, "accept"}, {w.CoordA, "start"}} {
			if _, err := ms.MentorshipAction(as(step.who), m.ID, step.action); err != nil {
				t.Fatalf("%s: %v", step.action, err)
			}
		}
		if ss, _ := ms.SuggestMentors(ctx, groupA, "", 0); len(ss) != 1 || ss[0].Mentor.ID != w.C.ID {
			t.Errorf("an open mentorship still suggested: %+v", ss)
		}
		c, err := ms.AddCheckIn(as(w.CoordA), m.ID, "met the museum's archivist")
		if err != nil || c.ActivityID == 0 {
			t.Fatalf("check-in: %+v, %v", c, err)
		}
		got, err := db.Partnerships().Partnership(ctx, p.ID)
		if err != nil || got.LastActivity.IsZero() {
			t.Errorf("partnership's last activity not set: %+v, %v", got, err)
		}
		// Logged as any activity is: its first one makes the accepted
		// partnership active, and it is audited.
		if got.State != wikicities.StateActive {
			t.Errorf("after its first activity, the partnership is %s, want active", got.State)
		}
		if log, err := db.AuditLog(ctx, "partnership_activity", c.ActivityID, 10); err != nil || len(log) != 1 || log[0].Action != "create" {
			t.Errorf("the check-in's activity in the audit log: %+v, %v", log, err)
		}
		// A group outside the partnership (C) gets no activity.
		m2 := &wikicities.Mentorship{Kind: wikicities.HolderGroup, Mentor: w.C.ID, Mentee: w.A.ID, Capacity: "organization.glam"}
		if err := ms.RequestMentorship(as(w.CoordA), m2); err != nil {
			t.Fatal(err)
		}
		ms.MentorshipAction(as(w.CoordC), m2.ID, "accept")
		ms.MentorshipAction(as(w.CoordC), m2.ID, "start")
		if c, err := ms.AddCheckIn(as(w.CoordC), m2.ID, "first call"); err != nil || c.ActivityID != 0 {
			t.Errorf("non-partners' check-in: %+v, %v", c, err)
		}
	})
}

// The mentoring index is kept between calls; a write from any handle of the
// store (another server, the CLI) reaches the next suggestion, and a mentor
// whose accepted mentees reach their limit is no longer suggested.
func TestSuggestMentorsSeesEveryHandlesWritesAndMenteeLimits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		withPartnershipClock(db)
		w := storetest.MustPartners(t, db)
		ctx := context.Background()
		as := func(a *wikicities.Actor) context.Context { return storetest.As(ctx, a) }
		person := func(a *wikicities.Actor) wikicities.Holder {
			return wikicities.Holder{Kind: wikicities.HolderPerson, ID: a.UserID}
		}
		set := func(d *store.DB, a *wikicities.Actor, hc wikicities.HolderCapacities) {
			t.Helper()
			hc.Holder = person(a)
			if err := d.Capacities().SetHolderCapacities(as(a), &hc); err != nil {
				t.Fatal(err)
			}
		}
		mentors := func(h wikicities.Holder, capacity string) []string {
			t.Helper()
			ss, err := db.Mentorships().SuggestMentors(ctx, h, capacity, 0)
			if err != nil {
				t.Fatalf("SuggestMentors(%v, %q): %v", h, capacity, err)
			}
			var names []string
			for _, s := range ss {
				names = append(names, s.Name)
			}
			return names
		}
		set(db, w.CoordB, wikicities.HolderCapacities{Available: []string{"content.photography"}, MenteeLimit: 1})
		set(db, w.Member, wikicities.HolderCapacities{Wanted: []string{"content.photography"}})
		if got := mentors(person(w.Member), ""); !reflect.DeepEqual(got, []string{w.CoordB.Username}) {
			t.Fatalf("before: %v", got)
		}
		other, err := store.Open(ctx, db.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		set(other, w.CoordC, wikicities.HolderCapacities{Available: []string{"content.photography"}})
		if got := mentors(person(w.Member), ""); len(got) != 2 {
			t.Fatalf("after another handle's write: %v, want bertrand and chloe", got)
		}
		// Anna's accepted mentorship fills Bertrand's one place.
		ms := db.Mentorships()
		m := &wikicities.Mentorship{Kind: wikicities.HolderPerson, Mentor: w.CoordB.UserID, Mentee: w.CoordA.UserID, Capacity: "content.photography"}
		if err := ms.RequestMentorship(as(w.CoordA), m); err != nil {
			t.Fatal(err)
		}
		if got := mentors(person(w.Member), ""); len(got) != 2 {
			t.Errorf("a request alone takes no place: %v", got)
		}
		if _, err := ms.MentorshipAction(as(w.CoordB), m.ID, "accept"); err != nil {
			t.Fatal(err)
		}
		if got := mentors(person(w.Member), ""); !reflect.DeepEqual(got, []string{w.CoordC.Username}) {
			t.Errorf("with Bertrand at his limit: %v, want chloe only", got)
		}
		// Anna holds no capacities but is in a mentorship: Bertrand is
		// left out for her. Ada holds none and is in none: asking for one
		// capacity still finds its mentors.
		if got := mentors(person(w.CoordA), "content.photography"); !reflect.DeepEqual(got, []string{w.CoordC.Username}) {
			t.Errorf("for a mentee: %v", got)
		}
		if got := mentors(person(w.Admin), "content.photography"); !reflect.DeepEqual(got, []string{w.CoordC.Username}) {
			t.Errorf("for someone without capacities: %v", got)
		}
		if got := mentors(person(w.Admin), ""); len(got) != 0 {
			t.Errorf("nothing wanted, nothing asked: %v", got)
		}
		if _, err := ms.SuggestMentors(ctx, wikicities.Holder{Kind: wikicities.HolderPerson, ID: 9999}, "", 0); !errors.Is(err, wikicities.ErrNotFound) {
			t.Errorf("unknown person: %v", err)
		}
		if _, err := ms.SuggestMentors(ctx, wikicities.Holder{Kind: "robot", ID: 1}, "", 0); !errors.Is(err, wikicities.ErrInvalid) {
			t.Errorf("unknown kind: %v", err)
		}
	})
}
