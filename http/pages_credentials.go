package http

import (
	"fmt"
	"net/http"
)

// The account page lists the account's sessions (signed-in browsers) and
// API tokens, each with a button that ends it; "sign out everywhere" ends
// them all. The buttons are forms with the CSRF token.

func (s *Server) registerCredentialPages() {
	s.handle("POST /account/sessions/{id}/end", s.handleEndSession)
	s.handle("POST /account/tokens/{id}/revoke", s.handleRevokeToken)
}

// sessionRow is a session as the account page lists it.
type sessionRow struct {
	ID                         int64
	Started, LastSeen, Expires string
	// Current is the session of the page's own request.
	Current bool
}

// tokenRow is a live API token as the account page lists it.
type tokenRow struct {
	ID                         int64
	Name, Prefix, Scope        string
	Created, LastUsed, Expires string
}

// credentialRows reads the sessions and live tokens of user for the page.
func (s *Server) credentialRows(r *http.Request, userID int64) ([]sessionRow, []tokenRow, error) {
	acc, pr := s.Accounts, s.Printer(r)
	sessions, err := acc.Sessions(r.Context(), userID)
	if err != nil {
		return nil, nil, err
	}
	current := int64(0)
	if ra := authFrom(r); ra != nil && ra.session != nil {
		current = ra.session.ID
	}
	var ss []sessionRow
	for _, x := range sessions {
		ss = append(ss, sessionRow{ID: x.ID, Started: pr.DateTime(x.CreatedAt), LastSeen: pr.DateTime(x.LastSeenAt), Expires: pr.DateTime(x.ExpiresAt), Current: x.ID == current})
	}
	tokens, err := acc.Tokens(r.Context(), userID)
	if err != nil {
		return nil, nil, err
	}
	now := s.Clock.Now()
	var ts []tokenRow
	for _, t := range tokens {
		if !t.RevokedAt.IsZero() || (!t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt)) {
			continue
		}
		ts = append(ts, tokenRow{ID: t.ID, Name: t.Name, Prefix: t.Prefix, Scope: t.Scope,
			Created: pr.DateTime(t.CreatedAt), LastUsed: pr.DateTime(t.LastUsedAt), Expires: pr.DateTime(t.ExpiresAt)})
	}
	return ss, ts, nil
}

// handleEndSession signs one of the account's sessions out.
func (s *Server) handleEndSession(w http.ResponseWriter, r *http.Request) {
	u := s.signedInUser(w, r)
	if u == nil {
		return
	}
	id, err := pathID(r, "id")
	if err == nil {
		err = s.Accounts.EndSession(r.Context(), u.ID, id)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if ra := authFrom(r); ra != nil && ra.session != nil && ra.session.ID == id {
		s.clearSessionCookie(w)
		http.Redirect(w, r, SignInPath, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/account?done=session-ended", http.StatusSeeOther)
}

// handleRevokeToken revokes one of the account's API tokens.
func (s *Server) handleRevokeToken(w http.ResponseWriter, r *http.Request) {
	u := s.signedInUser(w, r)
	if u == nil {
		return
	}
	id, err := pathID(r, "id")
	if err == nil {
		err = s.Accounts.RevokeToken(r.Context(), u.ID, id, false)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/account?done=token-revoked#tokens-%d", id), http.StatusSeeOther)
}
