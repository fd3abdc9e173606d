// Package email sends WikiCities' emails over SMTP with go-mail. It knows
// nothing of what the mails say: callers build Messages, this package
// delivers them.
package email

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Config says how to reach the SMTP server and whom mail comes from.
type Config struct {
	// URL is smtp://user:password@host:port (STARTTLS when the server offers
	// it; add ?tls=required to insist, ?tls=none to never try) or
	// smtps://user:password@host:port (TLS from the start). Port defaults to
	// 587 for smtp and 465 for smtps; credentials are optional.
	URL string
	// From is the sender: "WikiCities <noreply@example.org>".
	From string
}

// Sender delivers messages through one SMTP server.
type Sender struct {
	from    string
	host    string
	options []gomail.Option
}

// Message is one plain-text email.
type Message struct {
	To      string // an address, "Name <addr>" allowed
	Subject string
	Text    string
	// Headers are extra header fields such as List-Unsubscribe.
	Headers map[string]string
}

// New checks c and returns a Sender. Returns an error naming the field for
// a malformed URL or address.
func New(c Config) (*Sender, error) {
	if _, err := mail.ParseAddress(c.From); err != nil {
		return nil, fmt.Errorf("email: from address %q: %v", c.From, err)
	}
	u, err := url.Parse(c.URL)
	if err != nil {
		return nil, fmt.Errorf("email: SMTP URL: %v", err)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("email: SMTP URL %q has no host", redact(u))
	}
	s := &Sender{from: c.From, host: u.Hostname()}
	port := 587
	switch u.Scheme {
	case "smtp":
		policy := gomail.TLSOpportunistic
		switch u.Query().Get("tls") {
		case "", "opportunistic":
		case "required":
			policy = gomail.TLSMandatory
		case "none":
			policy = gomail.NoTLS
		default:
			return nil, fmt.Errorf("email: SMTP URL: tls=%q is not one of opportunistic, required, none", u.Query().Get("tls"))
		}
		s.options = append(s.options, gomail.WithTLSPolicy(policy))
	case "smtps":
		port = 465
		s.options = append(s.options, gomail.WithSSL())
	default:
		return nil, fmt.Errorf("email: SMTP URL scheme %q is not smtp or smtps", u.Scheme)
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil || port <= 0 || port > 65535 {
			return nil, fmt.Errorf("email: SMTP URL port %q is not a port number", p)
		}
	}
	s.options = append(s.options, gomail.WithPort(port), gomail.WithTimeout(30*time.Second))
	if u.User != nil && u.User.Username() != "" {
		pw, _ := u.User.Password()
		s.options = append(s.options, gomail.WithSMTPAuth(gomail.SMTPAuthPlain),
			gomail.WithUsername(u.User.Username()), gomail.WithPassword(pw))
	}
	return s, nil
}

func redact(u *url.URL) string {
	c := *u
	c.User = nil
	return c.String()
}

// Send delivers msgs over one connection and returns one error per message
// (nil when the server accepted it), or a single error when the server
// could not be reached at all.
func (s *Sender) Send(ctx context.Context, msgs []Message) ([]error, error) {
	built := make([]*gomail.Msg, len(msgs))
	errs := make([]error, len(msgs))
	for i, m := range msgs {
		built[i], errs[i] = s.build(m)
	}
	c, err := gomail.NewClient(s.host, s.options...)
	if err != nil {
		return nil, fmt.Errorf("email: %w", err)
	}
	if err := c.DialWithContext(ctx); err != nil {
		return nil, fmt.Errorf("email: connect to %s: %w", s.host, err)
	}
	defer c.Close()
	for i, m := range built {
		if errs[i] != nil {
			continue
		}
		if err := ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		if err := c.Send(m); err != nil {
			errs[i] = fmt.Errorf("email: to %s: %w", msgs[i].To, err)
		}
	}
	return errs, nil
}

func (s *Sender) build(m Message) (*gomail.Msg, error) {
	if m.To == "" {
		return nil, errors.New("email: no recipient")
	}
	g := gomail.NewMsg()
	if err := g.From(s.from); err != nil {
		return nil, fmt.Errorf("email: from %q: %w", s.from, err)
	}
	if err := g.To(m.To); err != nil {
		return nil, fmt.Errorf("email: to %q: %w", m.To, err)
	}
	g.Subject(m.Subject)
	g.SetDate()
	g.SetMessageID()
	g.SetUserAgent("WikiCities")
	for k, v := range m.Headers {
		g.SetGenHeader(gomail.Header(k), v)
	}
	g.SetBodyString(gomail.TypeTextPlain, m.Text)
	return g, nil
}
