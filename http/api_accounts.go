package http

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
)

// registerAccountRoutes adds sign-in, sessions, API tokens, account
// administration and the audit log, and the middleware that resolves every
// request's actor and hardens the site.
func (s *Server) registerAccountRoutes() {
	s.Auth = DefaultAuthConfig()
	s.auth = &authState{crossOrigin: http.NewCrossOriginProtection()}
	s.auth.signInByAddr = newLimiter(&s.Auth.SignInLimit, 10000)
	s.auth.signInByPair = newLimiter(&s.Auth.SignInPairLimit, 10000)
	s.auth.signInByUser = newLimiter(&s.Auth.SignInUserLimit, 10000)
	s.auth.writeByUser = newLimiter(&s.Auth.WriteLimit, 10000)
	s.auth.writeByAddr = newLimiter(&s.Auth.WriteLimit, 10000)
	s.Middleware = append(s.Middleware, s.securityHeaders, s.limitBody, s.authenticate, s.limitWrites)

	s.handle("POST /api/v1/auth/login", s.apiLogin)
	s.handle("POST /api/v1/auth/signup", s.apiSignup)
	s.handle("POST /api/v1/auth/logout", s.apiLogout)
	s.handle("GET /api/v1/me", s.apiMe)
	s.handle("POST /api/v1/me/password", s.apiChangePassword)
	s.handle("POST /api/v1/tokens", s.apiCreateToken)
	s.handle("GET /api/v1/tokens", s.apiTokens)
	s.handle("DELETE /api/v1/tokens/{id}", s.apiRevokeToken)
	s.handle("GET /api/v1/users", s.apiUsers)
	s.handle("PATCH /api/v1/users/{id}", s.apiUpdateUser)
	s.handle("POST /api/v1/users/{id}/grants", s.apiGrant)
	s.handle("DELETE /api/v1/users/{id}/grants/{kind}/{party}", s.apiRevokeGrant)
	s.handle("GET /api/v1/audit", s.apiAudit)
	s.registerWikimediaRoutes()
}

// credentials is the body of sign-in and sign-up, as JSON or as a form.
type credentials struct {
	Username string `json:"username"`
	Password string `json:"password" text:"raw"`
	Email    string `json:"email,omitempty"`
}

func readCredentials(w http.ResponseWriter, r *http.Request) (credentials, error) {
	var c credentials
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		if err := decodeJSON(w, r, &c, 16<<10); err != nil {
			return c, err
		}
	} else {
		if err := r.ParseForm(); err != nil {
			return c, wikicities.Invalidf("body", "%v", err)
		}
		if err := cleanForm(r); err != nil {
			return c, err
		}
		c = credentials{Username: r.PostForm.Get("username"), Password: r.PostForm.Get("password"), Email: r.PostForm.Get("email")}
	}
	c.Username = strings.TrimSpace(c.Username)
	return c, nil
}

// ErrBadCredentials is the one answer to a wrong username or a wrong
// password, so that sign-in does not tell which accounts exist.
var ErrBadCredentials = fmt.Errorf("%w: wrong username or password", wikicities.ErrUnauthorized)

// dummyHash is checked against when the account does not exist, so that
// unknown and known usernames take the same time. Made at first use, so that
// starting the program does not pay for it.
func (s *Server) dummyHash() string {
	s.auth.dummyOnce.Do(func() { s.auth.dummyHash, _ = s.Passwords.Hash("not a password") })
	return s.auth.dummyHash
}

// session answers sign-in and sign-up: the account and the CSRF token for
// the new session.
type sessionInfo struct {
	User      *wikicities.User `json:"user"`
	CSRFToken string           `json:"csrf_token"`
	ExpiresAt time.Time        `json:"expires_at"`
}

func (s *Server) signInAllowed(w http.ResponseWriter, r *http.Request, username string) bool {
	if ok, wait := s.auth.signInByAddr.allow(s.clientAddr(r)); !ok {
		s.tooMany(w, r, wait)
		return false
	}
	if username == "" {
		return true
	}
	name := strings.ToLower(username)
	if ok, wait := s.auth.signInByPair.allow(s.clientAddr(r) + "\x00" + name); !ok {
		s.tooMany(w, r, wait)
		return false
	}
	if ok, wait := s.auth.signInByUser.allow(name); !ok && !s.knownDevice(r, name) {
		s.tooMany(w, r, wait)
		return false
	}
	return true
}

// apiLogin signs in a local account and starts a session.
func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) {
	c, err := readCredentials(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	u, sess, ok, err := s.passwordSignIn(w, r, c.Username, c.Password)
	if !ok {
		return // rate limited: answered
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, sessionInfo{User: u, CSRFToken: sess.CSRFToken, ExpiresAt: sess.ExpiresAt})
}

// passwordSignIn checks a local account's password and starts its session
// (setting the cookie): the work of the sign-in API and of the sign-in page.
// ok is false when a rate limit refused the attempt, in which case the 429
// has been written. Errors: ErrBadCredentials (wrong name or password, alike),
// ErrForbidden for a disabled account.
func (s *Server) passwordSignIn(w http.ResponseWriter, r *http.Request, username, pw string) (u *wikicities.User, sess *wikicities.Session, ok bool, err error) {
	username = strings.TrimSpace(username)
	if !s.signInAllowed(w, r, username) {
		return nil, nil, false, nil
	}
	u, err = s.Accounts.UserByName(r.Context(), username)
	switch {
	case errors.Is(err, wikicities.ErrNotFound):
		s.Passwords.Verify(pw, s.dummyHash())
		return nil, nil, true, ErrBadCredentials
	case err != nil:
		return nil, nil, true, err
	}
	if u.PasswordHash == "" {
		s.Passwords.Verify(pw, s.dummyHash())
		return nil, nil, true, ErrBadCredentials
	}
	if s.Passwords.Verify(pw, u.PasswordHash) != nil {
		return nil, nil, true, ErrBadCredentials
	}
	if u.Disabled {
		return nil, nil, true, fmt.Errorf("%w: this account is disabled", wikicities.ErrForbidden)
	}
	if s.Passwords.NeedsRehash(u.PasswordHash) {
		if h, err := s.Passwords.Hash(pw); err == nil {
			ctx := wikicities.NewContext(r.Context(), &wikicities.Actor{UserID: u.ID, Username: u.Username})
			if nu, err := s.Accounts.UpdateUser(ctx, u.ID, u.Version, wikicities.UserUpdate{PasswordHash: &h}); err == nil {
				u = nu
			}
		}
	}
	sess, err = s.signIn(w, r, u, "password")
	if err == nil {
		s.rememberDevice(w, r, u.Username)
	}
	return u, sess, true, err
}

// apiSignup creates a local member account and signs it in, when sign-up is
// turned on.
func (s *Server) apiSignup(w http.ResponseWriter, r *http.Request) {
	if !s.Auth.SignupEnabled {
		s.writeError(w, r, fmt.Errorf("%w: sign-up is turned off on this site; sign in with Wikimedia or ask an administrator", wikicities.ErrForbidden))
		return
	}
	c, err := readCredentials(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if !s.signInAllowed(w, r, "") {
		return
	}
	var ve wikicities.ValidationErrors
	if err := wikicities.ValidateUsername(c.Username); err != nil {
		ve = append(ve, err.(*wikicities.FieldError))
	}
	if err := wikicities.ValidatePassword(c.Password, c.Username); err != nil {
		ve = append(ve, err.(*wikicities.FieldError))
	}
	if len(c.Email) > 254 || (c.Email != "" && !strings.Contains(c.Email, "@")) {
		ve.Add("email", "is not an email address")
	}
	if err := ve.Err(); err != nil {
		s.writeError(w, r, err)
		return
	}
	h, err := s.Passwords.Hash(c.Password)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx := wikicities.NewContext(r.Context(), &wikicities.Actor{Username: c.Username})
	u, err := s.Accounts.CreateUser(ctx, &wikicities.User{Username: c.Username, Email: c.Email, PasswordHash: h, Role: wikicities.RoleMember})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sess, err := s.signIn(w, r, u, "signup")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, sessionInfo{User: u, CSRFToken: sess.CSRFToken, ExpiresAt: sess.ExpiresAt})
}

// apiLogout ends the request's session. Without a session there is nothing
// to end: 401.
func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request) {
	if err := s.signOut(w, r); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// signOut ends the request's session and clears its cookie: the work of the
// sign-out API and of the sign-out button (a POST form with the CSRF token,
// which the middleware has checked). Returns ErrUnauthorized without a
// session.
func (s *Server) signOut(w http.ResponseWriter, r *http.Request) error {
	if authFrom(r).session == nil {
		return fmt.Errorf("%w: no session to sign out of (API tokens are revoked with DELETE /api/v1/tokens/{id})", wikicities.ErrUnauthorized)
	}
	c, err := r.Cookie(s.sessionCookieName())
	if err != nil {
		return fmt.Errorf("%w: no session cookie", wikicities.ErrUnauthorized)
	}
	if err := s.Accounts.DeleteSession(r.Context(), c.Value); err != nil {
		return err
	}
	s.clearSessionCookie(w)
	return nil
}

// apiMe describes the signed-in actor.
func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) {
	a := wikicities.ActorFrom(r.Context())
	if !a.SignedIn() {
		s.writeError(w, r, wikicities.ErrUnauthorized)
		return
	}
	out := map[string]any{"actor": a}
	if t := CSRFToken(r); t != "" {
		out["csrf_token"] = t
	}
	writeJSON(w, http.StatusOK, out)
}

// passwordChange is the body of POST /api/v1/me/password.
type passwordChange struct {
	Current string `json:"current_password" text:"raw"`
	New     string `json:"new_password" text:"raw"`
}

// apiChangePassword changes a local account's own password, given the
// current one. Every session of the account ends; a session request gets a
// fresh one.
func (s *Server) apiChangePassword(w http.ResponseWriter, r *http.Request) {
	a := wikicities.ActorFrom(r.Context())
	if err := a.RequireWrite(); err != nil {
		s.writeError(w, r, err)
		return
	}
	var in passwordChange
	if err := decodeJSON(w, r, &in, 8<<10); err != nil {
		s.writeError(w, r, err)
		return
	}
	if !s.signInAllowed(w, r, a.Username) {
		return
	}
	u, err := s.Accounts.User(r.Context(), a.UserID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if u.Wikimedia {
		s.writeError(w, r, wikicities.Invalidf("current_password", "this account signs in with Wikimedia and has no password here"))
		return
	}
	if u.PasswordHash == "" || s.Passwords.Verify(in.Current, u.PasswordHash) != nil {
		s.writeError(w, r, wikicities.Invalidf("current_password", "is wrong"))
		return
	}
	if err := wikicities.ValidatePassword(in.New, u.Username); err != nil {
		s.writeError(w, r, err)
		return
	}
	h, err := s.Passwords.Hash(in.New)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if u, err = s.Accounts.UpdateUser(r.Context(), u.ID, u.Version, wikicities.UserUpdate{PasswordHash: &h}); err != nil {
		s.writeError(w, r, err)
		return
	}
	out := map[string]any{"user": u}
	if authFrom(r).session != nil {
		sess, err := s.signIn(w, r, u, "password-change")
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		out["csrf_token"] = sess.CSRFToken
	}
	writeJSON(w, http.StatusOK, out)
}

// newToken is the body of POST /api/v1/tokens.
type newToken struct {
	Name          string `json:"name"`
	Scope         string `json:"scope"`
	ExpiresInDays int    `json:"expires_in_days,omitempty"`
}

func (s *Server) apiCreateToken(w http.ResponseWriter, r *http.Request) {
	a := wikicities.ActorFrom(r.Context())
	if err := a.RequireWrite(); err != nil {
		s.writeError(w, r, err)
		return
	}
	var in newToken
	if err := decodeJSON(w, r, &in, 16<<10); err != nil {
		s.writeError(w, r, err)
		return
	}
	if in.ExpiresInDays < 0 || in.ExpiresInDays > 3650 {
		s.writeError(w, r, wikicities.Invalidf("expires_in_days", "must be from 0 (never) to 3650"))
		return
	}
	var exp time.Time
	if in.ExpiresInDays > 0 {
		exp = s.Clock.Now().Add(time.Duration(in.ExpiresInDays) * 24 * time.Hour)
	}
	exp, err := withinCreator(authFrom(r).token, in.Scope, exp)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	tok, t, err := s.Accounts.CreateToken(r.Context(), a.UserID, in.Name, in.Scope, exp)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, map[string]any{"token": tok, "info": t,
		"note": "This token is shown once; store it now. Send it as 'Authorization: Bearer <token>'."})
}

// withinCreator fits a new token into the API token that asks for it
// (creator; nil for a request with a session, whose tokens end with a
// password change or "sign out everywhere"): a read token cannot create a
// write token (nor anything: the middleware refuses its writes), and a
// token created by a token that expires expires no later (never means its
// creator's expiry). Returns the expiry to use, or ErrForbidden.
func withinCreator(creator *wikicities.APIToken, scope string, expires time.Time) (time.Time, error) {
	switch {
	case creator == nil:
		return expires, nil
	case creator.Scope != wikicities.ScopeWrite && scope == wikicities.ScopeWrite:
		return time.Time{}, fmt.Errorf("%w: a %s token cannot create a write token", wikicities.ErrForbidden, creator.Scope)
	case creator.ExpiresAt.IsZero():
		return expires, nil
	case expires.IsZero() || expires.After(creator.ExpiresAt):
		return creator.ExpiresAt, nil
	}
	return expires, nil
}

func (s *Server) apiTokens(w http.ResponseWriter, r *http.Request) {
	a := wikicities.ActorFrom(r.Context())
	if !a.SignedIn() {
		s.writeError(w, r, wikicities.ErrUnauthorized)
		return
	}
	ts, err := s.Accounts.Tokens(r.Context(), a.UserID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if ts == nil {
		ts = []*wikicities.APIToken{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"tokens": ts})
}

func (s *Server) apiRevokeToken(w http.ResponseWriter, r *http.Request) {
	a := wikicities.ActorFrom(r.Context())
	if err := a.RequireWrite(); err != nil {
		s.writeError(w, r, err)
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.Accounts.RevokeToken(r.Context(), a.UserID, id, a.IsAdmin()); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// requireAdmin returns ErrUnauthorized for anonymous actors and ErrForbidden
// for anyone but a site admin with write rights.
func requireAdmin(a *wikicities.Actor) error {
	if err := a.RequireWrite(); err != nil {
		return err
	}
	if !a.IsAdmin() {
		return fmt.Errorf("%w: only site administrators may do this", wikicities.ErrForbidden)
	}
	return nil
}

// adminIDs checks that the caller is a site admin (requireAdmin) and reads
// the ids of the named path wildcards. It writes the error (401, 403, 422)
// and returns ok false on the first check that fails.
func (s *Server) adminIDs(w http.ResponseWriter, r *http.Request, names ...string) (*wikicities.Actor, []int64, bool) {
	a := wikicities.ActorFrom(r.Context())
	err := requireAdmin(a)
	var ids []int64
	if err == nil {
		ids, err = pathIDs(r, names...)
	}
	if err != nil {
		s.writeError(w, r, err)
		return nil, nil, false
	}
	return a, ids, true
}

func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request) {
	a := wikicities.ActorFrom(r.Context())
	if !a.SignedIn() {
		s.writeError(w, r, wikicities.ErrUnauthorized)
		return
	}
	if !a.IsAdmin() {
		s.writeError(w, r, wikicities.ErrForbidden)
		return
	}
	us, err := s.Accounts.Users(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if us == nil {
		us = []*wikicities.User{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"users": us})
}

// userPatch is the body of PATCH /api/v1/users/{id}: the fields to change
// and the version they were read at.
type userPatch struct {
	Role     *wikicities.Role `json:"role,omitempty"`
	Disabled *bool            `json:"disabled,omitempty"`
	Version  int64            `json:"version"`
}

func (s *Server) apiUpdateUser(w http.ResponseWriter, r *http.Request) {
	a, ids, ok := s.adminIDs(w, r, "id")
	if !ok {
		return
	}
	id := ids[0]
	var in userPatch
	if err := decodeJSON(w, r, &in, 16<<10); err != nil {
		s.writeError(w, r, err)
		return
	}
	version, err := requireVersion(r, in.Version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if id == a.UserID && ((in.Role != nil && *in.Role != wikicities.RoleAdmin) || (in.Disabled != nil && *in.Disabled)) {
		s.writeError(w, r, wikicities.Invalidf("id", "administrators cannot demote or disable themselves; ask another administrator"))
		return
	}
	u, err := s.Accounts.UpdateUser(r.Context(), id, version, wikicities.UserUpdate{Role: in.Role, Disabled: in.Disabled})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeVersionedJSON(w, http.StatusOK, u.Version, u)
}

func (s *Server) apiGrant(w http.ResponseWriter, r *http.Request) {
	_, ids, ok := s.adminIDs(w, r, "id")
	if !ok {
		return
	}
	var p wikicities.PartyRef
	if err := decodeJSON(w, r, &p, 4<<10); err != nil {
		s.writeError(w, r, err)
		return
	}
	err := s.Accounts.Grant(r.Context(), ids[0], p)
	s.writeResult(w, r, http.StatusCreated, p, err)
}

func (s *Server) apiRevokeGrant(w http.ResponseWriter, r *http.Request) {
	_, ids, ok := s.adminIDs(w, r, "id", "party")
	if !ok {
		return
	}
	if err := s.Accounts.Revoke(r.Context(), ids[0], wikicities.PartyRef{Kind: wikicities.PartyKind(r.PathValue("kind")), ID: ids[1]}); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// apiAudit lists audit entries: all of them for admins; for others, those of
// one record they may see (?entity=community|institution&id=N that they
// coordinate, or ?entity=user&id= their own account).
func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) {
	a := wikicities.ActorFrom(r.Context())
	if !a.SignedIn() {
		s.writeError(w, r, wikicities.ErrUnauthorized)
		return
	}
	q := r.URL.Query()
	entity := q.Get("entity")
	id, err := queryID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	limit, _, err := page(r, 100, 1000)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.mayReadAudit(r.Context(), a, entity, id); err != nil {
		s.writeError(w, r, err)
		return
	}
	es, err := s.Audit.AuditLog(r.Context(), entity, id, limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if es == nil {
		es = []*wikicities.AuditEntry{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": es})
}

// mayReadAudit decides who reads which part of the audit log: admins all
// of it; others one record at a time: their own account, a community or
// institution they coordinate, or a partnership one of whose parties they
// coordinate, with its activities and responsibilities.
func (s *Server) mayReadAudit(ctx context.Context, a *wikicities.Actor, entity string, id int64) error {
	switch {
	case a.IsAdmin():
		return nil
	case id == 0 || entity == "":
		return fmt.Errorf("%w: name one record with ?entity= and ?id=; only administrators read the whole log", wikicities.ErrForbidden)
	case entity == "user" && id == a.UserID:
		return nil
	case (entity == string(wikicities.PartyCommunity) || entity == string(wikicities.PartyInstitution)) &&
		a.CoordinatorOf(wikicities.PartyRef{Kind: wikicities.PartyKind(entity), ID: id}):
		return nil
	case entity == "partnership" || entity == "partnership_activity" || entity == "partnership_responsibility":
		pid := id
		if entity != "partnership" {
			var err error
			if pid, err = s.auditedPartnership(ctx, entity, id); err != nil || pid == 0 {
				return cmp.Or(err, fmt.Errorf("%w: no history of %s %d", wikicities.ErrNotFound, entity, id))
			}
		}
		p, err := s.Partnerships.Partnership(ctx, pid)
		if errors.Is(err, wikicities.ErrNotFound) {
			break
		}
		if err != nil {
			return err
		}
		if a.CoordinatorOf(p.A.Ref()) || a.CoordinatorOf(p.B.Ref()) {
			return nil
		}
	}
	return fmt.Errorf("%w: only the record's coordinators and administrators read its history", wikicities.ErrForbidden)
}

// auditedPartnership returns the partnership an activity or a
// responsibility belongs to, read from its own history (which outlives the
// record): 0 when it has none.
func (s *Server) auditedPartnership(ctx context.Context, entity string, id int64) (int64, error) {
	es, err := s.Audit.AuditLog(ctx, entity, id, 100)
	if err != nil {
		return 0, err
	}
	for _, e := range es {
		for _, doc := range []json.RawMessage{e.After, e.Before} {
			var rec struct {
				PartnershipID int64 `json:"partnership_id"`
			}
			if len(doc) > 0 && json.Unmarshal(doc, &rec) == nil && rec.PartnershipID > 0 {
				return rec.PartnershipID, nil
			}
		}
	}
	return 0, nil
}
