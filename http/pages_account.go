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
	"strconv"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/email"
	"github.com/wikicities/wikicities/i18n"
)

// The account page: what a signed-in person sees and sets of their own
// account (language, the partnership digest and the address it goes to),
// and "sign out everywhere". A new email address takes effect only when
// its owner follows the link sent to it, so that nobody can send the
// digest to someone else's mailbox. The digest's unsubscribe page lives
// here too, in the site's frame and language.

// Mailer sends messages; *email.Sender is one. Server.Mailer is nil when
// the site has no SMTP server, and then addresses cannot be confirmed.
type Mailer interface {
	Send(ctx context.Context, msgs []email.Message) ([]error, error)
}

var _ Mailer = (*email.Sender)(nil)

// emailConfirmFor is how long the link that confirms an address works.
const emailConfirmFor = 48 * time.Hour

// accountFields are the fields of the account form.
var accountFields = []string{"language", "digest", "email"}

func (s *Server) registerAccountPages() {
	s.handle("GET /account", s.handleAccountPage)
	s.handle("POST /account", s.handleAccountUpdate)
	s.handle("POST /account/sessions/end", s.handleEndSessions)
	s.registerPasswordPages()
	s.handle("GET /account/email/{token}", s.handleEmailConfirmForm)
	s.handle("POST /account/email/{token}", s.handleEmailConfirm)
	s.handle("GET /digest/unsubscribe/{token}", s.unsubscribe)
	s.handle("POST /digest/unsubscribe/{token}", s.unsubscribe)
}

// accountPage is the Data of the account page.
type accountPage struct {
	Form      *Form
	User      *wikicities.User
	Parties   []partyLink
	Languages []option
	// DigestOptions is the one box of the digest's checkbox field.
	DigestOptions []option
	EmailHint     string
	Notice        string
	Sessions      []sessionRow
	Tokens        []tokenRow
	// PasswordForm is the password form's problems (never its values).
	PasswordForm *Form
	MinPassword  int
	// Capacities are the person's capacities (pages_capacities.go).
	Capacities *capacitiesView
}

// signedInUser returns the account of a signed-in request, or answers the
// sign-in error page and returns nil.
func (s *Server) signedInUser(w http.ResponseWriter, r *http.Request) *wikicities.User {
	a := wikicities.ActorFrom(r.Context())
	if !a.SignedIn() || a.UserID == 0 {
		s.renderError(w, r, wikicities.ErrUnauthorized)
		return nil
	}
	u, err := s.Accounts.User(r.Context(), a.UserID)
	if err != nil {
		s.renderError(w, r, err)
		return nil
	}
	return u
}

// accountForm holds what the account has, as the form shows it.
func (s *Server) accountForm(ctx context.Context, u *wikicities.User) (*Form, error) {
	out, err := s.Digests.OptedOutOfDigest(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	v := url.Values{"version": {strconv.FormatInt(u.Version, 10)}, "language": {u.Language}, "email": {u.Email}}
	if !out {
		v.Set("digest", "on")
	}
	return newForm(v), nil
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, u *wikicities.User, f *Form) {
	s.renderAccountWith(w, r, status, u, f, newForm(nil))
}

// renderAccountWith renders the account page with the password form pf.
func (s *Server) renderAccountWith(w http.ResponseWriter, r *http.Request, status int, u *wikicities.User, f, pf *Form) {
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("account-title")
	d := accountPage{Form: f, User: u, DigestOptions: []option{{"on", pr.Msg("account-digest-on")}}, EmailHint: pr.Msg("account-email-hint"), PasswordForm: pf, MinPassword: wikicities.MinPasswordChars}
	if s.Mailer == nil {
		d.EmailHint = pr.Msg("account-email-no-mail")
	}
	d.Languages = append(d.Languages, option{"", pr.Msg("account-language-browser")})
	for _, l := range i18n.Default().Languages() {
		d.Languages = append(d.Languages, option{l, autonym(l)})
	}
	refs, err := s.Accounts.Coordinates(r.Context(), u.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	for _, ref := range refs {
		name, err := s.partyName(r.Context(), ref)
		if err != nil {
			continue // archived or deleted since: not listed
		}
		d.Parties = append(d.Parties, partyLink{ref.Kind, ref.ID, name})
	}
	if d.Sessions, d.Tokens, err = s.credentialRows(r, u.ID); err != nil {
		s.renderError(w, r, err)
		return
	}
	if d.Capacities, err = s.capacitiesOf(r, p, wikicities.Holder{Kind: wikicities.HolderPerson, ID: u.ID}); err != nil {
		s.renderError(w, r, err)
		return
	}
	d.Notice = doneNotice(r, pr, accountNotices)
	p.Inbox, _ = s.inboxOf(r, p, 5)
	p.Data = d
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "account", p)
}

// accountNotices are the notices of ?done= on the account page.
var accountNotices = map[string]string{"session-ended": "account-session-ended", "token-revoked": "account-token-revoked",
	"saved": "account-saved", "email-sent": "account-email-sent", "email-confirmed": "account-email-confirmed",
	"password-changed": "account-password-changed"}

func (s *Server) handleAccountPage(w http.ResponseWriter, r *http.Request) {
	u := s.signedInUser(w, r)
	if u == nil {
		return
	}
	f, err := s.accountForm(r.Context(), u)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderAccount(w, r, http.StatusOK, u, f)
}

// handleAccountUpdate saves the language and the digest choice at once,
// and sends a confirmation link to a new email address.
func (s *Server) handleAccountUpdate(w http.ResponseWriter, r *http.Request) {
	u := s.signedInUser(w, r)
	if u == nil {
		return
	}
	if !s.postedForm(w, r) {
		return
	}
	pr := s.Printer(r)
	f := newForm(r.PostForm)
	version := formVersion(f)
	lang := f.Get("language")
	if lang != "" && !i18n.Default().Has(lang) {
		f.Errors["language"] = pr.Msg("account-language-unknown")
	}
	addr := strings.TrimSpace(f.Get("email"))
	newAddr := addr != "" && addr != u.Email
	if newAddr {
		if err := wikicities.ValidateEmail(addr); err != nil {
			if err := f.setError(pr, err, accountFields, nil); err != nil {
				s.renderError(w, r, err)
				return
			}
		} else if s.Mailer == nil {
			f.Errors["email"] = pr.Msg("account-email-no-mail")
		}
	}
	if len(f.Errors) > 0 {
		s.renderAccount(w, r, http.StatusUnprocessableEntity, u, f)
		return
	}
	ctx := r.Context()
	// Every save goes through the account's version, even when only the
	// digest choice changes, so that a form read before another save (in
	// another tab, or an administrator's) is refused, not applied over it.
	nu, err := s.Accounts.UpdateUser(ctx, u.ID, version, wikicities.UserUpdate{Language: &lang})
	if errors.Is(err, wikicities.ErrConflict) {
		// Changed meanwhile (in another tab, or by an administrator):
		// keep what was typed, base the next save on the current one.
		cur, err := s.Accounts.User(ctx, u.ID)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		f.markStale(cur.Version)
		now, err := s.accountForm(ctx, cur)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		f.noteCurrent(now.Values, nil, accountFields)
		s.renderAccount(w, r, http.StatusConflict, cur, f)
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	u = nu
	if f.Get("digest") != "" {
		err = s.Digests.OptIntoDigest(ctx, u.ID)
	} else {
		err = s.Digests.OptOutOfDigest(ctx, u.ID)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	done := "saved"
	if newAddr {
		if err := s.sendEmailConfirmation(ctx, u, addr, i18n.Default().Printer(s.language(r))); err != nil {
			s.Log.Warn("account: confirmation email", "user", u.Username, "err", err)
			f.Errors["email"] = pr.Msg("account-email-not-sent")
			s.renderAccount(w, r, http.StatusBadGateway, u, f)
			return
		}
		done = "email-sent"
	}
	http.Redirect(w, r, "/account?done="+done, http.StatusSeeOther)
}

// emailClaim is what the confirmation link of an address carries, signed.
type emailClaim struct {
	User    int64  `json:"u"`
	Email   string `json:"e"`
	Expires int64  `json:"x"`
}

func emailMAC(key []byte, payload string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("account-email:" + payload))
	return m.Sum(nil)
}

// emailToken signs c: base64url(JSON) "." base64url(HMAC-SHA256).
func (s *Server) emailToken(ctx context.Context, c emailClaim) (string, error) {
	key, err := s.secret(ctx)
	if err != nil {
		return "", err
	}
	b, _ := json.Marshal(c)
	p := base64.RawURLEncoding.EncodeToString(b)
	return p + "." + base64.RawURLEncoding.EncodeToString(emailMAC(key, p)), nil
}

// parseEmailToken checks a confirmation token. Returns ErrInvalid for a
// malformed, forged or expired one.
func (s *Server) parseEmailToken(ctx context.Context, tok string) (emailClaim, error) {
	var c emailClaim
	p, sig, ok := strings.Cut(tok, ".")
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if !ok || err != nil || len(tok) > 1024 {
		return c, invalid("token", wikicities.ProblemBrokenLink, nil, "is malformed")
	}
	key, err := s.secret(ctx)
	if err != nil {
		return c, err
	}
	if !hmac.Equal(got, emailMAC(key, p)) {
		return c, invalid("token", wikicities.ProblemBrokenLink, nil, "has a wrong signature")
	}
	b, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil || json.Unmarshal(b, &c) != nil {
		return c, invalid("token", wikicities.ProblemBrokenLink, nil, "is malformed")
	}
	if s.Clock.Now().Unix() >= c.Expires {
		return c, invalid("token", wikicities.ProblemExpiredLink, nil, "has expired; ask for a new link on your account page")
	}
	return c, nil
}

// sendEmailConfirmation mails addr the link that makes it u's address.
func (s *Server) sendEmailConfirmation(ctx context.Context, u *wikicities.User, addr string, pr *i18n.Printer) error {
	tok, err := s.emailToken(ctx, emailClaim{User: u.ID, Email: addr, Expires: s.Clock.Now().Add(emailConfirmFor).Unix()})
	if err != nil {
		return err
	}
	link := strings.TrimRight(s.BaseURL, "/") + "/account/email/" + tok
	text := pr.Msg("account-email-mail-text", u.Username, link, int(emailConfirmFor.Hours()))
	errs, err := s.Mailer.Send(ctx, []email.Message{{To: addr, Subject: pr.Msg("account-email-mail-subject"), Text: text,
		Headers: map[string]string{"Content-Language": pr.Lang()}}})
	if err != nil {
		return err
	}
	if len(errs) > 0 && errs[0] != nil {
		return errs[0]
	}
	return nil
}

// emailConfirmPage is the Data of the page that confirms an address.
type emailConfirmPage struct {
	Email string
	Done  bool
}

// handleEmailConfirmForm shows a button, not a change: mail systems that
// follow links to scan them must not confirm anything.
func (s *Server) handleEmailConfirmForm(w http.ResponseWriter, r *http.Request) {
	c, err := s.parseEmailToken(r.Context(), r.PathValue("token"))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("account-email-confirm-title")
	p.Data = emailConfirmPage{Email: c.Email}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "email-confirm", p)
}

// handleEmailConfirm makes the address of a valid link the account's.
func (s *Server) handleEmailConfirm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := s.parseEmailToken(ctx, r.PathValue("token"))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	u, err := s.Accounts.User(ctx, c.User)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if u.Email != c.Email {
		actx := wikicities.NewContext(ctx, &wikicities.Actor{UserID: u.ID, Username: u.Username})
		if _, err := s.Accounts.UpdateUser(actx, u.ID, u.Version, wikicities.UserUpdate{Email: &c.Email}); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	if a := wikicities.ActorFrom(ctx); a.UserID == u.ID {
		http.Redirect(w, r, "/account?done=email-confirmed", http.StatusSeeOther)
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("account-email-confirm-title")
	p.Data = emailConfirmPage{Email: c.Email, Done: true}
	s.render(w, r, http.StatusOK, "email-confirm", p)
}

// handleEndSessions signs the account out on every device, this one too.
func (s *Server) handleEndSessions(w http.ResponseWriter, r *http.Request) {
	u := s.signedInUser(w, r)
	if u == nil {
		return
	}
	if _, err := s.Accounts.EndSessions(r.Context(), u.ID); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.signOut(w, r) // the cookie goes too; the session is gone already
	http.Redirect(w, r, SignInPath+"?"+url.Values{"returnto": {"/account"}}.Encode(), http.StatusSeeOther)
}

// unsubscribePage is the Data of the digest's unsubscribe page.
type unsubscribePage struct{ Done bool }

// unsubscribeLanguage makes a page of the digest's unsubscribe link speak
// the language of the account it was sent to, unless the request says one.
func (s *Server) unsubscribeLanguage(r *http.Request, userID int64) *http.Request {
	u, err := s.Accounts.User(r.Context(), userID)
	if err != nil {
		return r
	}
	return withLanguageHint(r, u.Language)
}

// unsubscribe serves the digest's unsubscribe link: GET shows a button (so
// that link scanners in mail systems do not unsubscribe anyone); POST
// records the choice, and is what one-click List-Unsubscribe-Post clients
// call.
func (s *Server) unsubscribe(w http.ResponseWriter, r *http.Request) {
	uid, err := s.Digests.CheckUnsubscribeToken(r.Context(), r.PathValue("token"))
	done := r.Method == http.MethodPost
	if err == nil && done {
		err = s.Digests.OptOutOfDigest(r.Context(), uid)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	r = s.unsubscribeLanguage(r, uid)
	p := s.newPage(w, r)
	p.Title = p.Msg("unsubscribe-title")
	p.Data = unsubscribePage{Done: done}
	s.render(w, r, http.StatusOK, "unsubscribe", p)
}
