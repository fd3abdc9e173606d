package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// A claim on a coordinated group waits for one of its coordinators (or an
// admin); it grants nothing while pending, its code stays the claimant's,
// and nobody else can read or decide it.
func TestClaimOnACoordinatedGroupIsDecidedByItsCoordinator(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := storetest.MustPartners(t, db)
		cl := db.Claims()
		as := func(a *wikicities.Actor) context.Context { return storetest.As(context.Background(), a) }
		c := &wikicities.Claim{Party: w.B, Message: "I run the Paris meetups", WikimediaUsername: "Max Mustermann"}
		if err := cl.RequestClaim(as(w.Member), c); err != nil {
			t.Fatal(err)
		}
		if c.ID == 0 || c.State != wikicities.ClaimPending || c.Code == "" || c.Party.Name != "Wikimedia Paris" || c.Username != "max" {
			t.Fatalf("claim %+v", c)
		}
		if err := cl.RequestClaim(as(w.Member), &wikicities.Claim{Party: w.B}); !errors.Is(err, wikicities.ErrConflict) {
			t.Errorf("a second pending claim: %v, want ErrConflict", err)
		}
		if err := cl.RequestClaim(as(w.CoordB), &wikicities.Claim{Party: w.B}); !errors.Is(err, wikicities.ErrConflict) {
			t.Errorf("a claim by a coordinator: %v, want ErrConflict", err)
		}
		if err := cl.RequestClaim(as(w.Anonymous), &wikicities.Claim{Party: w.B}); !errors.Is(err, wikicities.ErrUnauthorized) {
			t.Errorf("an anonymous claim: %v, want ErrUnauthorized", err)
		}
		if err := cl.RequestClaim(as(w.Member), &wikicities.Claim{Party: wikicities.Party{Kind: wikicities.PartyCommunity, ID: 9999}}); !errors.Is(err, wikicities.ErrNotFound) {
			t.Errorf("a claim on nothing: %v, want ErrNotFound", err)
		}
		// Nobody outside the claimant and the group's coordinators reads it.
		for name, x := range map[string]struct {
			a    *wikicities.Actor
			want error
		}{"anonymous": {w.Anonymous, wikicities.ErrUnauthorized}, "another group's coordinator": {w.CoordA, wikicities.ErrForbidden}} {
			if _, err := cl.Claim(as(x.a), c.ID); !errors.Is(err, x.want) {
				t.Errorf("%s reads the claim: %v, want %v", name, err, x.want)
			}
			if _, err := cl.DecideClaim(as(x.a), c.ID, 0, true, ""); !errors.Is(err, x.want) {
				t.Errorf("%s decides the claim: %v, want %v", name, err, x.want)
			}
		}
		if _, err := cl.DecideClaim(as(w.Member), c.ID, 0, true, ""); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("the claimant approves their own claim: %v, want ErrForbidden", err)
		}
		if _, err := cl.ConfirmClaim(as(w.Member), c.ID, wikicities.ClaimEvidence{MetaPage: "x"}); !errors.Is(err, wikicities.ErrConflict) {
			t.Errorf("confirming on Meta-Wiki a claim on a coordinated group: %v, want ErrConflict", err)
		}
		if refs, _ := db.Accounts().Coordinates(context.Background(), w.Member.UserID); len(refs) != 0 {
			t.Fatalf("a pending claim granted %v", refs)
		}
		seen, err := cl.Claim(as(w.CoordB), c.ID)
		if err != nil || seen.Code != "" || seen.Message != "I run the Paris meetups" {
			t.Fatalf("the coordinator reads %+v, %v (the code must stay hidden)", seen, err)
		}
		todo, err := cl.Claims(as(w.CoordB), wikicities.ClaimFilter{Approver: true})
		if err != nil || len(todo) != 1 || todo[0].ID != c.ID {
			t.Fatalf("bertrand's claims to decide: %v, %v", todo, err)
		}
		if none, _ := cl.Claims(as(w.CoordA), wikicities.ClaimFilter{Approver: true}); len(none) != 0 {
			t.Errorf("anna has claims to decide: %v", none)
		}
		if _, err := cl.DecideClaim(as(w.CoordB), c.ID, c.Version+1, true, ""); !errors.As(err, new(*wikicities.StaleError)) {
			t.Errorf("a stale decision: %v", err)
		}
		got, err := cl.DecideClaim(as(w.CoordB), c.ID, c.Version, true, "Bienvenue")
		if err != nil || got.State != wikicities.ClaimApproved || got.Method != wikicities.ClaimByCoordinator || got.DecidedBy != "bertrand" {
			t.Fatalf("approve: %+v, %v", got, err)
		}
		refs, _ := db.Accounts().Coordinates(context.Background(), w.Member.UserID)
		if !slices.Contains(refs, w.B.Ref()) {
			t.Errorf("max coordinates %v after the approval, want %v", refs, w.B.Ref())
		}
		if _, err := cl.DecideClaim(as(w.CoordB), c.ID, 0, false, ""); !errors.Is(err, wikicities.ErrConflict) {
			t.Errorf("deciding twice: %v, want ErrConflict", err)
		}
		mine, _ := cl.Claims(as(w.Member), wikicities.ClaimFilter{UserID: w.Member.UserID})
		if len(mine) != 1 || mine[0].Code == "" {
			t.Errorf("the claimant's list %+v", mine)
		}
	})
}

// A group nobody coordinates is claimed through Meta-Wiki: only by the
// claimant, only while nobody coordinates it; an admin may approve too, and
// a claimant may withdraw.
func TestClaimOnAGroupNobodyCoordinates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := storetest.MustPartners(t, db)
		cl := db.Claims()
		as := func(a *wikicities.Actor) context.Context { return storetest.As(context.Background(), a) }
		orphan := &wikicities.Community{Kind: "user_group", Name: "Wikimedians of Lyon", CityID: w.Paris, Status: "active"}
		if err := db.Communities().CreateCommunity(as(wikicities.System), orphan); err != nil {
			t.Fatal(err)
		}
		ref := orphan.Ref()
		counts, err := cl.CoordinatorCounts(context.Background(), []wikicities.PartyRef{ref, w.B.Ref(), w.Inst.Ref()})
		if err != nil || counts[ref] != 0 || counts[w.B.Ref()] != 1 || counts[w.Inst.Ref()] != 1 {
			t.Fatalf("counts %v, %v", counts, err)
		}
		party := wikicities.Party{Kind: ref.Kind, ID: ref.ID}
		c := &wikicities.Claim{Party: party, WikimediaUsername: "Max"}
		if err := cl.RequestClaim(as(w.Member), c); err != nil {
			t.Fatal(err)
		}
		other := &wikicities.Claim{Party: party}
		if err := cl.RequestClaim(as(w.CoordA), other); err != nil {
			t.Fatal(err)
		}
		if _, err := cl.ConfirmClaim(as(w.CoordA), c.ID, wikicities.ClaimEvidence{}); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("confirming someone else's claim: %v, want ErrForbidden", err)
		}
		ev := wikicities.ClaimEvidence{MetaPage: "Wikimedians of Lyon", MetaRevID: 12, UserPage: "User:Max", UserRevID: 13}
		got, err := cl.ConfirmClaim(as(w.Member), c.ID, ev)
		if err != nil || got.State != wikicities.ClaimApproved || got.Method != wikicities.ClaimByMetaWiki {
			t.Fatalf("confirm: %+v, %v", got, err)
		}
		// Now that max coordinates it, anna's claim is his to decide, not
		// Meta-Wiki's.
		if _, err := cl.ConfirmClaim(as(w.CoordA), other.ID, ev); !errors.Is(err, wikicities.ErrConflict) {
			t.Errorf("a second confirmation: %v, want ErrConflict", err)
		}
		maxi := *w.Member
		maxi.Coordinates = append(maxi.Coordinates, ref)
		if todo, _ := cl.Claims(as(&maxi), wikicities.ClaimFilter{Approver: true}); len(todo) != 1 || todo[0].ID != other.ID {
			t.Errorf("max's claims to decide: %v", todo)
		}
		if got, err := cl.WithdrawClaim(as(w.Member), other.ID); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("withdrawing someone else's claim: %v %v", got, err)
		}
		if got, err := cl.WithdrawClaim(as(w.CoordA), other.ID); err != nil || got.State != wikicities.ClaimWithdrawn {
			t.Errorf("withdraw: %+v %v", got, err)
		}
		third := &wikicities.Claim{Party: party}
		if err := cl.RequestClaim(as(w.CoordC), third); err != nil {
			t.Fatal(err)
		}
		if got, err := cl.DecideClaim(as(w.Admin), third.ID, 0, false, "not a member"); err != nil || got.State != wikicities.ClaimDeclined || got.Method != wikicities.ClaimByAdmin {
			t.Errorf("an admin declines: %+v %v", got, err)
		}
	})
}
