package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// The authorization matrix: every state-changing API route, every role, the
// exact status. A route without an entry in authzCases fails the test, so
// that no write lands without saying who may make it.
//
// To add your routes, add entries in an init func of your own _test.go file:
//
//	func init() {
//		authzCases["POST /api/v1/communities/{id}/members"] = func(f *authzFixture, r role) authzCase {
//			c := f.community() // your fixture: a fresh record per call
//			p := wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: c.ID}
//			return authzCase{Path: fmt.Sprintf("/api/v1/communities/%d/members", c.ID), Body: ..., Record: &p,
//				Allow: []role{coordinator, admin}, OK: http.StatusCreated}
//		}
//	}
//
// The builder runs once per role, so that each request meets a fresh record
// (a DELETE by one role does not spoil the next).

// role is who sends a request in the matrix.
type role string

const (
	anonymous        role = "anonymous"
	member           role = "member"
	coordinator      role = "coordinator of the record"
	otherCoordinator role = "coordinator of another record"
	// readToken belongs to an admin who also coordinates the record: its
	// scope alone must stop it.
	readToken role = "read token"
	admin     role = "admin"
)

var roles = []role{anonymous, member, coordinator, otherCoordinator, readToken, admin}

// signedIn lists the roles with a session (all but anonymous and readToken).
var signedIn = []role{member, coordinator, otherCoordinator, admin}

// authzCase says how to call one route and who may.
type authzCase struct {
	Path string // the concrete path, matching the route's pattern
	Body any    // JSON body, or nil
	// Header holds extra request headers (say, If-Match).
	Header map[string]string
	// Record is the community or institution the route acts on: the
	// coordinator role is granted it, the other coordinator is not.
	Record *wikicities.PartyRef
	// Other is the record the other coordinator coordinates (default: one
	// of the same kind that is not Record).
	Other *wikicities.PartyRef
	Allow []role // roles that succeed
	OK    int    // the success status
	// Status overrides the expected status of some roles (default: OK if
	// allowed, 401 for anonymous, 403 otherwise).
	Status map[role]int
}

// authzFixture is one route's world: a store, a server, and one account
// per role. Builders add the records they need.
type authzFixture struct {
	T     *testing.T
	Site  *site
	DB    *store.DB
	Users map[role]*wikicities.User
	creds map[role]cred
	seq   int
}

// Unique returns a name not used before in this fixture.
func (f *authzFixture) Unique(prefix string) string {
	f.seq++
	return fmt.Sprintf("%s %d", prefix, f.seq)
}

// Party creates a minimal community or institution (see storetest.MustParty).
func (f *authzFixture) Party(kind wikicities.PartyKind) wikicities.PartyRef {
	return storetest.MustParty(f.T, f.DB, kind)
}

// Ctx is a context acting as the system, for builders' set-up writes.
func (f *authzFixture) Ctx() context.Context {
	return wikicities.NewContext(context.Background(), wikicities.System)
}

// authzCases maps each state-changing route pattern to its case builder.
var authzCases = map[string]func(f *authzFixture, r role) authzCase{
	"POST /api/v1/auth/login": func(f *authzFixture, r role) authzCase {
		u := f.Site.user(f.Unique("Login"), wikicities.RoleMember, "a long enough password")
		return authzCase{Path: "/api/v1/auth/login", Body: map[string]string{"username": u.Username, "password": "a long enough password"},
			Allow: append([]role{anonymous}, signedIn...), OK: http.StatusOK}
	},
	"POST /api/v1/auth/signup": func(f *authzFixture, r role) authzCase {
		return authzCase{Path: "/api/v1/auth/signup", Body: map[string]string{"username": f.Unique("Newcomer"), "password": "a long enough password"},
			Allow: append([]role{anonymous}, signedIn...), OK: http.StatusCreated}
	},
	"POST /api/v1/auth/logout": func(f *authzFixture, r role) authzCase {
		return authzCase{Path: "/api/v1/auth/logout", Allow: signedIn, OK: http.StatusNoContent}
	},
	"POST /api/v1/me/password": func(f *authzFixture, r role) authzCase {
		if u := f.Users[r]; u != nil {
			f.Site.setPassword(u, "the old password") // ends u's sessions and revokes its tokens...
			if f.creds[r].Cookie != "" {
				f.creds[r] = f.Site.session(u) // ...so sign in again
			} else if r == readToken {
				f.creds[r] = f.Site.token(u, wikicities.ScopeRead) // ...or take a new token
			}
		}
		return authzCase{Path: "/api/v1/me/password", Body: map[string]string{"current_password": "the old password", "new_password": "a brand new password"},
			Allow: signedIn, OK: http.StatusOK}
	},
	"POST /api/v1/tokens": func(f *authzFixture, r role) authzCase {
		return authzCase{Path: "/api/v1/tokens", Body: map[string]string{"name": "bot", "scope": "write"}, Allow: signedIn, OK: http.StatusCreated}
	},
	"DELETE /api/v1/tokens/{id}": func(f *authzFixture, r role) authzCase {
		owner := f.Users[r]
		if owner == nil {
			owner = f.Users[member]
		}
		_, t, err := f.DB.Accounts().CreateToken(f.Ctx(), owner.ID, "old", "read", zeroTime)
		if err != nil {
			f.T.Fatal(err)
		}
		return authzCase{Path: fmt.Sprintf("/api/v1/tokens/%d", t.ID), Allow: signedIn, OK: http.StatusNoContent}
	},
	"PATCH /api/v1/users/{id}": func(f *authzFixture, r role) authzCase {
		u := f.Site.user(f.Unique("Target"), wikicities.RoleMember, "")
		return authzCase{Path: fmt.Sprintf("/api/v1/users/%d", u.ID), Body: map[string]any{"role": "admin", "version": u.Version},
			Allow: []role{admin}, OK: http.StatusOK}
	},
	"POST /api/v1/users/{id}/grants": func(f *authzFixture, r role) authzCase {
		u := f.Site.user(f.Unique("Grantee"), wikicities.RoleMember, "")
		p := f.Party(wikicities.PartyCommunity)
		return authzCase{Path: fmt.Sprintf("/api/v1/users/%d/grants", u.ID), Body: p,
			Allow: []role{admin}, OK: http.StatusCreated}
	},
	"DELETE /api/v1/users/{id}/grants/{kind}/{party}": func(f *authzFixture, r role) authzCase {
		u := f.Site.user(f.Unique("Grantee"), wikicities.RoleMember, "")
		p := f.Party(wikicities.PartyInstitution)
		if err := f.DB.Accounts().Grant(f.Ctx(), u.ID, p); err != nil {
			f.T.Fatal(err)
		}
		return authzCase{Path: fmt.Sprintf("/api/v1/users/%d/grants/institution/%d", u.ID, p.ID), Allow: []role{admin}, OK: http.StatusNoContent}
	},
}

// newAuthzFixture makes the accounts of every role on a fresh server.
func newAuthzFixture(t *testing.T, db *store.DB) *authzFixture {
	s := newSite(t, db, func(s *wchttp.Server) {
		s.Auth.SignupEnabled = true
		s.Auth.WriteLimit.Burst = 0 // the matrix is not about rate limits
		s.Auth.SignInLimit.Burst = 0
		s.Auth.SignInUserLimit.Burst = 0
		s.Auth.SignInPairLimit.Burst = 0
	})
	f := &authzFixture{T: t, Site: s, DB: db, Users: map[role]*wikicities.User{}, creds: map[role]cred{}}
	for _, r := range []role{member, coordinator, otherCoordinator, admin} {
		rl := wikicities.RoleMember
		if r == admin {
			rl = wikicities.RoleAdmin
		}
		f.Users[r] = s.user(strings.ReplaceAll(string(r), " ", "-"), rl, "")
		f.creds[r] = s.session(f.Users[r])
	}
	f.Users[readToken] = s.user("admin-with-read-token", wikicities.RoleAdmin, "")
	f.creds[readToken] = s.token(f.Users[readToken], wikicities.ScopeRead)
	f.creds[anonymous] = cred{}
	return f
}

// grant makes the coordinator (and the read token's owner) coordinators of
// the case's record, and the other coordinator of another record.
func (f *authzFixture) grant(c authzCase) {
	f.T.Helper()
	if c.Record == nil {
		return
	}
	other := c.Other
	if other == nil {
		p := f.Party(c.Record.Kind)
		other = &p
	}
	for gr, p := range map[role]wikicities.PartyRef{coordinator: *c.Record, readToken: *c.Record, otherCoordinator: *other} {
		if err := f.DB.Accounts().Grant(f.Ctx(), f.Users[gr].ID, p); err != nil {
			f.T.Fatal(err)
		}
	}
}

// The fixture's roles are what they say: checked through /api/v1/me, so
// that a matrix row cannot pass because a role silently lost its rights.
func TestAuthzFixtureRolesAreWhatTheySay(t *testing.T) {
	f := newAuthzFixture(t, storetest.MustOpen(t, store.SQLite))
	rec := f.Party(wikicities.PartyCommunity)
	f.grant(authzCase{Record: &rec})
	for _, r := range roles {
		resp := f.Site.do(f.creds[r], "GET", "/api/v1/me", nil)
		if r == anonymous {
			wantStatus(t, resp, 401)
			continue
		}
		wantStatus(t, resp, 200)
		var me struct {
			Actor wikicities.Actor `json:"actor"`
		}
		json.NewDecoder(resp.Body).Decode(&me)
		a := me.Actor
		checks := map[string]bool{
			"admin role":                     a.IsAdmin() == (r == admin || r == readToken),
			"coordinates the record":         a.CoordinatorOf(rec) == (r == coordinator || r == readToken || r == admin),
			"read scope":                     (a.Scope == "read") == (r == readToken),
			"coordinates something else too": (len(a.Coordinates) > 0) == (r == coordinator || r == otherCoordinator || r == readToken),
		}
		for what, ok := range checks {
			if !ok {
				t.Errorf("%s: %s is wrong: %+v", r, what, a)
			}
		}
	}
}

// patternPath turns a route pattern's path into a regexp matching its
// concrete paths, to check that a case calls the route it is filed under.
func patternPath(p string) *regexp.Regexp {
	re := regexp.MustCompile(`\\\{[a-zA-Z_]+(\\\.\\\.\\\.)?\\\}`).ReplaceAllString(regexp.QuoteMeta(p), `[^/]+`)
	return regexp.MustCompile("^" + re + "$")
}

func TestAuthorizationMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		probe := newSite(t, db)
		var routes []string
		for _, p := range probe.Srv.Patterns() {
			method, path, _ := strings.Cut(p, " ")
			if strings.HasPrefix(path, "/api/") && method != http.MethodGet && method != http.MethodHead {
				routes = append(routes, p)
			}
		}
		if len(routes) == 0 {
			t.Fatal("no state-changing API routes found")
		}
		for _, route := range routes {
			build, ok := authzCases[route]
			if !ok {
				t.Errorf("%s has no entry in authzCases (http/authz_test.go): say which roles may call it", route)
				continue
			}
			t.Run(route, func(t *testing.T) {
				f := newAuthzFixture(t, storetest.MustOpen(t, db.Dialect()))
				method, path, _ := strings.Cut(route, " ")
				for _, r := range roles {
					c := build(f, r)
					if !patternPath(path).MatchString(c.Path) {
						t.Fatalf("case path %q does not match route %s", c.Path, route)
					}
					f.grant(c)
					want := http.StatusForbidden
					switch {
					case c.Status[r] != 0:
						want = c.Status[r]
					case slices.Contains(c.Allow, r):
						want = c.OK
					case r == anonymous:
						want = http.StatusUnauthorized
					}
					var hdr []string
					for k, v := range c.Header {
						hdr = append(hdr, k, v)
					}
					resp := f.Site.do(f.creds[r], method, c.Path, c.Body, hdr...)
					if resp.StatusCode != want {
						body := decodeLoose(resp)
						t.Errorf("%s as %s: status %d, want %d (%s)", route, r, resp.StatusCode, want, body)
					}
				}
			})
		}
		var stale []string
		for p := range authzCases {
			if !slices.Contains(routes, p) {
				stale = append(stale, p)
			}
		}
		if len(stale) > 0 {
			t.Errorf("authzCases has entries for routes that do not exist: %v", stale)
		}
	})
}

func decodeLoose(resp *http.Response) string {
	var b strings.Builder
	buf := make([]byte, 512)
	n, _ := resp.Body.Read(buf)
	b.Write(buf[:n])
	return strings.TrimSpace(b.String())
}

var zeroTime time.Time

func init() {
	// Any account with write rights may state a twin link (source manual).
	authzCases["POST /api/v1/twin-links"] = func(f *authzFixture, r role) authzCase {
		city := func() int64 {
			name := f.Unique("Matrixville")
			var id int64
			err := f.DB.QueryRow(f.Ctx(), `INSERT INTO cities (name, name_key, created_at, updated_at) VALUES (?, ?, 0, 0) RETURNING id`, name, name).Scan(&id)
			if err != nil {
				f.T.Fatal(err)
			}
			f.Site.Srv.Graph.AddCity(&wikicities.City{ID: id, Name: name})
			return id
		}
		return authzCase{Path: "/api/v1/twin-links", Body: map[string]any{"a": city(), "b": city(), "year": 1990},
			Allow: signedIn, OK: http.StatusCreated}
	}
}
