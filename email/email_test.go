package email_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities/email"
	"github.com/wikicities/wikicities/email/smtptest"
)

func TestSendDeliversEachMessageAndReportsRefusals(t *testing.T) {
	box, addr := smtptest.Start(t, "", "")
	s, err := email.New(email.Config{URL: "smtp://" + addr + "?tls=none", From: "WikiCities <noreply@wikicities.example>"})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := s.Send(context.Background(), []email.Message{
		{To: "anna@example.org", Subject: "Grüße aus Berlin", Text: "Hallo Anna,\nbis bald.\n",
			Headers: map[string]string{"List-Unsubscribe": "<https://wikicities.example/digest/unsubscribe/1.x>"}},
		{To: "ghost@refused.example", Subject: "x", Text: "x"},
		{To: "", Subject: "no recipient", Text: "x"},
		{To: "Bertrand <bertrand@example.org>", Subject: "Salut", Text: "Bonjour"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if errs[0] != nil || errs[1] == nil || errs[2] == nil || errs[3] != nil {
		t.Fatalf("per-message errors %v", errs)
	}
	if !strings.Contains(errs[1].Error(), "ghost@refused.example") {
		t.Errorf("refusal does not name the recipient: %v", errs[1])
	}
	got := box.Messages()
	if len(got) != 2 {
		t.Fatalf("%d messages delivered, want 2", len(got))
	}
	m := got[0].Msg
	subj := got[0].Subject()
	if subj != "Grüße aus Berlin" || m.Header.Get("List-Unsubscribe") != "<https://wikicities.example/digest/unsubscribe/1.x>" ||
		!strings.Contains(m.Header.Get("From"), "noreply@wikicities.example") || m.Header.Get("Message-Id") == "" || m.Header.Get("Date") == "" {
		t.Errorf("headers %v (subject %q)", m.Header, subj)
	}
	if got := strings.Join(got[1].To, ","); got != "bertrand@example.org" {
		t.Errorf("second envelope recipient %q", got)
	}
}

func TestSendFailsWhenTheServerIsUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	s, _ := email.New(email.Config{URL: "smtp://" + addr, From: "noreply@wikicities.example"})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := s.Send(ctx, []email.Message{{To: "anna@example.org", Subject: "x", Text: "x"}}); err == nil || !strings.Contains(err.Error(), "connect") {
		t.Errorf("unreachable server: %v", err)
	}
}

func TestConfigErrorsNameTheProblem(t *testing.T) {
	for _, c := range []struct{ url, from, want string }{
		{"smtp://h:25", "not an address", "from address"},
		{"http://h", "a@b.example", "scheme"},
		{"smtp://:25", "a@b.example", "no host"},
		{"smtp://h:99999", "a@b.example", "port"},
		{"smtp://h?tls=maybe", "a@b.example", "tls="},
	} {
		if _, err := email.New(email.Config{URL: c.url, From: c.from}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %s: %v, want an error about %s", c.url, c.from, err, c.want)
		}
	}
	for _, ok := range []string{"smtp://user:pa%40ss@mail.example:587", "smtps://mail.example", "smtp://127.0.0.1:2525?tls=required"} {
		if _, err := email.New(email.Config{URL: ok, From: "WikiCities <noreply@wikicities.example>"}); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
}
