package http

import (
	"net/http"

	"github.com/wikicities/wikicities"
)

// The password form of the account page: a local account changes its
// password given the current one, like POST /api/v1/me/password. The store
// ends every session and revokes every token of the account when the
// password changes; this browser then gets a fresh session.

// passwordFields are the fields of the password form.
var passwordFields = []string{"current_password", "new_password", "new_password_again"}

func (s *Server) registerPasswordPages() {
	s.handle("POST /account/password", s.handleAccountPassword)
}

func (s *Server) handleAccountPassword(w http.ResponseWriter, r *http.Request) {
	u := s.signedInUser(w, r)
	if u == nil {
		return
	}
	if !s.postedForm(w, r) {
		return
	}
	if u.Wikimedia {
		s.renderError(w, r, wikicities.Invalidf("current_password", "this account signs in with Wikimedia and has no password here"))
		return
	}
	if !s.signInAllowed(w, r, u.Username) {
		return
	}
	pr := s.Printer(r)
	cur, next, again := r.PostForm.Get("current_password"), r.PostForm.Get("new_password"), r.PostForm.Get("new_password_again")
	pf := newForm(nil) // passwords are never sent back into the page
	if u.PasswordHash == "" || s.Passwords.Verify(cur, u.PasswordHash) != nil {
		pf.Errors["current_password"] = pr.Msg("account-password-wrong")
	} else if err := wikicities.ValidatePassword(next, u.Username); err != nil {
		if err := pf.setError(pr, err, passwordFields, map[string]string{"password": "new_password"}); err != nil {
			s.renderError(w, r, err)
			return
		}
	} else if next != again {
		pf.Errors["new_password_again"] = pr.Msg("account-password-mismatch")
	}
	if pf.HasErrors() {
		f, err := s.accountForm(r.Context(), u)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.renderAccountWith(w, r, http.StatusUnprocessableEntity, u, f, pf)
		return
	}
	h, err := s.Passwords.Hash(next)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	nu, err := s.Accounts.UpdateUser(r.Context(), u.ID, u.Version, wikicities.UserUpdate{PasswordHash: &h})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if _, err := s.signIn(w, r, nu, "password-change"); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/account?done=password-changed", http.StatusSeeOther)
}
