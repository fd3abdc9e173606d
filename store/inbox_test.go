package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// kinds renders an inbox as "kind:key[!][*]" items (! a to-do, * new).
func kinds(in *wikicities.Inbox) []string {
	var out []string
	for _, it := range in.Items {
		s := string(it.Kind)
		if it.ToDo {
			s += "!"
		}
		if it.New {
			s += "*"
		}
		out = append(out, s)
	}
	return out
}

func mustInbox(t *testing.T, db *store.DB, a *wikicities.Actor) *wikicities.Inbox {
	t.Helper()
	in, err := db.Inboxes().Inbox(context.Background(), a.UserID, 14*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// The inbox follows a proposal through its answer, the thread, a
// responsibility and a claim: to-dos stay until done, news are new until
// the person looks, and each side sees only what concerns it.
func TestInboxFollowsTheJourney(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clk := withPartnershipClock(db)
		w := storetest.MustPartners(t, db)
		as := func(a *wikicities.Actor) context.Context { return storetest.As(context.Background(), a) }
		check := func(who *wikicities.Actor, count int, want ...string) {
			t.Helper()
			in := mustInbox(t, db, who)
			if got := kinds(in); fmt.Sprint(got) != fmt.Sprint(want) || in.Count != count {
				t.Errorf("%s's inbox %v (count %d), want %v (count %d)", who.Username, got, in.Count, want, count)
			}
		}
		p := mustPropose(t, db, w, w.B, wikicities.TypeTwinning)
		check(w.CoordB, 1, "proposal!*")
		check(w.CoordA, 0)
		check(w.Member, 0)

		clk.Add(time.Hour)
		m := &wikicities.Message{PartnershipID: p.ID, Body: "Bonjour! Quand pouvons-nous parler ?"}
		if err := db.Messages().PostMessage(as(w.CoordB), m); err != nil {
			t.Fatal(err)
		}
		if m.Side != wikicities.SideB || m.AuthorName != "bertrand" {
			t.Errorf("message %+v", m)
		}
		check(w.CoordA, 1, "message*")
		if in := mustInbox(t, db, w.CoordA); in.Items[0].Text != m.Body || in.Items[0].Other.Name != "Wikimedia Paris" || in.Items[0].Ours.Name != "Wikimedians of Berlin" {
			t.Errorf("message item %+v", in.Items[0])
		}
		if err := db.Inboxes().MarkInboxSeen(context.Background(), w.CoordA.UserID); err != nil {
			t.Fatal(err)
		}
		check(w.CoordA, 0, "message")

		clk.Add(time.Hour)
		if _, err := db.Partnerships().Transition(as(w.CoordB), p.ID, wikicities.ActionAccept, 0, "Avec plaisir"); err != nil {
			t.Fatal(err)
		}
		check(w.CoordB, 0)
		check(w.CoordA, 1, "answer*", "message")
		if in := mustInbox(t, db, w.CoordA); in.Items[0].Action != "accept" || in.Items[0].Actor != "bertrand" || in.Items[0].Text != "Avec plaisir" {
			t.Errorf("answer item %+v", in.Items[0])
		}
		due := &wikicities.Responsibility{PartnershipID: p.ID, Owner: wikicities.SideA, Description: "Book the hall", Due: clk.Now().AddDate(0, 0, 5)}
		if err := db.Partnerships().AddResponsibility(as(w.CoordA), due); err != nil {
			t.Fatal(err)
		}
		later := &wikicities.Responsibility{PartnershipID: p.ID, Owner: wikicities.SideA, Description: "Plan next year", Due: clk.Now().AddDate(0, 0, 40)}
		if err := db.Partnerships().AddResponsibility(as(w.CoordA), later); err != nil {
			t.Fatal(err)
		}
		check(w.CoordA, 2, "responsibility!*", "answer*", "message")
		check(w.CoordB, 0)

		clk.Add(time.Hour)
		c := &wikicities.Claim{Party: w.B, Message: "I organise the Paris meetups"}
		if err := db.Claims().RequestClaim(as(w.Member), c); err != nil {
			t.Fatal(err)
		}
		check(w.CoordB, 1, "claim!*")
		check(w.Member, 0)
		clk.Add(time.Hour)
		if _, err := db.Claims().DecideClaim(as(w.CoordB), c.ID, 0, true, "Bienvenue"); err != nil {
			t.Fatal(err)
		}
		check(w.CoordB, 0)
		check(w.Member, 3, "claim_decided*", "answer*", "message*") // max now coordinates B: its news are his too
		// News age out of the inbox after NewsWindow; to-dos stay.
		clk.Add(store.NewsWindow + time.Hour)
		check(w.CoordA, 2, "responsibility!*", "responsibility!*")
	})
}

// A thread is the two parties' coordinators' alone: nobody else reads or
// writes it, admins included, and a closed partnership's thread is closed.
func TestMessagesAreForThePartiesCoordinatorsOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		withPartnershipClock(db)
		w := storetest.MustPartners(t, db)
		ms := db.Messages()
		as := func(a *wikicities.Actor) context.Context { return storetest.As(context.Background(), a) }
		p := mustPropose(t, db, w, w.B, wikicities.TypeTwinning)
		for _, body := range []string{"first from A", "second from A"} {
			if err := ms.PostMessage(as(w.CoordA), &wikicities.Message{PartnershipID: p.ID, Body: body}); err != nil {
				t.Fatal(err)
			}
		}
		if err := ms.PostMessage(as(w.CoordB), &wikicities.Message{PartnershipID: p.ID, Body: "réponse de B"}); err != nil {
			t.Fatal(err)
		}
		got, err := ms.Messages(as(w.CoordB), p.ID)
		if err != nil || len(got) != 3 || got[0].Body != "first from A" || got[2].Side != wikicities.SideB {
			t.Fatalf("thread %v, %v", got, err)
		}
		for name, x := range map[string]struct {
			a    *wikicities.Actor
			want error
		}{
			"anonymous":                   {w.Anonymous, wikicities.ErrUnauthorized},
			"another group's coordinator": {w.CoordC, wikicities.ErrForbidden},
			"a member":                    {w.Member, wikicities.ErrForbidden},
			"an admin":                    {w.Admin, wikicities.ErrForbidden},
		} {
			if _, err := ms.Messages(as(x.a), p.ID); !errors.Is(err, x.want) {
				t.Errorf("%s reads: %v, want %v", name, err, x.want)
			}
			if err := ms.PostMessage(as(x.a), &wikicities.Message{PartnershipID: p.ID, Body: "hi"}); !errors.Is(err, x.want) {
				t.Errorf("%s writes: %v, want %v", name, err, x.want)
			}
		}
		if err := ms.PostMessage(as(w.CoordA), &wikicities.Message{PartnershipID: p.ID, Body: "  "}); !errors.Is(err, wikicities.ErrInvalid) {
			t.Errorf("an empty message: %v", err)
		}
		if _, err := ms.Messages(as(w.CoordA), 9999); !errors.Is(err, wikicities.ErrNotFound) {
			t.Errorf("no such partnership: %v", err)
		}
		if _, err := db.Partnerships().Transition(as(w.CoordA), p.ID, wikicities.ActionWithdraw, 0, ""); err != nil {
			t.Fatal(err)
		}
		if err := ms.PostMessage(as(w.CoordA), &wikicities.Message{PartnershipID: p.ID, Body: "too late"}); !errors.Is(err, wikicities.ErrConflict) {
			t.Errorf("writing to a withdrawn proposal: %v", err)
		}
	})
}

func TestEmailFrequency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := storetest.MustPartners(t, db)
		ib := db.Inboxes()
		ctx := context.Background()
		if f, err := ib.EmailFrequency(ctx, w.CoordA.UserID); err != nil || f != wikicities.EmailImmediately {
			t.Errorf("default %q, %v", f, err)
		}
		if err := ib.SetEmailFrequency(ctx, w.CoordA.UserID, wikicities.EmailWeekly); err != nil {
			t.Fatal(err)
		}
		if err := ib.MarkInboxSeen(ctx, w.CoordA.UserID); err != nil {
			t.Fatal(err)
		}
		if f, _ := ib.EmailFrequency(ctx, w.CoordA.UserID); f != wikicities.EmailWeekly {
			t.Errorf("after setting weekly and looking: %q", f)
		}
		if err := ib.SetEmailFrequency(ctx, w.CoordA.UserID, "hourly"); !errors.Is(err, wikicities.ErrInvalid) {
			t.Errorf("hourly: %v", err)
		}
		if err := ib.SetEmailFrequency(ctx, 9999, wikicities.EmailNever); !errors.Is(err, wikicities.ErrNotFound) {
			t.Errorf("unknown user: %v", err)
		}
	})
}
