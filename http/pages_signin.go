package http

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/auth"
)

// The sign-in page: "Sign in with Wikimedia" (when an OAuth client is
// configured) and the form of a local account, over the cores of the
// accounts API (passwordSignIn, signOut); and the header's sign-out button.

// registerSignInPages registers the sign-in page and the sign-out button's
// target.
func (s *Server) registerSignInPages() {
	s.handle("GET "+SignInPath, s.handleSignInPage)
	s.handle("POST "+SignInPath, s.handleSignIn)
	s.handle("POST /auth/signout", s.handleSignOut)
	s.registerSignUpPages()
	s.registerResetPages()
}

// signInPage is the Data of the sign-in page.
type signInPage struct {
	Form      *Form
	ReturnTo  string
	Wikimedia string // the address that starts Sign in with Wikimedia, if configured
	SignUp    string // the sign-up page, when visitors may create accounts
	// MinPassword is the fewest characters a password has (sign-up page).
	MinPassword int
}

func (s *Server) renderSignIn(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	p := s.newPage(w, r)
	p.Title = p.Msg("signin-title")
	ret := auth.LocalPath(f.Get("returnto"))
	d := signInPage{Form: f, ReturnTo: ret}
	if s.Auth.Wikimedia.ClientID != "" {
		d.Wikimedia = "/auth/wikimedia?" + url.Values{"return": {ret}}.Encode()
	}
	if s.Auth.SignupEnabled {
		d.SignUp = SignUpPath + "?" + url.Values{"returnto": {ret}}.Encode()
	}
	p.Data = d
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "signin", p)
}

func (s *Server) handleSignInPage(w http.ResponseWriter, r *http.Request) {
	s.renderSignIn(w, r, http.StatusOK, newForm(url.Values{"returnto": {r.URL.Query().Get("returnto")}}))
}

func (s *Server) handleSignIn(w http.ResponseWriter, r *http.Request) {
	if !s.postedForm(w, r) {
		return
	}
	f := newForm(url.Values{"username": {strings.TrimSpace(r.PostForm.Get("username"))}, "returnto": {r.PostForm.Get("returnto")}})
	_, _, ok, err := s.passwordSignIn(w, r, r.PostForm.Get("username"), r.PostForm.Get("password"))
	if !ok {
		return // rate limited: answered
	}
	pr := s.Printer(r)
	switch {
	case err == nil:
		http.Redirect(w, r, auth.LocalPath(f.Get("returnto")), http.StatusSeeOther)
	case errors.Is(err, ErrBadCredentials):
		f.General = append(f.General, pr.Msg("signin-failed"))
		s.renderSignIn(w, r, http.StatusUnauthorized, f)
	case errors.Is(err, wikicities.ErrForbidden):
		f.General = append(f.General, pr.Msg("signin-disabled"))
		s.renderSignIn(w, r, http.StatusForbidden, f)
	default:
		s.renderError(w, r, err)
	}
}

func (s *Server) handleSignOut(w http.ResponseWriter, r *http.Request) {
	if err := s.signOut(w, r); err != nil && !errors.Is(err, wikicities.ErrUnauthorized) {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
