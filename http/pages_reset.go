package http

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/email"
	"github.com/wikicities/wikicities/i18n"
)

// "Forgot your password?": a local account asks, by its name or its email
// address, for a link to set a new password; the link goes to the account's
// address, in the account's language. The page never says whether such an
// account exists: it answers the same, at once, either way, and the mail
// leaves in the background. The link is signed with the site's secret over
// the account's current password hash, so that it dies once used (the hash
// changes), after any other change of password, and after resetFor. Setting
// the new password ends every session and revokes every API token of the
// account, like a change on the account page, and signs this browser in.

// ForgotPath is the address of the page that mails a password link.
const ForgotPath = "/auth/forgot"

// resetFor is how long a link to set a new password works.
const resetFor = 2 * time.Hour

// resetFields are the fields of the new-password form.
var resetFields = []string{"new_password", "new_password_again"}

func (s *Server) registerResetPages() {
	s.handle("GET "+ForgotPath, s.handleForgotPage)
	s.handle("POST "+ForgotPath, s.handleForgot)
	s.handle("GET /auth/reset/{token}", s.handleResetPage)
	s.handle("POST /auth/reset/{token}", s.handleReset)
}

// forgotPage is the Data of the page that asks for a password link.
type forgotPage struct {
	Form *Form
	// Sent says the request was taken (whatever became of it).
	Sent bool
	// NoMail is set when the site cannot send email.
	NoMail bool
	// Wikimedia is set when Wikimedia sign-in is offered.
	Wikimedia bool
	Hours     int
}

func (s *Server) renderForgot(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	p := s.newPage(w, r)
	p.Title = p.Msg("forgot-title")
	p.Data = forgotPage{Form: f, Sent: r.Method == http.MethodGet && r.URL.Query().Get("done") == "sent",
		NoMail: s.Mailer == nil, Wikimedia: s.Auth.Wikimedia.ClientID != "", Hours: int(resetFor.Hours())}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "forgot", p)
}

func (s *Server) handleForgotPage(w http.ResponseWriter, r *http.Request) {
	s.renderForgot(w, r, http.StatusOK, newForm(nil))
}

// handleForgot mails a link to each local account the name or address
// typed designates, and answers the same whether there was one or not.
func (s *Server) handleForgot(w http.ResponseWriter, r *http.Request) {
	if !s.postedForm(w, r) {
		return
	}
	who := strings.TrimSpace(r.PostForm.Get("who"))
	f := newForm(url.Values{"who": {who}})
	if who == "" {
		f.Errors["who"] = s.Printer(r).Msg("forgot-who-required")
		s.renderForgot(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if s.Mailer == nil {
		s.renderForgot(w, r, http.StatusServiceUnavailable, f)
		return
	}
	// The limits of sign-in, keyed by what was typed: nobody fills a
	// mailbox with links, nor probes names faster than passwords.
	if !s.signInAllowed(w, r, who) {
		return
	}
	users, err := s.resetAccounts(r.Context(), who)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var msgs []email.Message
	for _, u := range users {
		m, err := s.resetMail(r, u)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		msgs = append(msgs, m)
	}
	if len(msgs) > 0 {
		s.sendInBackground(msgs, "password link")
	}
	http.Redirect(w, r, ForgotPath+"?done=sent", http.StatusSeeOther)
}

// resetAccounts returns the accounts who designates (a user name, or an
// address: usernames never contain "@") that can get a link: enabled local
// accounts with a password and an email address.
func (s *Server) resetAccounts(ctx context.Context, who string) ([]*wikicities.User, error) {
	var found []*wikicities.User
	if strings.Contains(who, "@") {
		us, err := s.Accounts.UsersByEmail(ctx, who)
		if err != nil {
			return nil, err
		}
		found = us
	} else {
		u, err := s.Accounts.UserByName(ctx, who)
		if err != nil && !errors.Is(err, wikicities.ErrNotFound) {
			return nil, err
		}
		if u != nil {
			found = append(found, u)
		}
	}
	var out []*wikicities.User
	for _, u := range found {
		if !u.Disabled && !u.Wikimedia && u.PasswordHash != "" && u.Email != "" {
			out = append(out, u)
		}
	}
	return out, nil
}

// resetMail is the email carrying u's link, in u's language (else the
// language of the page that asked).
func (s *Server) resetMail(r *http.Request, u *wikicities.User) (email.Message, error) {
	tok, err := s.resetToken(r.Context(), u, s.Clock.Now().Add(resetFor))
	if err != nil {
		return email.Message{}, err
	}
	lang := u.Language
	if lang == "" || !i18n.Default().Has(lang) {
		lang = s.language(r)
	}
	pr := i18n.Default().Printer(lang)
	link := strings.TrimRight(s.BaseURL, "/") + "/auth/reset/" + tok
	return email.Message{To: u.Email, Subject: pr.Msg("reset-mail-subject"),
		Text:    pr.Msg("reset-mail-text", u.Username, link, int(resetFor.Hours())),
		Headers: map[string]string{"Content-Language": pr.Lang()}}, nil
}

// sendInBackground sends msgs without making the request wait, so that
// the answer takes as long whether or not a mail leaves; Close waits for
// it. Failures go to the log.
func (s *Server) sendInBackground(msgs []email.Message, what string) {
	s.mailing.Add(1)
	go func() {
		defer s.mailing.Done()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		errs, err := s.Mailer.Send(ctx, msgs)
		if err != nil {
			s.Log.Warn("email: "+what, "err", err)
			return
		}
		for i, err := range errs {
			if err != nil {
				s.Log.Warn("email: "+what, "to", msgs[i].To, "err", err)
			}
		}
	}()
}

// resetClaim is what a password link carries; its signature also covers
// the account's password hash at the time.
type resetClaim struct {
	User    int64 `json:"u"`
	Expires int64 `json:"x"`
}

func resetMAC(key []byte, payload, passwordHash string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("password-reset:" + payload + "\x00" + passwordHash))
	return m.Sum(nil)
}

// resetToken signs a link for u that works until expires and while u's
// password stays the same.
func (s *Server) resetToken(ctx context.Context, u *wikicities.User, expires time.Time) (string, error) {
	key, err := s.secret(ctx)
	if err != nil {
		return "", err
	}
	b, _ := json.Marshal(resetClaim{User: u.ID, Expires: expires.Unix()})
	p := base64.RawURLEncoding.EncodeToString(b)
	return p + "." + base64.RawURLEncoding.EncodeToString(resetMAC(key, p, u.PasswordHash)), nil
}

// errResetLink is the one answer to a link that does not work, whatever
// the reason, so that a link tells nothing about the account.
var errResetLink = errors.New("this link to set a new password does not work")

// resetUser returns the account of a password link that still works:
// well-formed, signed by this site over the account's current password
// hash, not expired, of an enabled local account. Returns errResetLink
// otherwise, or the store's error.
func (s *Server) resetUser(ctx context.Context, tok string) (*wikicities.User, error) {
	p, sig, ok := strings.Cut(tok, ".")
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if !ok || err != nil || len(tok) > 1024 {
		return nil, errResetLink
	}
	b, err := base64.RawURLEncoding.DecodeString(p)
	var c resetClaim
	if err != nil || json.Unmarshal(b, &c) != nil || c.User <= 0 {
		return nil, errResetLink
	}
	if s.Clock.Now().Unix() >= c.Expires {
		return nil, errResetLink
	}
	u, err := s.Accounts.User(ctx, c.User)
	if errors.Is(err, wikicities.ErrNotFound) {
		return nil, errResetLink
	}
	if err != nil {
		return nil, err
	}
	key, err := s.secret(ctx)
	if err != nil {
		return nil, err
	}
	if u.PasswordHash == "" || u.Wikimedia || u.Disabled || !hmac.Equal(got, resetMAC(key, p, u.PasswordHash)) {
		return nil, errResetLink
	}
	return u, nil
}

// resetPage is the Data of the page that sets a new password.
type resetPage struct {
	Form *Form
	// User is the account of a link that works; nil otherwise.
	User        *wikicities.User
	MinPassword int
}

func (s *Server) renderReset(w http.ResponseWriter, r *http.Request, status int, u *wikicities.User, f *Form) {
	if u != nil {
		r = withLanguageHint(r, u.Language)
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("reset-title")
	p.Data = resetPage{Form: f, User: u, MinPassword: wikicities.MinPasswordChars}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer") // the link is a secret
	s.render(w, r, status, "reset", p)
}

// handleResetPage shows the form of a link that works, or says it does not;
// opening the link changes nothing (mail systems follow links to scan them).
func (s *Server) handleResetPage(w http.ResponseWriter, r *http.Request) {
	u, err := s.resetUser(r.Context(), r.PathValue("token"))
	switch {
	case errors.Is(err, errResetLink):
		s.renderReset(w, r, http.StatusGone, nil, newForm(nil))
	case err != nil:
		s.renderError(w, r, err)
	default:
		s.renderReset(w, r, http.StatusOK, u, newForm(nil))
	}
}

// handleReset sets the new password of a link that works, which ends every
// session and token of the account, and signs this browser in.
func (s *Server) handleReset(w http.ResponseWriter, r *http.Request) {
	if !s.postedForm(w, r) {
		return
	}
	u, err := s.resetUser(r.Context(), r.PathValue("token"))
	if errors.Is(err, errResetLink) {
		s.renderReset(w, r, http.StatusGone, nil, newForm(nil))
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if !s.signInAllowed(w, r, u.Username) {
		return
	}
	pr := i18n.Default().Printer(s.language(withLanguageHint(r, u.Language)))
	next, again := r.PostForm.Get("new_password"), r.PostForm.Get("new_password_again")
	f := newForm(nil) // passwords are never sent back into the page
	if err := wikicities.ValidatePassword(next, u.Username); err != nil {
		if err := f.setError(pr, err, resetFields, map[string]string{"password": "new_password"}); err != nil {
			s.renderError(w, r, err)
			return
		}
	} else if next != again {
		f.Errors["new_password_again"] = pr.Msg("account-password-mismatch")
	}
	if f.HasErrors() {
		s.renderReset(w, r, http.StatusUnprocessableEntity, u, f)
		return
	}
	h, err := s.Passwords.Hash(next)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	ctx := wikicities.NewContext(r.Context(), &wikicities.Actor{UserID: u.ID, Username: u.Username})
	nu, err := s.Accounts.UpdateUser(ctx, u.ID, u.Version, wikicities.UserUpdate{PasswordHash: &h})
	if errors.Is(err, wikicities.ErrConflict) { // changed meanwhile: this link is spent or stale
		s.renderReset(w, r, http.StatusGone, nil, newForm(nil))
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if _, err := s.signIn(w, r, nu, "password-reset"); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/account?done=password-changed", http.StatusSeeOther)
}
