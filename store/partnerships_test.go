package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// partnershipClock is a controllable store clock.
type partnershipClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *partnershipClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *partnershipClock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func withPartnershipClock(db *store.DB) *partnershipClock {
	c := &partnershipClock{t: time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)}
	db.Now = c.Now
	return c
}

func mustPropose(t *testing.T, db *store.DB, w *storetest.Partners, b wikicities.Party, typ wikicities.PartnershipType) *wikicities.Partnership {
	t.Helper()
	p := &wikicities.Partnership{A: w.A, B: b, Type: typ, Level: wikicities.LevelGlobal, Message: "Shall we?",
		Agreement: wikicities.Agreement{Goals: []string{"100 articles about each other's city"}, Languages: []string{"de", "fr"}}}
	if err := db.Partnerships().Propose(storetest.As(context.Background(), w.CoordA), p, "first contact at Wikimania"); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestProposeStoresPartiesAgreementAndHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		withPartnershipClock(db)
		w := storetest.MustPartners(t, db)
		p := mustPropose(t, db, w, w.B, wikicities.TypeTwinning)
		got, err := db.Partnerships().Partnership(context.Background(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != wikicities.StateProposed || got.Version != 1 || got.A.Name != w.A.Name || got.B.Name != w.B.Name ||
			got.ProposedBy != w.CoordA.UserID || !reflect.DeepEqual(got.Agreement.Languages, []string{"de", "fr"}) {
			t.Fatalf("stored %+v", got)
		}
		if !reflect.DeepEqual(got, p) {
			t.Errorf("returned and stored differ:\n%+v\n%+v", p, got)
		}
		h, err := db.Partnerships().History(context.Background(), p.ID)
		if err != nil || len(h) != 1 || h[0].Action != "propose" || h[0].To != "proposed" || h[0].ActorName != "anna" || h[0].Note != "first contact at Wikimania" {
			t.Fatalf("history %v %+v", err, h)
		}
		audit, _ := db.AuditLog(context.Background(), "partnership", p.ID, 10)
		if len(audit) != 1 || audit[0].Action != "propose" || audit[0].ActorName != "anna" {
			t.Errorf("audit %+v", audit)
		}
	})
}

func TestProposeRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := storetest.MustPartners(t, db)
		ps := db.Partnerships()
		ctx := storetest.As(context.Background(), w.CoordA)
		mustPropose(t, db, w, w.B, wikicities.TypeTwinning)
		cases := []struct {
			name  string
			ctx   context.Context
			p     wikicities.Partnership
			want  error
			field string
		}{
			{"a second live partnership with the same pair, either way round", storetest.As(context.Background(), w.CoordB),
				wikicities.Partnership{A: w.B, B: w.A, Type: "regional", Level: "local"}, wikicities.ErrConflict, ""},
			{"an unknown institution", ctx, wikicities.Partnership{A: w.A, B: wikicities.Party{Kind: "institution", ID: 999}, Type: "institutional", Level: "local"}, wikicities.ErrInvalid, "b.id"},
			{"twinning with an institution", ctx, wikicities.Partnership{A: w.A, B: w.Inst, Type: "twinning", Level: "local"}, wikicities.ErrInvalid, "type"},
			{"on behalf of a community one does not coordinate", storetest.As(context.Background(), w.CoordC), wikicities.Partnership{A: w.A, B: w.C, Type: "regional", Level: "local"}, wikicities.ErrForbidden, ""},
			{"by a member", storetest.As(context.Background(), w.Member), wikicities.Partnership{A: w.A, B: w.C, Type: "regional", Level: "local"}, wikicities.ErrForbidden, ""},
			{"anonymously", context.Background(), wikicities.Partnership{A: w.A, B: w.C, Type: "regional", Level: "local"}, wikicities.ErrUnauthorized, ""},
		}
		for _, c := range cases {
			err := ps.Propose(c.ctx, &c.p, "")
			if !errors.Is(err, c.want) {
				t.Errorf("%s: got %v, want %v", c.name, err, c.want)
			}
			var fe *wikicities.FieldError
			if c.field != "" && (!errors.As(err, &fe) || fe.Field != c.field) {
				t.Errorf("%s: error %v does not name field %s", c.name, err, c.field)
			}
		}
		// An admin may propose for any community.
		if err := ps.Propose(storetest.As(context.Background(), w.Admin), &wikicities.Partnership{A: w.A, B: w.Inst, Type: "institutional", Level: "local"}, ""); err != nil {
			t.Errorf("admin: %v", err)
		}
	})
}

// Each transition through the store, by each role: the allowed one moves the
// state, records who/when/from/to/note, bumps the version and audits; the
// others change nothing.
func TestTransitionsThroughTheStoreByRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clk := withPartnershipClock(db)
		w := storetest.MustPartners(t, db)
		ps := db.Partnerships()
		as := func(a *wikicities.Actor) context.Context { return storetest.As(context.Background(), a) }

		// proposed: the proposer cannot accept, nor can an admin; the other party can.
		p := mustPropose(t, db, w, w.B, wikicities.TypeTwinning)
		for _, c := range []struct {
			actor *wikicities.Actor
			want  error
		}{{w.CoordA, wikicities.ErrForbidden}, {w.Admin, wikicities.ErrForbidden}, {w.Member, wikicities.ErrForbidden}, {w.Anonymous, wikicities.ErrUnauthorized}, {w.CoordC, wikicities.ErrForbidden}} {
			if _, err := ps.Transition(as(c.actor), p.ID, wikicities.ActionAccept, 0, ""); !errors.Is(err, c.want) {
				t.Errorf("accept by %q: %v, want %v", c.actor.Username, err, c.want)
			}
		}
		clk.Add(time.Hour)
		got, err := ps.Transition(as(w.CoordB), p.ID, wikicities.ActionAccept, 1, "avec plaisir")
		if err != nil || got.State != wikicities.StateAccepted || got.Version != 2 || !got.StateChangedAt.Equal(clk.Now()) {
			t.Fatalf("accept: %v %+v", err, got)
		}
		// accepted: withdraw and decline are illegal now; lapse is the
		// system's. Those who may take the action hear why not (409); the
		// admin, who may never accept or decline, hears 403 first.
		for _, a := range []wikicities.Action{wikicities.ActionWithdraw, wikicities.ActionRenew} {
			var te *wikicities.TransitionError
			if _, err := ps.Transition(as(w.Admin), p.ID, a, 0, ""); !errors.As(err, &te) {
				t.Errorf("%s an accepted partnership: %v, want a TransitionError", a, err)
			}
		}
		for _, a := range []wikicities.Action{wikicities.ActionDecline, wikicities.ActionAccept} {
			if _, err := ps.Transition(as(w.Admin), p.ID, a, 0, ""); !errors.Is(err, wikicities.ErrForbidden) {
				t.Errorf("%s an accepted partnership by an admin: %v, want ErrForbidden", a, err)
			}
			var te *wikicities.TransitionError
			if _, err := ps.Transition(as(w.CoordB), p.ID, a, 0, ""); !errors.As(err, &te) {
				t.Errorf("%s an accepted partnership: %v, want a TransitionError", a, err)
			}
		}
		if _, err := ps.Transition(as(w.Admin), p.ID, wikicities.ActionLapse, 0, ""); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("lapse by an admin: %v", err)
		}
		// A stale version is refused, not applied.
		if _, err := ps.Transition(as(w.CoordA), p.ID, wikicities.ActionEnd, 1, ""); !errors.As(err, new(*wikicities.StaleError)) {
			t.Errorf("end with stale version: %v", err)
		}
		if _, err := ps.Transition(as(w.CoordA), p.ID, wikicities.ActionEnd, 2, "we part as friends"); err != nil {
			t.Fatal(err)
		}
		h, _ := ps.History(context.Background(), p.ID)
		var trail []string
		for _, e := range h {
			trail = append(trail, fmt.Sprintf("%s:%s>%s:%s:%s", e.Action, e.From, e.To, e.ActorName, e.Note))
		}
		want := []string{"propose:>proposed:anna:first contact at Wikimania", "accept:proposed>accepted:bertrand:avec plaisir", "end:accepted>ended:anna:we part as friends"}
		if !reflect.DeepEqual(trail, want) {
			t.Errorf("history\n%v\nwant\n%v", trail, want)
		}
		if _, err := ps.Transition(as(w.Admin), p.ID, wikicities.ActionRenew, 0, ""); !errors.Is(err, wikicities.ErrConflict) {
			t.Errorf("renew an ended partnership: %v", err)
		}

		// Declined and withdrawn free the pair for a new proposal.
		p2 := mustPropose(t, db, w, w.B, wikicities.TypeTwinning)
		if _, err := ps.Transition(as(w.CoordA), p2.ID, wikicities.ActionDecline, 0, ""); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("decline by proposer: %v", err)
		}
		if _, err := ps.Transition(as(w.CoordB), p2.ID, wikicities.ActionWithdraw, 0, ""); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("withdraw by the other party: %v", err)
		}
		if got, err := ps.Transition(as(w.CoordB), p2.ID, wikicities.ActionDecline, 0, "not now"); err != nil || got.State != wikicities.StateDeclined {
			t.Fatalf("decline: %v", err)
		}
		p3 := mustPropose(t, db, w, w.B, wikicities.TypeTwinning)
		if got, err := ps.Transition(as(w.CoordA), p3.ID, wikicities.ActionWithdraw, 0, ""); err != nil || got.State != wikicities.StateWithdrawn {
			t.Fatalf("withdraw: %v", err)
		}
		audit, _ := db.AuditLog(context.Background(), "partnership", p3.ID, 10)
		if len(audit) != 2 || audit[0].Action != "withdraw" {
			t.Errorf("audit of withdraw: %+v", audit)
		}
	})
}

func photoWalk(pid int64, start time.Time, title string) *wikicities.Activity {
	return &wikicities.Activity{PartnershipID: pid, Kind: wikicities.ActivityPhotoWalk, Title: title, Start: start,
		Place: "Kreuzberg", OrganizersA: []string{"anna"}, OrganizersB: []string{"bertrand"}, Participants: 12,
		Outcomes: wikicities.Outcomes{ArticlesCreated: 2, ArticlesImproved: 5, MediaUploaded: 140, WikidataItems: 9,
			Links: []string{"https://commons.wikimedia.org/wiki/Category:Photo_walk"}}}
}

// The first activity activates an accepted partnership; activities cannot be
// logged on a proposal, nor by a member.
func TestLogActivityActivates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clk := withPartnershipClock(db)
		w := storetest.MustPartners(t, db)
		ps := db.Partnerships()
		p := mustPropose(t, db, w, w.B, wikicities.TypeTwinning)
		a := photoWalk(p.ID, clk.Now().AddDate(0, 0, -1), "Kiez walk")
		if err := ps.LogActivity(storetest.As(context.Background(), w.CoordA), a); !errors.Is(err, wikicities.ErrConflict) {
			t.Fatalf("activity on a proposal: %v", err)
		}
		if _, err := ps.Transition(storetest.As(context.Background(), w.CoordB), p.ID, wikicities.ActionAccept, 0, ""); err != nil {
			t.Fatal(err)
		}
		if err := ps.LogActivity(storetest.As(context.Background(), w.Member), a); !errors.Is(err, wikicities.ErrForbidden) {
			t.Fatalf("activity by a member: %v", err)
		}
		if err := ps.LogActivity(storetest.As(context.Background(), w.CoordB), a); err != nil {
			t.Fatal(err)
		}
		got, _ := ps.Partnership(context.Background(), p.ID)
		if got.State != wikicities.StateActive || !got.LastActivity.Equal(a.Start.Truncate(time.Second)) {
			t.Fatalf("after the first activity: %s, last %v", got.State, got.LastActivity)
		}
		back, err := ps.Activity(context.Background(), p.ID, a.ID)
		if err != nil || !reflect.DeepEqual(back, a) {
			t.Fatalf("activity round trip: %v\n%+v\n%+v", err, back, a)
		}
		h, _ := ps.History(context.Background(), p.ID)
		if last := h[len(h)-1]; last.Action != "activate" || last.ActorName != "bertrand" || last.Note != "Kiez walk" {
			t.Errorf("activation entry %+v", last)
		}
	})
}

// Two coordinators editing the same agreement, responsibility or activity
// at once: exactly one write per version wins, the others get a StaleError,
// and every accepted edit is in the final record (none is lost silently).
func TestConcurrentEditsNeverLoseAWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := storetest.MustPartners(t, db)
		ps := db.Partnerships()
		p := mustPropose(t, db, w, w.B, wikicities.TypeTwinning)
		ctxB := storetest.As(context.Background(), w.CoordB)
		if _, err := ps.Transition(ctxB, p.ID, wikicities.ActionAccept, 0, ""); err != nil {
			t.Fatal(err)
		}
		actors := []*wikicities.Actor{w.CoordA, w.CoordB, w.Admin}
		const writers = 12

		// Agreement: each writer reads, then writes with its version, retrying on staleness.
		var wg sync.WaitGroup
		var mu sync.Mutex
		stale := 0
		for i := range writers {
			wg.Go(func() {
				ctx := storetest.As(context.Background(), actors[i%len(actors)])
				for {
					cur, err := ps.Partnership(ctx, p.ID)
					if err != nil {
						t.Error(err)
						return
					}
					ag := cur.Agreement
					ag.Goals = append(append([]string(nil), ag.Goals...), fmt.Sprintf("goal %d", i))
					_, err = ps.UpdateAgreement(ctx, p.ID, cur.Version, ag)
					if errors.As(err, new(*wikicities.StaleError)) {
						mu.Lock()
						stale++
						mu.Unlock()
						continue
					}
					if err != nil {
						t.Error(err)
					}
					return
				}
			})
		}
		wg.Wait()
		got, _ := ps.Partnership(context.Background(), p.ID)
		if len(got.Agreement.Goals) != 1+writers {
			t.Fatalf("goals after %d concurrent edits: %d %v", writers, len(got.Agreement.Goals), got.Agreement.Goals)
		}
		if got.Version != 2+writers {
			t.Errorf("version %d, want %d", got.Version, 2+writers)
		}
		t.Logf("%s: %d stale writes refused and retried", db.Dialect(), stale)

		// Responsibility and activity: all writers start from the same
		// version; exactly one wins.
		r := &wikicities.Responsibility{PartnershipID: p.ID, Owner: wikicities.SideB, Description: "Host the photo walk"}
		if err := ps.AddResponsibility(ctxB, r); err != nil {
			t.Fatal(err)
		}
		a := photoWalk(p.ID, time.Now().Add(-time.Hour), "Walk")
		if err := ps.LogActivity(ctxB, a); err != nil {
			t.Fatal(err)
		}
		wins := make(chan string, 2*writers)
		for i := range writers {
			wg.Go(func() {
				ctx := storetest.As(context.Background(), actors[i%len(actors)])
				rr := *r
				rr.Description = fmt.Sprintf("edit %d", i)
				if err := ps.UpdateResponsibility(ctx, &rr); err == nil {
					wins <- "responsibility:" + rr.Description
				} else if !errors.As(err, new(*wikicities.StaleError)) {
					t.Error(err)
				}
				aa := *a
				aa.Participants = 100 + i
				if err := ps.UpdateActivity(ctx, &aa); err == nil {
					wins <- fmt.Sprintf("activity:%d", aa.Participants)
				} else if !errors.As(err, new(*wikicities.StaleError)) {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		close(wins)
		var won []string
		for x := range wins {
			won = append(won, x)
		}
		if len(won) != 2 {
			t.Fatalf("winners %v, want one per record", won)
		}
		p2, _ := ps.Partnership(context.Background(), p.ID)
		a2, _ := ps.Activity(context.Background(), p.ID, a.ID)
		for _, x := range won {
			if x != "responsibility:"+p2.Responsibilities[0].Description && x != fmt.Sprintf("activity:%d", a2.Participants) {
				t.Errorf("winner %s is not what is stored (%q, %d)", x, p2.Responsibilities[0].Description, a2.Participants)
			}
		}
		if p2.Responsibilities[0].Version != 2 || a2.Version != 2 {
			t.Errorf("versions %d %d, want 2 2", p2.Responsibilities[0].Version, a2.Version)
		}
	})
}

func TestResponsibilitiesDoneAtAndAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clk := withPartnershipClock(db)
		w := storetest.MustPartners(t, db)
		ps := db.Partnerships()
		p := mustPropose(t, db, w, w.Inst, wikicities.TypeInstitutional)
		ctx := storetest.As(context.Background(), w.CoordInst)
		r := &wikicities.Responsibility{PartnershipID: p.ID, Owner: wikicities.SideB, Description: "Open the archive for scanning", Due: clk.Now().AddDate(0, 1, 0)}
		if err := ps.AddResponsibility(ctx, r); err != nil {
			t.Fatal(err)
		}
		clk.Add(48 * time.Hour)
		r.Done = true
		if err := ps.UpdateResponsibility(ctx, r); err != nil {
			t.Fatal(err)
		}
		if !r.DoneAt.Equal(clk.Now()) || !r.OnTime() {
			t.Errorf("done at %v, want %v", r.DoneAt, clk.Now())
		}
		if err := ps.UpdateResponsibility(storetest.As(context.Background(), w.CoordC), r); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("edit by an outsider: %v", err)
		}
		if err := ps.DeleteResponsibility(ctx, p.ID, r.ID, 1); !errors.As(err, new(*wikicities.StaleError)) {
			t.Errorf("delete with stale version: %v", err)
		}
		if err := ps.DeleteResponsibility(ctx, p.ID, r.ID, r.Version); err != nil {
			t.Fatal(err)
		}
		audit, _ := db.AuditLog(context.Background(), "partnership_responsibility", r.ID, 10)
		var actions []string
		for _, e := range audit {
			actions = append(actions, e.Action+":"+e.ActorName)
		}
		if !reflect.DeepEqual(actions, []string{"delete:ines", "update:ines", "create:ines"}) {
			t.Errorf("audit %v", actions)
		}
		if _, err := ps.UpdateAgreement(ctx, p.ID, p.Version, wikicities.Agreement{Languages: []string{"fr"}, Goals: []string{"Scan 500 maps"}}); err != nil {
			t.Fatal(err)
		}
		audit, _ = db.AuditLog(context.Background(), "partnership", p.ID, 1)
		if audit[0].Action != "update_agreement" || string(audit[0].After) == "" || string(audit[0].Before) == "" {
			t.Errorf("agreement audit %+v", audit[0])
		}
	})
}

// The dormancy job lapses accepted and active partnerships idle for longer
// than the policy, counting from their last activity or their entry into the
// state, skips those with a planned activity, and leaves the rest alone.
func TestLapseDormant(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clk := withPartnershipClock(db)
		w := storetest.MustPartners(t, db)
		ps := db.Partnerships()
		ctxA := storetest.As(context.Background(), w.CoordA)
		accept := func(p *wikicities.Partnership, by *wikicities.Actor) {
			if _, err := ps.Transition(storetest.As(context.Background(), by), p.ID, wikicities.ActionAccept, 0, ""); err != nil {
				t.Fatal(err)
			}
		}
		idleAccepted := mustPropose(t, db, w, w.B, wikicities.TypeTwinning)
		accept(idleAccepted, w.CoordB)
		activeOld := mustPropose(t, db, w, w.Inst, wikicities.TypeInstitutional)
		accept(activeOld, w.CoordInst)
		if err := ps.LogActivity(ctxA, photoWalk(activeOld.ID, clk.Now(), "Scan day")); err != nil {
			t.Fatal(err)
		}
		planned := mustPropose(t, db, w, w.C, wikicities.TypeRegional)
		accept(planned, w.CoordC)
		stillProposed := &wikicities.Partnership{A: w.B, B: w.C, Type: "regional", Level: "local"}
		if err := ps.Propose(storetest.As(context.Background(), w.CoordB), stillProposed, ""); err != nil {
			t.Fatal(err)
		}

		clk.Add(100 * 24 * time.Hour)
		if err := ps.LogActivity(ctxA, photoWalk(activeOld.ID, clk.Now(), "Second scan day")); err != nil {
			t.Fatal(err)
		}
		if err := ps.LogActivity(ctxA, photoWalk(planned.ID, clk.Now().AddDate(1, 0, 0), "Next year's contest")); err != nil {
			t.Fatal(err)
		}
		clk.Add(81 * 24 * time.Hour)
		pol := wikicities.DormancyPolicy{After: 180 * 24 * time.Hour}
		lapsed, err := ps.LapseDormant(context.Background(), pol)
		if err != nil {
			t.Fatal(err)
		}
		if len(lapsed) != 1 || lapsed[0].ID != idleAccepted.ID || lapsed[0].State != wikicities.StateDormant {
			t.Fatalf("lapsed %+v, want only the idle accepted one", lapsed)
		}
		h, _ := ps.History(context.Background(), idleAccepted.ID)
		if last := h[len(h)-1]; last.Action != "lapse" || last.ActorName != "wikicities" || last.Note != "no activity since 2026-01-15 (accepted or renewed then)" {
			t.Errorf("lapse entry %+v", last)
		}
		clk.Add(100 * 24 * time.Hour)
		lapsed, _ = ps.LapseDormant(context.Background(), pol)
		if len(lapsed) != 1 || lapsed[0].ID != activeOld.ID {
			t.Fatalf("second run lapsed %+v, want the active one idle since its second activity", lapsed)
		}
		if again, _ := ps.LapseDormant(context.Background(), pol); len(again) != 0 {
			t.Errorf("third run lapsed %d again", len(again))
		}
		for id, want := range map[int64]wikicities.State{planned.ID: "active", stillProposed.ID: "proposed"} {
			if got, _ := ps.Partnership(context.Background(), id); got.State != want {
				t.Errorf("partnership %d is %s, want %s", id, got.State, want)
			}
		}
	})
}

func TestTotalsPerPartnershipCommunityAndYear(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clk := withPartnershipClock(db)
		w := storetest.MustPartners(t, db)
		ps := db.Partnerships()
		ctxA := storetest.As(context.Background(), w.CoordA)
		pb := mustPropose(t, db, w, w.B, wikicities.TypeTwinning)
		pi := mustPropose(t, db, w, w.Inst, wikicities.TypeInstitutional)
		for _, x := range []struct {
			p  *wikicities.Partnership
			by *wikicities.Actor
		}{{pb, w.CoordB}, {pi, w.CoordInst}} {
			if _, err := ps.Transition(storetest.As(context.Background(), x.by), x.p.ID, wikicities.ActionAccept, 0, ""); err != nil {
				t.Fatal(err)
			}
		}
		for _, a := range []*wikicities.Activity{
			photoWalk(pb.ID, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), "2025 walk"),
			photoWalk(pb.ID, time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC), "2026 walk"),
			photoWalk(pi.ID, time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC), "Museum day"),
			photoWalk(pi.ID, clk.Now().AddDate(0, 2, 0), "planned: not counted"),
		} {
			if err := ps.LogActivity(ctxA, a); err != nil {
				t.Fatal(err)
			}
		}
		one := wikicities.Totals{Participants: 12, ArticlesCreated: 2, ArticlesImproved: 5, MediaUploaded: 140, WikidataItems: 9, Links: 1, Activities: 1}
		times := func(n int) wikicities.Totals {
			return wikicities.Totals{Activities: n, Participants: 12 * n, ArticlesCreated: 2 * n, ArticlesImproved: 5 * n, MediaUploaded: 140 * n, WikidataItems: 9 * n, Links: n}
		}
		cases := []struct {
			by   wikicities.TotalsBy
			f    wikicities.ActivityFilter
			want []*wikicities.TotalsRow
		}{
			{wikicities.ByPartnership, wikicities.ActivityFilter{}, []*wikicities.TotalsRow{{PartnershipID: pb.ID, Totals: times(2)}, {PartnershipID: pi.ID, Totals: one}}},
			{wikicities.ByYear, wikicities.ActivityFilter{}, []*wikicities.TotalsRow{{Year: 2025, Totals: one}, {Year: 2026, Totals: times(2)}}},
			{wikicities.ByCommunity, wikicities.ActivityFilter{}, []*wikicities.TotalsRow{{CommunityID: w.A.ID, Totals: times(3)}, {CommunityID: w.B.ID, Totals: times(2)}}},
			{wikicities.ByCommunity, wikicities.ActivityFilter{Community: w.B.ID}, []*wikicities.TotalsRow{{CommunityID: w.B.ID, Totals: times(2)}}},
			{wikicities.ByYear, wikicities.ActivityFilter{Community: w.A.ID, From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, []*wikicities.TotalsRow{{Year: 2026, Totals: times(2)}}},
		}
		for _, c := range cases {
			got, err := ps.Totals(context.Background(), c.f, c.by)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("by %s %+v:", c.by, c.f)
				for _, g := range got {
					t.Errorf("  got %+v", *g)
				}
				for _, g := range c.want {
					t.Errorf("  want %+v", *g)
				}
			}
		}
		if _, err := ps.Totals(context.Background(), wikicities.ActivityFilter{}, "month"); !errors.Is(err, wikicities.ErrInvalid) {
			t.Errorf("by month: %v", err)
		}
	})
}

func TestPartnerPairsAndNews(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clk := withPartnershipClock(db)
		w := storetest.MustPartners(t, db)
		ps := db.Partnerships()
		pb := mustPropose(t, db, w, w.B, wikicities.TypeTwinning)
		pi := mustPropose(t, db, w, w.Inst, wikicities.TypeInstitutional)
		pc := mustPropose(t, db, w, w.C, wikicities.TypeRegional)
		clk.Add(time.Hour)
		if _, err := ps.Transition(storetest.As(context.Background(), w.CoordB), pb.ID, wikicities.ActionAccept, 0, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := ps.Transition(storetest.As(context.Background(), w.CoordC), pc.ID, wikicities.ActionDecline, 0, ""); err != nil {
			t.Fatal(err)
		}
		clk.Add(time.Hour)
		if err := ps.LogActivity(storetest.As(context.Background(), w.CoordB), photoWalk(pb.ID, clk.Now().Add(-time.Minute), "Joint edit-a-thon")); err != nil {
			t.Fatal(err)
		}
		pairs, err := ps.PartnerPairs(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		want := []wikicities.PartnershipParties{
			{PartnershipID: pb.ID, A: w.A.Ref(), B: w.B.Ref(), State: "active"},
			{PartnershipID: pi.ID, A: w.A.Ref(), B: w.Inst.Ref(), State: "proposed"},
		}
		if !reflect.DeepEqual(pairs, want) {
			t.Errorf("pairs %+v, want %+v", pairs, want)
		}
		news, err := ps.News(context.Background(), nil, 10)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, n := range news {
			keys = append(keys, fmt.Sprintf("%s %s %s", n.Key[:8], n.Action, n.B.Name))
		}
		// Newest first (the walk took place a minute before it was logged);
		// proposals and the decline are not news.
		wantKeys := []string{"history- activate Wikimedia Paris", "activity  Wikimedia Paris", "history- accept Wikimedia Paris"}
		if !reflect.DeepEqual(keys, wantKeys) {
			t.Errorf("news %q, want %q", keys, wantKeys)
		}
		c := w.C.Ref()
		if news, _ := ps.News(context.Background(), &c, 10); len(news) != 0 {
			t.Errorf("news of C: %d items, want none", len(news))
		}
	})
}

// A first activity logged today but dated seven months ago activates the
// partnership without making it fresh: the dormancy job counts from the
// acceptance or that activity, and lapses it; the partnership read back
// knows when it was accepted.
func TestLapseDormantCountsABackdatedFirstActivity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clk := withPartnershipClock(db)
		w := storetest.MustPartners(t, db)
		ps := db.Partnerships()
		p := mustPropose(t, db, w, w.B, wikicities.TypeTwinning)
		if _, err := ps.Transition(storetest.As(context.Background(), w.CoordB), p.ID, wikicities.ActionAccept, 0, ""); err != nil {
			t.Fatal(err)
		}
		accepted := clk.Now()
		clk.Add(250 * 24 * time.Hour)
		if err := ps.LogActivity(storetest.As(context.Background(), w.CoordA), photoWalk(p.ID, clk.Now().AddDate(0, 0, -218), "An old walk")); err != nil {
			t.Fatal(err)
		}
		got, err := ps.Partnership(context.Background(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != wikicities.StateActive || !got.StartedAt.Equal(accepted) || !got.StateChangedAt.Equal(clk.Now()) {
			t.Fatalf("after the activity: %s, started %v (want %v), changed %v", got.State, got.StartedAt, accepted, got.StateChangedAt)
		}
		lapsed, err := ps.LapseDormant(context.Background(), wikicities.DormancyPolicy{})
		if err != nil {
			t.Fatal(err)
		}
		if len(lapsed) != 1 || lapsed[0].ID != p.ID {
			t.Fatalf("lapsed %+v, want the partnership quiet for 218 days", lapsed)
		}
		h, _ := ps.History(context.Background(), p.ID)
		if want := "no activity since " + clk.Now().AddDate(0, 0, -218).Format(time.DateOnly); h[len(h)-1].Note != want {
			t.Errorf("lapse note %q, want %q", h[len(h)-1].Note, want)
		}
		if _, err := ps.Transition(storetest.As(context.Background(), w.CoordA), p.ID, wikicities.ActionRenew, 0, ""); err != nil {
			t.Fatal(err)
		}
		if got, _ := ps.Partnership(context.Background(), p.ID); !got.StartedAt.Equal(clk.Now()) {
			t.Errorf("after the renewal, started %v, want %v", got.StartedAt, clk.Now())
		}
	})
}
