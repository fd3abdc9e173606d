package http

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/auth"
)

// The sign-up page (when Auth.SignupEnabled): "Sign in with Wikimedia"
// first when it is configured, then a local account (username, password,
// an optional email address for notifications), signed in at once. The same
// rules as POST /api/v1/auth/signup.

func (s *Server) registerSignUpPages() {
	s.handle("GET "+SignUpPath, s.handleSignUpPage)
	s.handle("POST "+SignUpPath, s.handleSignUp)
}

// SignUpPath is the address of the sign-up page.
const SignUpPath = "/auth/signup"

// signUpFields are the fields of the sign-up form, by the domain's names.
var signUpFields = []string{"username", "password", "email"}

func (s *Server) renderSignUp(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	p := s.newPage(w, r)
	p.Title = p.Msg("signup-title")
	ret := auth.LocalPath(f.Get("returnto"))
	d := signInPage{Form: f, ReturnTo: ret, MinPassword: wikicities.MinPasswordChars}
	if s.Auth.Wikimedia.ClientID != "" {
		d.Wikimedia = "/auth/wikimedia?" + url.Values{"return": {ret}}.Encode()
	}
	p.Data = d
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "signup", p)
}

func (s *Server) handleSignUpPage(w http.ResponseWriter, r *http.Request) {
	if !s.Auth.SignupEnabled {
		s.renderError(w, r, errNoPage)
		return
	}
	s.renderSignUp(w, r, http.StatusOK, newForm(url.Values{"returnto": {r.URL.Query().Get("returnto")}}))
}

func (s *Server) handleSignUp(w http.ResponseWriter, r *http.Request) {
	if !s.Auth.SignupEnabled {
		s.renderError(w, r, errNoPage)
		return
	}
	if !s.postedForm(w, r) || !s.signInAllowed(w, r, "") {
		return
	}
	name, pw, mail := strings.TrimSpace(r.PostForm.Get("username")), r.PostForm.Get("password"), strings.TrimSpace(r.PostForm.Get("email"))
	f := newForm(url.Values{"username": {name}, "email": {mail}, "returnto": {r.PostForm.Get("returnto")}})
	pr := s.Printer(r)
	var ve wikicities.ValidationErrors
	if err := wikicities.ValidateUsername(name); err != nil {
		ve = append(ve, err.(*wikicities.FieldError))
	}
	if err := wikicities.ValidatePassword(pw, name); err != nil {
		ve = append(ve, err.(*wikicities.FieldError))
	}
	if mail != "" {
		var vs wikicities.ValidationErrors
		var fe *wikicities.FieldError
		switch err := wikicities.ValidateEmail(mail); {
		case errors.As(err, &vs):
			ve = append(ve, vs...)
		case errors.As(err, &fe):
			ve = append(ve, fe)
		}
	}
	if err := ve.Err(); err != nil {
		if err := f.setError(pr, err, signUpFields, nil); err != nil {
			s.renderError(w, r, err)
			return
		}
		s.renderSignUp(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	h, err := s.Passwords.Hash(pw)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	ctx := wikicities.NewContext(r.Context(), &wikicities.Actor{Username: name})
	u, err := s.Accounts.CreateUser(ctx, &wikicities.User{Username: name, Email: mail, PasswordHash: h, Role: wikicities.RoleMember})
	if errors.Is(err, wikicities.ErrConflict) {
		f.Errors["username"] = pr.Msg("signup-taken", name)
		s.renderSignUp(w, r, http.StatusConflict, f)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if _, err := s.signIn(w, r, u, "signup"); err != nil {
		s.renderError(w, r, err)
		return
	}
	ret := auth.LocalPath(f.Get("returnto"))
	if ret == "/" {
		ret = "/?done=signup"
	}
	http.Redirect(w, r, ret, http.StatusSeeOther)
}
