package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// Every directory write is in the audit log with its actor, the creator
// becomes coordinator, and a concurrent edit is refused.
func TestCommunityLifecycleIsAuditedAndVersioned(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sys := wikicities.NewContext(context.Background(), wikicities.System)
		city := &wikicities.City{Name: "Munich", Country: "Germany"}
		if err := db.Cities().CreateCity(sys, city); err != nil {
			t.Fatal(err)
		}
		var uid int64
		db.Update(sys, func(tx *store.Tx) error {
			var err error
			uid, err = tx.InsertID(sys, `INSERT INTO users (username, created_at, updated_at) VALUES ('anna', 0, 0)`)
			return err
		})
		anna := &wikicities.Actor{UserID: uid, Username: "anna", Role: wikicities.RoleMember}
		ctx := wikicities.NewContext(context.Background(), anna)
		svc := db.Communities()
		c := &wikicities.Community{Kind: wikicities.KindLocalGroup, Name: "WikiMUC", CityID: city.ID, Languages: []string{"de"},
			SkillsOffered: []string{"photography"}}
		if err := svc.CreateCommunity(ctx, c); err != nil {
			t.Fatal(err)
		}
		var grants int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM coordinators WHERE user_id = ? AND party_kind = 'community' AND party_id = ?`, uid, c.ID).Scan(&grants)
		if grants != 1 {
			t.Fatalf("creator has %d coordinator grants, want 1", grants)
		}
		anna.Coordinates = []wikicities.PartyRef{c.Ref()}
		first, _ := svc.Community(ctx, c.ID)
		second, _ := svc.Community(ctx, c.ID)
		first.Status = wikicities.StatusDormant
		if err := svc.UpdateCommunity(ctx, first); err != nil {
			t.Fatal(err)
		}
		second.Name = "WikiMUC (stale)"
		err := svc.UpdateCommunity(ctx, second)
		var se *wikicities.StaleError
		if !errors.Is(err, wikicities.ErrConflict) || !errors.As(err, &se) || se.Entity != "community" || se.Version != 1 || se.Current != 2 {
			t.Fatalf("stale update: %v, want a StaleError of community %d at version 2, not 1", err, c.ID)
		}
		if got, _ := svc.Community(ctx, c.ID); got.Name != "WikiMUC" || got.Status != wikicities.StatusDormant || got.Version != 2 {
			t.Errorf("stored %+v", got)
		}
		// A delete based on the read before that edit is refused too.
		if err := svc.DeleteCommunity(ctx, c.ID, 1); !errors.As(err, &se) || se.Current != 2 {
			t.Fatalf("stale delete: %v, want a StaleError at version 2", err)
		}
		if got, err := svc.Community(ctx, c.ID); err != nil || got.Version != 2 {
			t.Fatalf("after the stale delete: %+v, %v", got, err)
		}
		if err := svc.DeleteCommunity(ctx, c.ID, 2); err != nil {
			t.Fatal(err)
		}
		log, err := db.AuditLog(ctx, "community", c.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range log {
			actions = append(actions, e.Action)
			if e.ActorName != "anna" {
				t.Errorf("audit entry %s by %q, want anna", e.Action, e.ActorName)
			}
		}
		if len(actions) != 3 || actions[0] != "delete" || actions[1] != "update" || actions[2] != "create" {
			t.Errorf("audit actions %v", actions)
		}
		var skills int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM party_skills WHERE party_kind = 'community' AND party_id = ?`, c.ID).Scan(&skills)
		if skills != 0 {
			t.Errorf("%d skill rows left dangling", skills)
		}
		if _, err := svc.Community(ctx, c.ID); !errors.Is(err, wikicities.ErrNotFound) {
			t.Errorf("deleted community: %v", err)
		}
	})
}

// An institution deleted at a version that is not its own stays, with its
// coordinators; at its version, or at 0 (whatever it is), it goes.
func TestInstitutionDeleteAtAStaleVersionIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := storetest.MustPartners(t, db)
		ctx := storetest.As(context.Background(), w.CoordInst)
		svc := db.Institutions()
		in, err := svc.Institution(ctx, w.Inst.ID)
		if err != nil {
			t.Fatal(err)
		}
		var se *wikicities.StaleError
		if err := svc.DeleteInstitution(ctx, in.ID, in.Version+1); !errors.As(err, &se) || se.Entity != "institution" || se.Current != in.Version {
			t.Fatalf("a delete at another version: %v", err)
		}
		if _, err := svc.Institution(ctx, in.ID); err != nil {
			t.Fatalf("after the refused delete: %v", err)
		}
		if n, err := db.Claims().CoordinatorCounts(ctx, []wikicities.PartyRef{in.Ref()}); err != nil || n[in.Ref()] == 0 {
			t.Errorf("the refused delete removed its coordinators: %v, %v", n, err)
		}
		if err := svc.DeleteInstitution(ctx, in.ID, in.Version); err != nil {
			t.Fatalf("a delete at its version: %v", err)
		}
		if _, err := svc.Institution(ctx, in.ID); !errors.Is(err, wikicities.ErrNotFound) {
			t.Errorf("after the delete: %v", err)
		}
	})
}
