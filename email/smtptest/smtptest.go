// Package smtptest runs a real SMTP server (emersion/go-smtp) on loopback
// for the tests of whatever sends email: it keeps every message it
// accepts, can require PLAIN authentication, and refuses recipients whose
// address begins with "bounce" or ends with "@refused.example", the way a
// mail server refuses an unknown mailbox.
package smtptest

import (
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Message is a message the server accepted: the envelope, the parsed
// message, and its body with any quoted-printable transfer encoding undone.
type Message struct {
	From string
	To   []string
	Msg  *mail.Message
	Body string
}

// Subject returns the message's subject with encoded words decoded.
func (m Message) Subject() string {
	s, err := new(mime.WordDecoder).DecodeHeader(m.Msg.Header.Get("Subject"))
	if err != nil {
		return m.Msg.Header.Get("Subject")
	}
	return s
}

// Mailbox holds the messages a server accepted.
type Mailbox struct {
	user, pass string
	mu         sync.Mutex
	msgs       []Message
}

// Messages returns the messages accepted so far, in order.
func (b *Mailbox) Messages() []Message {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]Message(nil), b.msgs...)
}

// To returns the messages accepted so far for addr, in order.
func (b *Mailbox) To(addr string) []Message {
	var out []Message
	for _, m := range b.Messages() {
		for _, t := range m.To {
			if t == addr {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// Start runs a server on 127.0.0.1 until the test ends and returns its
// mailbox and address ("127.0.0.1:port"). With a user, the server requires
// PLAIN authentication with user and pass before it takes mail.
func Start(t testing.TB, user, pass string) (*Mailbox, string) {
	t.Helper()
	box := &Mailbox{user: user, pass: pass}
	srv := smtp.NewServer(box)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true // loopback only
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return box, ln.Addr().String()
}

// NewSession is go-smtp's Backend.
func (b *Mailbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{box: b}, nil }

type session struct {
	box    *Mailbox
	authed bool
	from   string
	to     []string
}

func (s *session) AuthMechanisms() []string {
	if s.box.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != s.box.user || pass != s.box.pass {
			return errors.New("bad credentials")
		}
		s.authed = true
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.box.user != "" && !s.authed {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if strings.HasPrefix(to, "bounce") || strings.HasSuffix(to, "@refused.example") {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	m, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	var body io.Reader = m.Body
	if strings.EqualFold(m.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		body = quotedprintable.NewReader(m.Body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	m.Body = strings.NewReader(string(b))
	s.box.mu.Lock()
	s.box.msgs = append(s.box.msgs, Message{From: s.from, To: s.to, Msg: m, Body: string(b)})
	s.box.mu.Unlock()
	return nil
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }
