package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// clock is a settable store clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }
func withClock(db *store.DB) *clock {
	c := &clock{t: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)}
	db.Now = c.now
	return c
}

func mustUser(t *testing.T, db *store.DB, name string) *wikicities.User {
	t.Helper()
	u, err := db.Accounts().CreateUser(context.Background(), &wikicities.User{Username: name})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestSessionExpiresWhenIdleAndAtItsAbsoluteEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := withClock(db)
		acc := db.Accounts()
		u := mustUser(t, db, "Ada")
		const idle, max = 30 * time.Minute, 2 * time.Hour
		tok, _, err := acc.CreateSession(ctx, u.ID, max)
		if err != nil {
			t.Fatal(err)
		}
		// Used every 20 minutes, it stays alive past the idle limit...
		for i := 0; i < 5; i++ {
			c.advance(20 * time.Minute)
			if _, _, err := acc.Session(ctx, tok, idle); err != nil {
				t.Fatalf("after %d min of activity: %v", (i+1)*20, err)
			}
		}
		// ...but not past its absolute end.
		c.advance(21 * time.Minute)
		if _, _, err := acc.Session(ctx, tok, idle); !errors.Is(err, wikicities.ErrUnauthorized) {
			t.Fatalf("past absolute expiry: %v, want ErrUnauthorized", err)
		}
		// A session left alone longer than idle is over.
		tok2, _, _ := acc.CreateSession(ctx, u.ID, max)
		c.advance(idle)
		if _, _, err := acc.Session(ctx, tok2, idle); !errors.Is(err, wikicities.ErrUnauthorized) {
			t.Fatalf("idle session: %v, want ErrUnauthorized", err)
		}
		// The store holds hashes, never the token.
		var n int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM sessions WHERE token_hash = ?`, tok).Scan(&n)
		if n != 0 {
			t.Fatal("a session token is stored in clear")
		}
	})
}

func TestDisablingAnAccountEndsItsSessionsAndRefusesItsTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		acc := db.Accounts()
		u := mustUser(t, db, "Bob")
		stok, _, _ := acc.CreateSession(ctx, u.ID, time.Hour)
		atok, _, err := acc.CreateToken(ctx, u.ID, "bot", wikicities.ScopeWrite, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		yes := true
		if _, err := acc.UpdateUser(ctx, u.ID, u.Version, wikicities.UserUpdate{Disabled: &yes}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := acc.Session(ctx, stok, time.Hour); !errors.Is(err, wikicities.ErrUnauthorized) {
			t.Errorf("session of disabled account: %v", err)
		}
		if _, _, err := acc.Token(ctx, atok); !errors.Is(err, wikicities.ErrUnauthorized) {
			t.Errorf("token of disabled account: %v", err)
		}
	})
}

func TestUpdateUserDetectsConcurrentEdits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := mustUser(t, db, "Cy")
		admin := wikicities.RoleAdmin
		if _, err := db.Accounts().UpdateUser(ctx, u.ID, u.Version, wikicities.UserUpdate{Role: &admin}); err != nil {
			t.Fatal(err)
		}
		member := wikicities.RoleMember
		_, err := db.Accounts().UpdateUser(ctx, u.ID, u.Version, wikicities.UserUpdate{Role: &member})
		var se *wikicities.StaleError
		if !errors.Is(err, wikicities.ErrConflict) || !errors.Is(err, wikicities.ErrStale) || !errors.As(err, &se) || se.Entity != "user" || se.Current != u.Version+1 {
			t.Fatalf("stale version: %v, want a StaleError of user %d at version %d", err, u.ID, u.Version+1)
		}
		bad := wikicities.Role("root")
		if _, err := db.Accounts().UpdateUser(ctx, u.ID, u.Version+1, wikicities.UserUpdate{Role: &bad}); !errors.Is(err, wikicities.ErrInvalid) {
			t.Fatalf("bad role: %v, want ErrInvalid", err)
		}
		log, _ := db.AuditLog(ctx, "user", u.ID, 10)
		if len(log) != 2 || log[0].Action != "update" || log[1].Action != "create" {
			t.Fatalf("audit of the account: %+v", log)
		}
	})
}

func TestTokensAreRevocableAndExpire(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := withClock(db)
		acc := db.Accounts()
		u := mustUser(t, db, "Dee")
		other := mustUser(t, db, "Eve")
		tok, info, err := acc.CreateToken(ctx, u.ID, "script", wikicities.ScopeRead, c.t.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if got, _, err := acc.Token(ctx, tok); err != nil || got.Scope != wikicities.ScopeRead {
			t.Fatalf("fresh token: %+v %v", got, err)
		}
		if err := acc.RevokeToken(ctx, other.ID, info.ID, false); !errors.Is(err, wikicities.ErrNotFound) {
			t.Fatalf("someone else revoking: %v, want ErrNotFound", err)
		}
		c.advance(time.Hour)
		if _, _, err := acc.Token(ctx, tok); !errors.Is(err, wikicities.ErrUnauthorized) {
			t.Fatalf("expired token: %v", err)
		}
		tok2, info2, _ := acc.CreateToken(ctx, u.ID, "", wikicities.ScopeWrite, time.Time{})
		if err := acc.RevokeToken(ctx, u.ID, info2.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, _, err := acc.Token(ctx, tok2); !errors.Is(err, wikicities.ErrUnauthorized) {
			t.Fatalf("revoked token: %v", err)
		}
		if _, _, err := acc.CreateToken(ctx, u.ID, "", "admin", time.Time{}); !errors.Is(err, wikicities.ErrInvalid) {
			t.Fatalf("bad scope: %v", err)
		}
	})
}

func TestWikimediaSignInFollowsRenamesAndNeverTakesOverALocalAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		acc := db.Accounts()
		u, err := acc.WikimediaUser(ctx, "1234", "Alice")
		if err != nil || !u.Wikimedia || u.PasswordHash != "" {
			t.Fatalf("first sign-in: %+v %v", u, err)
		}
		again, err := acc.WikimediaUser(ctx, "1234", "Alice (renamed)")
		if err != nil || again.ID != u.ID || again.Username != "Alice (renamed)" {
			t.Fatalf("after a rename: %+v %v", again, err)
		}
		mustUser(t, db, "Mallory")
		if _, err := acc.WikimediaUser(ctx, "999", "Mallory"); !errors.Is(err, wikicities.ErrConflict) {
			t.Fatalf("Wikimedia user named like a local account: %v, want ErrConflict", err)
		}
	})
}

func TestGrantLoadsIntoTheActorAndIsAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		acc := db.Accounts()
		u := mustUser(t, db, "Fay")
		p := storetest.MustParty(t, db, wikicities.PartyCommunity)
		for i := 0; i < 2; i++ { // granting twice is harmless
			if err := acc.Grant(ctx, u.ID, p); err != nil {
				t.Fatal(err)
			}
		}
		a, err := acc.Actor(ctx, u, "")
		if err != nil || !a.CoordinatorOf(p) || a.CoordinatorOf(wikicities.PartyRef{Kind: wikicities.PartyInstitution, ID: p.ID}) {
			t.Fatalf("actor %+v %v", a, err)
		}
		if err := acc.Grant(ctx, 424242, p); !errors.Is(err, wikicities.ErrNotFound) {
			t.Fatalf("grant to unknown user: %v", err)
		}
		if err := acc.Grant(ctx, u.ID, wikicities.PartyRef{Kind: wikicities.PartyInstitution, ID: 424242}); !errors.Is(err, wikicities.ErrNotFound) {
			t.Fatalf("grant of an unknown institution: %v", err)
		}
		log, _ := db.AuditLog(ctx, "community", p.ID, 10)
		if len(log) != 1 || log[0].Action != "grant-coordinator" {
			t.Fatalf("community audit: %+v", log)
		}
		if err := acc.Revoke(ctx, u.ID, p); err != nil {
			t.Fatal(err)
		}
		if err := acc.Revoke(ctx, u.ID, p); !errors.Is(err, wikicities.ErrNotFound) {
			t.Fatalf("second revoke: %v", err)
		}
	})
}

// UsersByEmail finds every account with an address, whatever its case,
// and nobody for an empty address (accounts without one have it empty).
func TestUsersByEmailIgnoresCaseAndNeverMatchesEmpty(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, u := range []*wikicities.User{{Username: "Bo", Email: "Shared@Example.org"}, {Username: "Al", Email: "shared@example.org"},
			{Username: "Cy", Email: "cy@example.org"}, {Username: "Di"}} {
			if _, err := db.Accounts().CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		names := func(addr string) []string {
			us, err := db.Accounts().UsersByEmail(ctx, addr)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, u := range us {
				out = append(out, u.Username)
			}
			return out
		}
		if got := names("SHARED@example.ORG"); len(got) != 2 || got[0] != "Al" || got[1] != "Bo" {
			t.Errorf("shared address: %v, want [Al Bo]", got)
		}
		if got := names(" cy@example.org "); len(got) != 1 || got[0] != "Cy" {
			t.Errorf("cy: %v", got)
		}
		for _, addr := range []string{"", "  ", "nobody@example.org"} {
			if got := names(addr); len(got) != 0 {
				t.Errorf("%q matched %v", addr, got)
			}
		}
	})
}
