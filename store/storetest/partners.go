package storetest

import (
	"context"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
)

// Partners is a small world for partnership tests, made with plain SQL so
// that it does not depend on the directory's store: two cities, three
// communities (A in Berlin, B in Paris, C in Paris), an institution in Paris,
// and one account per role with its coordinator grants in the coordinators
// table.
type Partners struct {
	Berlin, Paris int64
	A, B, C, Inst wikicities.Party
	// Accounts; each coordinator has an email address "<username>@example.org".
	CoordA, CoordB, CoordC, CoordInst, Member, Admin *wikicities.Actor
	Anonymous                                        *wikicities.Actor
}

// MustPartners creates the Partners world in db.
func MustPartners(tb testing.TB, db *store.DB) *Partners {
	tb.Helper()
	ctx := context.Background()
	now := db.Now().Unix()
	exec := func(q string, args ...any) {
		tb.Helper()
		if _, err := db.Exec(ctx, q, args...); err != nil {
			tb.Fatalf("fixture: %s: %v", q, err)
		}
	}
	id := func(q string, args ...any) int64 {
		tb.Helper()
		var id int64
		if err := db.QueryRow(ctx, q+" RETURNING id", args...).Scan(&id); err != nil {
			tb.Fatalf("fixture: %s: %v", q, err)
		}
		return id
	}
	w := &Partners{Anonymous: &wikicities.Actor{}}
	w.Berlin = id(`INSERT INTO cities (qid, name, country, name_key, created_at, updated_at) VALUES ('Q64', 'Berlin', 'DE', 'berlin', ?, ?)`, now, now)
	w.Paris = id(`INSERT INTO cities (qid, name, country, name_key, created_at, updated_at) VALUES ('Q90', 'Paris', 'FR', 'paris', ?, ?)`, now, now)
	community := func(name string, city int64) wikicities.Party {
		return wikicities.Party{Kind: wikicities.PartyCommunity, Name: name, ID: id(`INSERT INTO communities (kind, name, name_key, city_id, created_at, updated_at)
			VALUES ('user_group', ?, ?, ?, ?, ?)`, name, wikicities.NameKey(name), city, now, now)}
	}
	w.A = community("Wikimedians of Berlin", w.Berlin)
	w.B = community("Wikimedia Paris", w.Paris)
	w.C = community("Paris Photo Walkers", w.Paris)
	w.Inst = wikicities.Party{Kind: wikicities.PartyInstitution, Name: "Musée Carnavalet", ID: id(`INSERT INTO institutions (kind, name, name_key, city_id, created_at, updated_at)
		VALUES ('museum', 'Musée Carnavalet', 'musee carnavalet', ?, ?, ?)`, w.Paris, now, now)}
	account := func(name string, role wikicities.Role, grants ...wikicities.Party) *wikicities.Actor {
		uid := id(`INSERT INTO users (username, email, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
			name, name+"@example.org", string(role), now, now)
		a := &wikicities.Actor{UserID: uid, Username: name, Role: role}
		for _, g := range grants {
			exec(`INSERT INTO coordinators (user_id, party_kind, party_id, created_at) VALUES (?, ?, ?, ?)`, uid, string(g.Kind), g.ID, now)
			a.Coordinates = append(a.Coordinates, g.Ref())
		}
		return a
	}
	w.CoordA = account("anna", wikicities.RoleMember, w.A)
	w.CoordB = account("bertrand", wikicities.RoleMember, w.B)
	w.CoordC = account("chloe", wikicities.RoleMember, w.C)
	w.CoordInst = account("ines", wikicities.RoleMember, w.Inst)
	w.Member = account("max", wikicities.RoleMember)
	w.Admin = account("ada", wikicities.RoleAdmin)
	return w
}

// As returns ctx carrying actor a.
func As(ctx context.Context, a *wikicities.Actor) context.Context {
	return wikicities.NewContext(ctx, a)
}
