package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// kpWorld is the Partners world with Berlin and Paris twinned.
func kpWorld(t *testing.T, db *store.DB) *storetest.Partners {
	t.Helper()
	withPartnershipClock(db)
	w := storetest.MustPartners(t, db)
	a, b := min(w.Berlin, w.Paris), max(w.Berlin, w.Paris)
	if _, err := db.Exec(context.Background(), `INSERT INTO twin_links (a, b, source, created_at) VALUES (?, ?, 'manual', 0)`, a, b); err != nil {
		t.Fatal(err)
	}
	return w
}

// mustAccounts adds n member accounts.
func mustAccounts(t *testing.T, db *store.DB, n int) []*wikicities.Actor {
	t.Helper()
	out := make([]*wikicities.Actor, n)
	for i := range out {
		name := fmt.Sprintf("person%02d", i)
		var id int64
		if err := db.QueryRow(context.Background(), `INSERT INTO users (username, email, role, created_at, updated_at)
			VALUES (?, '', 'member', 0, 0) RETURNING id`, name).Scan(&id); err != nil {
			t.Fatal(err)
		}
		out[i] = &wikicities.Actor{UserID: id, Username: name, Role: wikicities.RoleMember}
	}
	return out
}

func workshop(w *storetest.Partners, start time.Time, capacity int) *wikicities.Event {
	return &wikicities.Event{
		Title: "Wikidata workshop", Type: wikicities.EventWorkshop, Mode: wikicities.ModeInPerson, TimeZone: "Europe/Berlin",
		Start: start, End: start.Add(3 * time.Hour), CityID: w.Berlin, Address: "Tempelhofer Ufer 24",
		Organisers: []wikicities.Party{w.A}, Capacity: capacity, Waitlist: true, Registration: wikicities.ListPrivate,
		Questions: []wikicities.Question{{Text: "First workshop?", Options: []string{"yes", "no"}}},
	}
}

func mustEvent(t *testing.T, db *store.DB, w *storetest.Partners, capacity int) *wikicities.Event {
	t.Helper()
	e := workshop(w, db.Now().Add(7*24*time.Hour), capacity)
	if err := db.Events().CreateEvent(storetest.As(context.Background(), w.CoordA), e); err != nil {
		t.Fatal(err)
	}
	return e
}

// Many people registering at once never take more places than there are:
// exactly capacity hold a place and the rest wait in line, on both stores.
func TestConcurrentRegistrationsNeverExceedCapacity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := kpWorld(t, db)
		const capacity, people = 5, 40
		e := mustEvent(t, db, w, capacity)
		accounts := mustAccounts(t, db, people)
		var wg sync.WaitGroup
		errs := make(chan error, people)
		for _, a := range accounts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := db.Events().Register(storetest.As(context.Background(), a), e.ID, nil); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		got, err := db.Events().Event(context.Background(), e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Registered != capacity || got.Waitlisted != people-capacity {
			t.Fatalf("%d registered and %d waiting, want %d and %d", got.Registered, got.Waitlisted, capacity, people-capacity)
		}
		// Without a waitlist, the ones who come too late are refused.
		e2 := workshop(w, e.Start, 3)
		e2.Waitlist = false
		if err := db.Events().CreateEvent(storetest.As(context.Background(), w.CoordA), e2); err != nil {
			t.Fatal(err)
		}
		var refused sync.Map
		for i, a := range accounts[:20] {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := db.Events().Register(storetest.As(context.Background(), a), e2.ID, nil)
				var re *wikicities.RegistrationError
				if errors.As(err, &re) && re.Status == wikicities.RegistrationFull {
					refused.Store(i, true)
				} else if err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		n := 0
		refused.Range(func(_, _ any) bool { n++; return true })
		got, _ = db.Events().Event(context.Background(), e2.ID)
		if got.Registered != 3 || n != 17 {
			t.Fatalf("no waitlist: %d registered, %d refused, want 3 and 17", got.Registered, n)
		}
	})
}

// Cancelling a place moves the first person waiting up, and only them.
func TestCancellingPromotesTheFirstPersonWaiting(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := kpWorld(t, db)
		e := mustEvent(t, db, w, 2)
		p := mustAccounts(t, db, 4)
		ctx := context.Background()
		for i, a := range p {
			r, err := db.Events().Register(storetest.As(ctx, a), e.ID, []int{i % 2})
			if err != nil {
				t.Fatal(err)
			}
			want := wikicities.Registered
			if i >= 2 {
				want = wikicities.Waitlisted
			}
			if r.State != want || (want == wikicities.Waitlisted && r.Position != i-1) {
				t.Fatalf("person %d: %s at %d, want %s", i, r.State, r.Position, want)
			}
		}
		if _, err := db.Events().Register(storetest.As(ctx, p[0]), e.ID, nil); !errors.Is(err, wikicities.ErrConflict) {
			t.Errorf("registering twice: %v", err)
		}
		// Someone else may not cancel person 1's place.
		if _, err := db.Events().CancelRegistration(storetest.As(ctx, p[3]), e.ID, p[1].UserID); !errors.Is(err, wikicities.ErrForbidden) {
			t.Fatalf("cancelling another's place: %v", err)
		}
		promoted, err := db.Events().CancelRegistration(storetest.As(ctx, p[1]), e.ID, p[1].UserID)
		if err != nil {
			t.Fatal(err)
		}
		if len(promoted) != 1 || promoted[0].UserID != p[2].UserID || promoted[0].State != wikicities.Registered || promoted[0].PromotedAt.IsZero() {
			t.Fatalf("promoted %+v, want person 2 alone", promoted)
		}
		mine, err := db.Events().MyRegistration(storetest.As(ctx, p[3]), e.ID)
		if err != nil || mine.State != wikicities.Waitlisted || mine.Position != 1 {
			t.Fatalf("person 3: %+v %v, want first in line", mine, err)
		}
		// An organiser cancels a waiting person: nobody moves up.
		promoted, err = db.Events().CancelRegistration(storetest.As(ctx, w.CoordA), e.ID, p[3].UserID)
		if err != nil || len(promoted) != 0 {
			t.Fatalf("cancel a waiting person: %v %+v", err, promoted)
		}
		// Coming back joins the back of the line (the event is full).
		r, err := db.Events().Register(storetest.As(ctx, p[1]), e.ID, nil)
		if err != nil || r.State != wikicities.Waitlisted {
			t.Fatalf("coming back: %+v %v", r, err)
		}
	})
}

// The private list and the answers are for organisers only; answers only
// ever in aggregate.
func TestPrivateListsAndAnswersStayWithOrganisers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := kpWorld(t, db)
		e := mustEvent(t, db, w, 10)
		ctx := context.Background()
		for i, a := range mustAccounts(t, db, 3) {
			if _, err := db.Events().Register(storetest.As(ctx, a), e.ID, []int{min(i, 1)}); err != nil {
				t.Fatal(err)
			}
		}
		for name, c := range map[string]struct {
			a    *wikicities.Actor
			want error
		}{
			"organiser": {w.CoordA, nil}, "other group": {w.CoordB, wikicities.ErrForbidden},
			"member": {w.Member, wikicities.ErrForbidden}, "anonymous": {w.Anonymous, wikicities.ErrUnauthorized},
		} {
			regs, err := db.Events().Registrations(storetest.As(ctx, c.a), e.ID)
			if !errors.Is(err, c.want) || (c.want == nil && len(regs) != 3) || (c.want != nil && regs != nil) {
				t.Errorf("%s lists: %d, %v, want %v", name, len(regs), err, c.want)
			}
			for _, r := range regs {
				if r.Answers != nil {
					t.Errorf("%s sees answers one by one", name)
				}
			}
			sum, err := db.Events().Answers(storetest.As(ctx, c.a), e.ID)
			if !errors.Is(err, c.want) {
				t.Errorf("%s reads answers: %v, want %v", name, err, c.want)
			}
			if c.want == nil && (sum[0].Answered != 3 || sum[0].Counts["yes"] != 1 || sum[0].Counts["no"] != 2) {
				t.Errorf("answers %+v", sum)
			}
		}
	})
}

func TestCreateEventOnlyForCoordinatorsOfEveryOrganiser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := kpWorld(t, db)
		ctx := context.Background()
		e := workshop(w, db.Now().Add(24*time.Hour), 2)
		e.Organisers = []wikicities.Party{w.A, w.B}
		if err := db.Events().CreateEvent(storetest.As(ctx, w.CoordA), e); !errors.Is(err, wikicities.ErrForbidden) {
			t.Fatalf("naming another group as organiser: %v", err)
		}
		if err := db.Events().CreateEvent(storetest.As(ctx, w.Admin), e); err != nil {
			t.Fatal(err)
		}
		if len(e.Organisers) != 2 || e.CityName != "Berlin" || e.Country != "DE" {
			t.Fatalf("stored %+v", e)
		}
		list, err := db.Events().Events(ctx, wikicities.EventFilter{Organiser: w.B.ID})
		if err != nil || len(list) != 1 {
			t.Fatalf("events of B: %v %d", err, len(list))
		}
		if _, err := db.Events().CancelEvent(storetest.As(ctx, w.CoordC), e.ID, e.Version); !errors.Is(err, wikicities.ErrForbidden) {
			t.Fatalf("a non-organiser cancels: %v", err)
		}
		got, err := db.Events().CancelEvent(storetest.As(ctx, w.CoordB), e.ID, e.Version)
		if err != nil || got.Status != wikicities.EventCancelled {
			t.Fatalf("cancel: %v %+v", err, got)
		}
		var re *wikicities.RegistrationError
		if _, err := db.Events().Register(storetest.As(ctx, w.Member), e.ID, nil); !errors.As(err, &re) || re.Status != wikicities.RegistrationClosed {
			t.Fatalf("registering for a cancelled event: %v", err)
		}
	})
}

func TestCampaignEditionsTwinEditionsAndTotals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := kpWorld(t, db)
		ctx := context.Background()
		cs := db.Campaigns()
		c := &wikicities.Campaign{Name: "Wiki Loves Monuments", Wikidata: "Q1191622"}
		if err := cs.CreateCampaign(storetest.As(ctx, w.Member), c); err != nil {
			t.Fatal(err)
		}
		d := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
		ed := &wikicities.Edition{CampaignID: c.ID, Year: 2026, Start: d, End: d.AddDate(0, 0, 29)}
		if err := cs.CreateEdition(storetest.As(ctx, w.CoordA), ed); !errors.Is(err, wikicities.ErrForbidden) {
			t.Fatalf("a stranger adds an edition: %v", err)
		}
		if err := cs.CreateEdition(storetest.As(ctx, w.Member), ed); err != nil {
			t.Fatal(err)
		}
		if !ed.HasMember(w.Member.UserID) {
			t.Errorf("the owner is not on the team: %+v", ed.Team)
		}
		if err := cs.JoinEdition(storetest.As(ctx, w.CoordB), &wikicities.NationalEdition{EditionID: ed.ID, Community: w.A}); !errors.Is(err, wikicities.ErrForbidden) {
			t.Fatalf("signing up another group: %v", err)
		}
		for _, n := range []struct {
			a *wikicities.Actor
			p wikicities.Party
		}{{w.CoordA, w.A}, {w.CoordB, w.B}, {w.CoordC, w.C}} {
			ne := &wikicities.NationalEdition{EditionID: ed.ID, Community: n.p, Partners: []wikicities.Party{w.Inst}}
			if err := cs.JoinEdition(storetest.As(ctx, n.a), ne); err != nil {
				t.Fatal(err)
			}
		}
		tw := &wikicities.TwinEdition{EditionID: ed.ID, A: w.B, B: w.A, Goal: "Photograph 100 monuments of each city", Worklist: []string{"Brandenburger Tor"}}
		if err := cs.CreateTwinEdition(storetest.As(ctx, w.CoordC), tw); !errors.Is(err, wikicities.ErrForbidden) {
			t.Fatalf("a third group pairs two others: %v", err)
		}
		if err := cs.CreateTwinEdition(storetest.As(ctx, w.CoordB), tw); err != nil {
			t.Fatal(err)
		}
		// B and C are both in Paris: a city is not its own twin.
		if err := cs.CreateTwinEdition(storetest.As(ctx, w.CoordB), &wikicities.TwinEdition{EditionID: ed.ID, A: w.B, B: w.C, Goal: "x"}); !errors.Is(err, wikicities.ErrConflict) {
			t.Fatalf("pairing groups of cities that are not twins: %v", err)
		}
		ns, ts, err := cs.Participation(ctx, c.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		tot := wikicities.CampaignTotalsOf(ns, ts)
		if fmt.Sprint(tot.Countries) != "[DE FR]" || tot.Groups != 3 || tot.Partners != 1 || tot.TwinPairs != 1 {
			t.Fatalf("totals %+v", tot)
		}
		mine, err := cs.TwinEditionsOf(ctx, w.A.ID)
		if err != nil || len(mine) != 1 || mine[0].Worklist[0] != "Brandenburger Tor" {
			t.Fatalf("twin editions of A: %v %+v", err, mine)
		}
	})
}

// A visit goes requested → accepted → done; its report lands in the
// partnership's activity log; the delegation stays with the two sides.
func TestVisitLifecycleEndsInThePartnershipLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := kpWorld(t, db)
		clock := withPartnershipClock(db)
		ctx := context.Background()
		p := mustPropose(t, db, w, w.B, wikicities.TypeTwinning)
		if _, err := db.Partnerships().Transition(storetest.As(ctx, w.CoordB), p.ID, wikicities.ActionAccept, p.Version, ""); err != nil {
			t.Fatal(err)
		}
		vs := db.Visits()
		start := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
		v := &wikicities.Visit{Visitor: w.A, Host: w.B, Start: start, End: start.AddDate(0, 0, 2), People: 6,
			Purpose: "Archive visit", Delegation: []string{"Anna", "Max"}}
		if err := vs.RequestVisit(storetest.As(ctx, w.CoordB), v); !errors.Is(err, wikicities.ErrForbidden) {
			t.Fatalf("the host requests on the visitor's behalf: %v", err)
		}
		if err := vs.RequestVisit(storetest.As(ctx, w.CoordA), v); err != nil {
			t.Fatal(err)
		}
		if err := vs.RequestVisit(storetest.As(ctx, w.CoordA), &wikicities.Visit{Visitor: w.A, Host: w.A, Start: start, End: start, People: 1, Purpose: "x"}); !errors.Is(err, wikicities.ErrInvalid) {
			t.Fatalf("visiting oneself: %v", err)
		}
		seen, _ := vs.Visit(storetest.As(ctx, w.Member), v.ID)
		if seen.Delegation != nil {
			t.Errorf("a member sees the delegation %v", seen.Delegation)
		}
		if _, err := vs.TransitionVisit(storetest.As(ctx, w.CoordA), v.ID, wikicities.VisitAccept, v.Version, nil); !errors.Is(err, wikicities.ErrForbidden) {
			t.Fatalf("the visitor accepts: %v", err)
		}
		offer := &wikicities.HostOffer{Capacity: 12, Equipment: "projector", Access: "step-free"}
		v, err := vs.TransitionVisit(storetest.As(ctx, w.CoordB), v.ID, wikicities.VisitAccept, v.Version, offer)
		if err != nil || v.State != wikicities.VisitAccepted || v.Offer.Capacity != 12 {
			t.Fatalf("accept: %v %+v", err, v)
		}
		if _, err := vs.TransitionVisit(storetest.As(ctx, w.CoordB), v.ID, wikicities.VisitComplete, v.Version, nil); !errors.Is(err, wikicities.ErrConflict) {
			t.Fatalf("completing before the visit: %v", err)
		}
		clock.Add(20 * 24 * time.Hour)
		if v, err = vs.TransitionVisit(storetest.As(ctx, w.CoordA), v.ID, wikicities.VisitComplete, v.Version, nil); err != nil {
			t.Fatal(err)
		}
		if v, err = vs.ReportVisit(storetest.As(ctx, w.CoordA), v.ID, v.Version, "We scanned 40 postcards."); err != nil {
			t.Fatal(err)
		}
		act, err := db.Partnerships().Activity(ctx, p.ID, v.ActivityID)
		if err != nil || act.Kind != wikicities.ActivityVisit || act.Notes != "We scanned 40 postcards." || act.Participants != 6 {
			t.Fatalf("activity %v %+v", err, act)
		}
		got, _ := db.Partnerships().Partnership(ctx, p.ID)
		if got.State != wikicities.StateActive {
			t.Errorf("the partnership is %s after its first activity, want active", got.State)
		}
		if _, err := vs.ReportVisit(storetest.As(ctx, w.CoordB), v.ID, v.Version, "again"); !errors.Is(err, wikicities.ErrConflict) {
			t.Errorf("a second report: %v", err)
		}
	})
}

// The inbox tells a person who moved up from a waitlist, the host's
// coordinators of a visit request (a to-do), and the visitor's of the answer.
func TestInboxTellsOfPromotionsAndVisits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := kpWorld(t, db)
		ctx := context.Background()
		e := mustEvent(t, db, w, 1)
		p := mustAccounts(t, db, 2)
		for _, a := range p {
			if _, err := db.Events().Register(storetest.As(ctx, a), e.ID, nil); err != nil {
				t.Fatal(err)
			}
		}
		kinds := func(userID int64) map[wikicities.InboxKind]wikicities.InboxItem {
			t.Helper()
			in, err := db.Inboxes().Inbox(ctx, userID, 0)
			if err != nil {
				t.Fatal(err)
			}
			out := map[wikicities.InboxKind]wikicities.InboxItem{}
			for _, it := range in.Items {
				out[it.Kind] = it
			}
			return out
		}
		if _, ok := kinds(p[1].UserID)[wikicities.InboxPromoted]; ok {
			t.Fatal("promoted before anyone cancelled")
		}
		if _, err := db.Events().CancelRegistration(storetest.As(ctx, p[0]), e.ID, p[0].UserID); err != nil {
			t.Fatal(err)
		}
		if it, ok := kinds(p[1].UserID)[wikicities.InboxPromoted]; !ok || it.EventID != e.ID || it.Title != e.Title || !it.New {
			t.Fatalf("promotion item %+v %v", it, ok)
		}
		start := db.Now().Add(72 * time.Hour)
		v := &wikicities.Visit{Visitor: w.A, Host: w.B, Start: start, End: start, People: 2, Purpose: "Visit"}
		if err := db.Visits().RequestVisit(storetest.As(ctx, w.CoordA), v); err != nil {
			t.Fatal(err)
		}
		if it, ok := kinds(w.CoordB.UserID)[wikicities.InboxVisit]; !ok || !it.ToDo || it.VisitID != v.ID || it.Other.ID != w.A.ID {
			t.Fatalf("visit request item %+v %v", it, ok)
		}
		if _, err := db.Visits().TransitionVisit(storetest.As(ctx, w.CoordB), v.ID, wikicities.VisitAccept, 0, nil); err != nil {
			t.Fatal(err)
		}
		if _, ok := kinds(w.CoordB.UserID)[wikicities.InboxVisit]; ok {
			t.Error("the answered request is still a to-do")
		}
		if it, ok := kinds(w.CoordA.UserID)[wikicities.InboxVisitAnswer]; !ok || it.Action != "accepted" || it.Other.ID != w.B.ID {
			t.Fatalf("visit answer item %+v %v", it, ok)
		}
	})
}

// Events selects in SQL exactly the events EventFilter.Matches passes,
// soonest first, with their organisers, and stops at the limit.
func TestEventsSelectsWhatTheFilterMatches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := kpWorld(t, db)
		ctx := context.Background()
		day := db.Now().Add(24 * time.Hour)
		var all []*wikicities.Event
		i := 0
		for _, mode := range wikicities.AttendanceModes {
			for _, typ := range []wikicities.EventType{wikicities.EventWorkshop, wikicities.EventEditathon} {
				for _, city := range []int64{w.Berlin, w.Paris} {
					e := workshop(w, day.Add(time.Duration(i)*time.Hour), 0)
					e.Title, e.Type, e.Mode, e.Language = fmt.Sprintf("Event %d", i), typ, mode, []string{"de", "fr", "ar"}[i%3]
					e.Organisers = [][]wikicities.Party{{w.A}, {w.B, w.A}, {w.C}}[i%3]
					if mode != wikicities.ModeInPerson {
						e.OnlineURL = "https://meet.example.org/event"
					}
					if mode == wikicities.ModeOnline {
						if city == w.Paris {
							continue
						}
						e.CityID, e.Address = 0, ""
					} else {
						e.CityID = city
					}
					if err := db.Events().CreateEvent(storetest.As(ctx, w.Admin), e); err != nil {
						t.Fatalf("event %d: %v", i, err)
					}
					all = append(all, e)
					i++
				}
			}
		}
		for _, f := range []wikicities.EventFilter{
			{},
			{Type: wikicities.EventEditathon},
			{Language: "fr"},
			{Mode: wikicities.ModeInPerson},
			{Mode: wikicities.ModeOnline, Type: wikicities.EventWorkshop},
			{Country: "FR"},
			{CityIDs: []int64{w.Berlin}, Organiser: w.C.ID},
			{Organiser: w.B.ID},
			{Organiser: w.C.ID, Mode: wikicities.ModeHybrid},
			{From: day.Add(3 * time.Hour), To: day.Add(7 * time.Hour)},
			{Mode: wikicities.ModeOnline, Limit: 2},
		} {
			var want []string
			for _, e := range all {
				if f.Matches(e) && (f.Limit == 0 || len(want) < f.Limit) {
					want = append(want, e.Title)
				}
			}
			got, err := db.Events().Events(ctx, f)
			if err != nil {
				t.Fatalf("%+v: %v", f, err)
			}
			var titles []string
			for _, e := range got {
				titles = append(titles, e.Title)
				if !f.Matches(e) {
					t.Errorf("%+v: %s does not match it", f, e.Title)
				}
			}
			if fmt.Sprint(titles) != fmt.Sprint(want) {
				t.Errorf("%+v: %v, want %v", f, titles, want)
			}
			if len(want) == 0 {
				t.Errorf("%+v selects nothing: the test's events are wrong", f)
			}
		}
		got, err := db.Events().Events(ctx, wikicities.EventFilter{Organiser: w.B.ID, Limit: 1})
		if err != nil || len(got) != 1 || len(got[0].Organisers) != 2 || got[0].Organisers[0].ID != w.B.ID || got[0].Organisers[1].ID != w.A.ID {
			t.Errorf("organisers, by name: %+v, %v", got, err)
		}
	})
}
