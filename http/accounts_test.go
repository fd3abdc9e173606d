package http_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"

	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

const pw = "correct horse battery staple"

// sessionCred turns a sign-in answer into the credentials a browser (or a
// script keeping cookies) would send next.
func sessionCred(t *testing.T, resp *http.Response) cred {
	t.Helper()
	c := cookieNamed(resp, "wikicities_session")
	if c == nil {
		t.Fatal("sign-in set no session cookie")
	}
	body := decode(t, resp)
	csrf, _ := body["csrf_token"].(string)
	return cred{Cookie: c.Name + "=" + c.Value, CSRF: csrf}
}

func TestLoginRotatesTheSessionAndLogoutEndsIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		s.user("Ada", wikicities.RoleMember, pw)

		resp := s.do(cred{}, "POST", "/api/v1/auth/login", map[string]string{"username": "Ada", "password": pw})
		wantStatus(t, resp, 200)
		c := cookieNamed(resp, "wikicities_session")
		if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure {
			t.Errorf("session cookie over http: %+v, want HttpOnly, SameSite=Lax, Path=/, not Secure", c)
		}
		first := sessionCred(t, resp)
		me := decode(t, s.do(first, "GET", "/api/v1/me", nil))
		if me["actor"].(map[string]any)["username"] != "Ada" {
			t.Fatalf("me = %v", me)
		}

		// Signing in again (a form this time) replaces the session.
		form := strings.NewReader(url.Values{"username": {"Ada"}, "password": {pw}}.Encode())
		resp = s.do(first, "POST", "/api/v1/auth/login", form)
		wantStatus(t, resp, 200)
		second := sessionCred(t, resp)
		if second.Cookie == first.Cookie || second.CSRF == first.CSRF {
			t.Fatal("sign-in kept the old session id or CSRF token")
		}
		wantStatus(t, s.do(first, "GET", "/api/v1/me", nil), 401)
		wantStatus(t, s.do(second, "GET", "/api/v1/me", nil), 200)

		resp = s.do(second, "POST", "/api/v1/auth/logout", nil)
		wantStatus(t, resp, 204)
		if c := cookieNamed(resp, "wikicities_session"); c == nil || c.MaxAge >= 0 {
			t.Error("sign-out did not clear the cookie")
		}
		wantStatus(t, s.do(second, "GET", "/api/v1/me", nil), 401)

		log, _ := db.AuditLog(context.Background(), "user", 0, 10)
		var signIns int
		for _, e := range log {
			if e.Action == "sign-in" {
				signIns++
			}
		}
		if signIns != 2 {
			t.Errorf("audit holds %d sign-ins, want 2", signIns)
		}
	})
}

func TestLoginAnswersWrongUsernameAndWrongPasswordAlike(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		s.user("Ada", wikicities.RoleMember, pw)
		s.user("Wiki user", wikicities.RoleMember, "") // no password: Wikimedia accounts
		var bodies []string
		for _, c := range []map[string]string{
			{"username": "Ada", "password": "wrong password!"},
			{"username": "Nobody", "password": pw},
			{"username": "Wiki user", "password": ""},
		} {
			resp := s.do(cred{}, "POST", "/api/v1/auth/login", c)
			wantStatus(t, resp, 401)
			if cookieNamed(resp, "wikicities_session") != nil {
				t.Error("a refused sign-in set a session cookie")
			}
			bodies = append(bodies, decode(t, resp)["error"].(string))
		}
		if bodies[0] != bodies[1] || bodies[1] != bodies[2] {
			t.Errorf("refusals differ, telling which accounts exist: %q", bodies)
		}
	})
}

func TestDisabledAccountCannotSignIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		u := s.user("Ada", wikicities.RoleMember, pw)
		yes := true
		if _, err := db.Accounts().UpdateUser(context.Background(), u.ID, u.Version, wikicities.UserUpdate{Disabled: &yes}); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, s.do(cred{}, "POST", "/api/v1/auth/login", map[string]string{"username": "Ada", "password": pw}), 403)
	})
}

func TestCSRFTokenIsRequiredForCookieAuthenticatedWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		c := s.session(s.user("Ada", wikicities.RoleMember, ""))
		body := map[string]string{"name": "bot", "scope": "read"}
		cases := []struct {
			name string
			csrf string
			want int
		}{
			{"missing token", "", 403},
			{"wrong token", flipFirst(c.CSRF), 403},
			{"another session's token", s.session(s.user("Bob", wikicities.RoleMember, "")).CSRF, 403},
			{"the session's token", c.CSRF, 201},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				wantStatus(t, s.do(cred{Cookie: c.Cookie, CSRF: tc.csrf}, "POST", "/api/v1/tokens", body), tc.want)
			})
		}
		// Forms carry it in the csrf_token field.
		form := func(tok string) *strings.Reader {
			return strings.NewReader(url.Values{"csrf_token": {tok}}.Encode())
		}
		wantStatus(t, s.do(cred{Cookie: c.Cookie}, "POST", "/api/v1/auth/logout", form("wrong")), 403)
		wantStatus(t, s.do(cred{Cookie: c.Cookie}, "POST", "/api/v1/auth/logout", form(c.CSRF)), 204)
		// Reads need no token.
		wantStatus(t, s.do(cred{Cookie: s.session(s.user("Cy", wikicities.RoleMember, "")).Cookie}, "GET", "/api/v1/tokens", nil), 200)
	})
}

func TestCrossOriginBrowserWritesAreRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		s.user("Ada", wikicities.RoleMember, pw)
		login := map[string]string{"username": "Ada", "password": pw}
		// Login CSRF: another site posting our sign-in form.
		wantStatus(t, s.do(cred{}, "POST", "/api/v1/auth/login", login, "Sec-Fetch-Site", "cross-site"), 403)
		wantStatus(t, s.do(cred{}, "POST", "/api/v1/auth/login", login, "Origin", "https://evil.example"), 403)
		wantStatus(t, s.do(cred{}, "POST", "/api/v1/auth/login", login, "Sec-Fetch-Site", "same-origin"), 200)
		// Behind a reverse proxy the Host differs from the public address;
		// the public origin is still ours.
		s.Srv.BaseURL = "https://wikicities.example.org"
		wantStatus(t, s.do(cred{}, "POST", "/api/v1/auth/login", login, "Origin", "https://wikicities.example.org"), 200)
		wantStatus(t, s.do(cred{}, "POST", "/api/v1/auth/login", login, "Origin", "https://wikicities.example.org.evil.example"), 403)
	})
}

func TestSessionCookieIsSecureOverHTTPS(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, func(s *wchttp.Server) { s.BaseURL = "https://wikicities.toolforge.org" })
		s.user("Ada", wikicities.RoleMember, pw)
		resp := s.do(cred{}, "POST", "/api/v1/auth/login", map[string]string{"username": "Ada", "password": pw})
		wantStatus(t, resp, 200)
		c := cookieNamed(resp, "__Host-wikicities_session")
		if c == nil || !c.Secure || !c.HttpOnly || c.Path != "/" || c.Domain != "" {
			t.Fatalf("session cookie over https: %+v, want __Host- prefixed, Secure, HttpOnly, Path=/", c)
		}
		if got := resp.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=") {
			t.Errorf("HSTS = %q", got)
		}
		// Pages have their own set of security headers: HSTS too.
		if got := s.do(cred{}, "GET", "/", nil).Header.Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=") {
			t.Errorf("HSTS of the home page = %q", got)
		}
	})
}

func TestSessionExpiresWhenIdleOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		s := newSite(t, db, func(s *wchttp.Server) { s.Auth.SessionIdle = time.Hour; s.Auth.SessionMax = 4 * time.Hour })
		s.user("Ada", wikicities.RoleMember, pw)
		c := sessionCred(t, s.do(cred{}, "POST", "/api/v1/auth/login", map[string]string{"username": "Ada", "password": pw}))
		now = now.Add(59 * time.Minute)
		wantStatus(t, s.do(c, "GET", "/api/v1/me", nil), 200)
		now = now.Add(61 * time.Minute)
		resp := s.do(c, "GET", "/api/v1/me", nil)
		wantStatus(t, resp, 401)
		if k := cookieNamed(resp, "wikicities_session"); k == nil || k.MaxAge >= 0 {
			t.Error("an expired session's cookie was not cleared")
		}
		// Used within the idle limit, it still ends at its absolute expiry.
		c = sessionCred(t, s.do(cred{}, "POST", "/api/v1/auth/login", map[string]string{"username": "Ada", "password": pw}))
		for i := 0; i < 4; i++ {
			now = now.Add(50 * time.Minute)
			wantStatus(t, s.do(c, "GET", "/api/v1/me", nil), 200)
		}
		now = now.Add(50 * time.Minute)
		wantStatus(t, s.do(c, "GET", "/api/v1/me", nil), 401)
	})
}

func TestTokenScopes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		u := s.user("Bot owner", wikicities.RoleAdmin, "")
		sess := s.session(u)
		create := func(scope string) (string, int64) {
			resp := s.do(sess, "POST", "/api/v1/tokens", map[string]any{"name": scope + " bot", "scope": scope})
			wantStatus(t, resp, 201)
			b := decode(t, resp)
			return b["token"].(string), int64(b["info"].(map[string]any)["id"].(float64))
		}
		read, _ := create("read")
		write, writeID := create("write")

		wantStatus(t, s.do(cred{Bearer: read}, "GET", "/api/v1/me", nil), 200)
		wantStatus(t, s.do(cred{Bearer: read}, "GET", "/api/v1/audit", nil), 200)
		resp := s.do(cred{Bearer: read}, "POST", "/api/v1/tokens", map[string]string{"scope": "write"})
		wantStatus(t, resp, 403)
		// Bearer requests need no CSRF token: they carry no ambient credential.
		wantStatus(t, s.do(cred{Bearer: write}, "POST", "/api/v1/tokens", map[string]string{"scope": "read"}), 201)

		// Only hashes are stored; the listing shows a prefix, never the token.
		var n int
		db.QueryRow(context.Background(), `SELECT COUNT(*) FROM api_tokens WHERE token_hash = ? OR token_hash = ?`, read, write).Scan(&n)
		if n != 0 {
			t.Fatal("API tokens stored in clear")
		}
		list := decode(t, s.do(sess, "GET", "/api/v1/tokens", nil))
		for _, tok := range list["tokens"].([]any) {
			if p := tok.(map[string]any)["prefix"].(string); len(p) > 12 || strings.Contains(read+write, p) && len(p) > 12 {
				t.Errorf("listing shows %q", p)
			}
		}

		wantStatus(t, s.do(sess, "DELETE", "/api/v1/tokens/"+itoa(writeID), nil), 204)
		resp = s.do(cred{Bearer: write}, "GET", "/api/v1/me", nil)
		wantStatus(t, resp, 401)
		if !strings.Contains(resp.Header.Get("WWW-Authenticate"), "invalid_token") {
			t.Errorf("WWW-Authenticate = %q", resp.Header.Get("WWW-Authenticate"))
		}
		for _, h := range []string{"Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Bearer", "Bearer wkc_short", "Bearer " + strings.TrimPrefix(read, "wkc_")} {
			resp := s.do(cred{}, "GET", "/api/v1/me", nil, "Authorization", h)
			wantStatus(t, resp, 401)
		}
	})
}

func TestSignupCanBeTurnedOff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		in := map[string]string{"username": "Newcomer", "password": pw}
		wantStatus(t, s.do(cred{}, "POST", "/api/v1/auth/signup", in), 403)
		s.Srv.Auth.SignupEnabled = true
		resp := s.do(cred{}, "POST", "/api/v1/auth/signup", map[string]string{"username": "Newcomer", "password": "short"})
		wantStatus(t, resp, 422)
		if f := decode(t, resp)["fields"].([]any)[0].(map[string]any)["field"]; f != "password" {
			t.Errorf("short password blamed on %v", f)
		}
		resp = s.do(cred{}, "POST", "/api/v1/auth/signup", in)
		wantStatus(t, resp, 201)
		c := sessionCred(t, resp)
		me := decode(t, s.do(c, "GET", "/api/v1/me", nil))["actor"].(map[string]any)
		if me["username"] != "Newcomer" || me["role"] != "member" {
			t.Fatalf("new account %v", me)
		}
		wantStatus(t, s.do(cred{}, "POST", "/api/v1/auth/signup", in), 409)
	})
}

func TestAuditIsReadByAdminsAndByCoordinatorsOfTheRecord(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		ctx := wikicities.NewContext(context.Background(), wikicities.System)
		adminU := s.user("Root", wikicities.RoleAdmin, "")
		coord := s.user("Coordinator", wikicities.RoleMember, "")
		other := s.user("Someone", wikicities.RoleMember, "")
		community := storetest.MustParty(t, db, wikicities.PartyCommunity)
		if err := db.Accounts().Grant(ctx, coord.ID, community); err != nil {
			t.Fatal(err)
		}
		if err := db.Accounts().Grant(ctx, other.ID, storetest.MustParty(t, db, wikicities.PartyCommunity)); err != nil {
			t.Fatal(err)
		}
		own := "?entity=community&id=" + itoa(community.ID)
		cases := []struct {
			name  string
			who   cred
			query string
			want  int
		}{
			{"anonymous", cred{}, own, 401},
			{"admin, whole log", s.session(adminU), "", 200},
			{"coordinator, own community", s.session(coord), own, 200},
			{"coordinator, own community via read token", s.token(coord, "read"), own, 200},
			{"coordinator, whole log", s.session(coord), "", 403},
			{"coordinator of another community", s.session(other), own, 403},
			{"coordinator, same id of another kind", s.session(coord), "?entity=institution&id=" + itoa(community.ID), 403},
			{"member, own account", s.session(other), "?entity=user&id=" + itoa(other.ID), 200},
			{"member, someone else's account", s.session(other), "?entity=user&id=" + itoa(coord.ID), 403},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				resp := s.do(c.who, "GET", "/api/v1/audit"+c.query, nil)
				wantStatus(t, resp, c.want)
				if c.want == 200 && strings.Contains(c.query, "community") {
					es := decode(t, resp)["entries"].([]any)
					if len(es) != 1 || es[0].(map[string]any)["action"] != "grant-coordinator" {
						t.Fatalf("entries %v", es)
					}
				}
			})
		}
	})
}

func TestAdminChangesRolesWithVersionCheck(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		root := s.session(s.user("Root", wikicities.RoleAdmin, ""))
		u := s.user("Ada", wikicities.RoleMember, "")
		path := "/api/v1/users/" + itoa(u.ID)
		// The version read is required (body or If-Match); a stale one is 412.
		wantStatus(t, s.do(root, "PATCH", path, map[string]any{"role": "admin"}), 428)
		ok := s.do(root, "PATCH", path, map[string]any{"role": "admin", "version": u.Version})
		wantStatus(t, ok, 200)
		if tag, want := ok.Header.Get("ETag"), `"`+itoa(u.Version+1)+`"`; tag != want {
			t.Errorf("ETag after the change = %q, want %q", tag, want)
		}
		wantStatus(t, s.do(root, "PATCH", path, map[string]any{"role": "member", "version": u.Version}), 412)
		wantStatus(t, s.do(root, "PATCH", path, map[string]any{"role": "member"}, "If-Match", `"`+itoa(u.Version)+`"`), 412)
		wantStatus(t, s.do(root, "PATCH", path, map[string]any{"role": "owner", "version": u.Version + 1}), 422)
		got, _ := db.Accounts().User(context.Background(), u.ID)
		if got.Role != wikicities.RoleAdmin {
			t.Fatalf("role = %s", got.Role)
		}
		log, _ := db.AuditLog(context.Background(), "user", u.ID, 10)
		if len(log) == 0 || log[0].Action != "update" || log[0].ActorName != "Root" {
			t.Fatalf("role change not audited with its actor: %+v", log)
		}
	})
}

func TestChangingThePasswordEndsOtherSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		s.user("Ada", wikicities.RoleMember, pw)
		login := map[string]string{"username": "Ada", "password": pw}
		laptop := sessionCred(t, s.do(cred{}, "POST", "/api/v1/auth/login", login))
		phone := sessionCred(t, s.do(cred{}, "POST", "/api/v1/auth/login", login))

		resp := s.do(laptop, "POST", "/api/v1/me/password", map[string]string{"current_password": "not it at all", "new_password": "a brand new password"})
		wantStatus(t, resp, 422)
		resp = s.do(laptop, "POST", "/api/v1/me/password", map[string]string{"current_password": pw, "new_password": "short"})
		wantStatus(t, resp, 422)
		resp = s.do(laptop, "POST", "/api/v1/me/password", map[string]string{"current_password": pw, "new_password": "a brand new password"})
		wantStatus(t, resp, 200)
		laptop = sessionCred(t, resp)
		wantStatus(t, s.do(laptop, "GET", "/api/v1/me", nil), 200)
		wantStatus(t, s.do(phone, "GET", "/api/v1/me", nil), 401)
		wantStatus(t, s.do(cred{}, "POST", "/api/v1/auth/login", login), 401)
		wantStatus(t, s.do(cred{}, "POST", "/api/v1/auth/login", map[string]string{"username": "Ada", "password": "a brand new password"}), 200)
	})
}

// The digest's unsubscribe page is a form: a signed-in reader's browser
// posts it with the session cookie, so the page must carry the CSRF token.
func TestUnsubscribeFormWorksWhenSignedIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		u := s.user("Reader", wikicities.RoleMember, "")
		c := s.session(u)
		token, err := db.UnsubscribeToken(context.Background(), u.ID)
		if err != nil {
			t.Fatal(err)
		}
		page := readAll(s.do(cred{Cookie: c.Cookie}, "GET", "/digest/unsubscribe/"+token, nil))
		m := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindStringSubmatch(page)
		if m == nil || m[1] != c.CSRF {
			t.Fatalf("unsubscribe page lacks the session's CSRF token:\n%s", page)
		}
		wantStatus(t, s.do(cred{Cookie: c.Cookie}, "POST", "/digest/unsubscribe/"+token, strings.NewReader("")), 403)
		form := strings.NewReader(url.Values{"csrf_token": {m[1]}}.Encode())
		wantStatus(t, s.do(cred{Cookie: c.Cookie}, "POST", "/digest/unsubscribe/"+token, form), 200)
		if out, _ := db.OptedOutOfDigest(context.Background(), u.ID); !out {
			t.Fatal("not opted out")
		}
	})
}

// Coordinators of either party read a partnership's history in the audit
// log; others do not.
func TestAuditOfAPartnershipIsReadByItsPartiesCoordinators(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		w := storetest.MustPartners(t, db)
		p := &wikicities.Partnership{A: w.A, B: w.B, Type: wikicities.TypeTwinning, Level: wikicities.LevelGlobal}
		if err := db.Partnerships().Propose(storetest.As(context.Background(), w.CoordA), p, ""); err != nil {
			t.Fatal(err)
		}
		q := "/api/v1/audit?entity=partnership&id=" + itoa(p.ID)
		for who, want := range map[*wikicities.Actor]int{w.CoordA: 200, w.CoordB: 200, w.CoordC: 403, w.Member: 403} {
			u, _ := db.Accounts().User(context.Background(), who.UserID)
			resp := s.do(s.session(u), "GET", q, nil)
			wantStatus(t, resp, want)
			if want == 200 {
				if es := decode(t, resp)["entries"].([]any); len(es) != 1 || es[0].(map[string]any)["action"] != "propose" {
					t.Errorf("%s reads %v", who.Username, es)
				}
			}
		}
		u, _ := db.Accounts().User(context.Background(), w.CoordA.UserID)
		wantStatus(t, s.do(s.session(u), "GET", "/api/v1/audit?entity=partnership&id=999999", nil), 403)
	})
}

// flipFirst returns tok with its first character changed, so that it is
// certainly not tok (a fixed replacement would equal tok now and then).
func flipFirst(tok string) string {
	if tok[0] == 'x' {
		return "y" + tok[1:]
	}
	return "x" + tok[1:]
}
