package notify_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/email"
	"github.com/wikicities/wikicities/email/smtptest"
	"github.com/wikicities/wikicities/notify"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time              { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration)         { c.mu.Lock(); defer c.mu.Unlock(); c.now = c.now.Add(d) }
func as(a *wikicities.Actor) context.Context { return storetest.As(context.Background(), a) }

// mailRig is the partners world on a store whose clock the test moves
// (from 2 March 2026, 09:00 UTC), and a real SMTP server receiving what
// notify sends.
type mailRig struct {
	t      *testing.T
	db     *store.DB
	clk    *clock
	w      *storetest.Partners
	box    *smtptest.Mailbox
	sender *email.Sender
	opt    notify.Options
}

func newMailRig(t *testing.T, db *store.DB) *mailRig {
	t.Helper()
	clk := &clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	db.Now = clk.Now
	m := &mailRig{t: t, db: db, clk: clk, w: storetest.MustPartners(t, db), opt: notify.Options{BaseURL: "https://wikicities.example/"}}
	box, addr := smtptest.Start(t, "wikicities", "s3cret")
	sender, err := email.New(email.Config{URL: "smtp://wikicities:s3cret@" + addr, From: "WikiCities <noreply@wikicities.example>"})
	if err != nil {
		t.Fatal(err)
	}
	m.box, m.sender = box, sender
	return m
}

// language sets the language account a reads its emails in.
func (m *mailRig) language(a *wikicities.Actor, lang string) {
	m.t.Helper()
	if _, err := m.db.Exec(context.Background(), `UPDATE users SET language = ? WHERE id = ?`, lang, a.UserID); err != nil {
		m.t.Fatal(err)
	}
}

// send runs notify once, now.
func (m *mailRig) send() notify.Report {
	m.t.Helper()
	rep, err := notify.Send(context.Background(), m.db.Inboxes(), m.db.Now(), m.sender, m.opt)
	if err != nil {
		m.t.Fatal(err)
	}
	return rep
}

// Each person is told about what appeared in their inbox, in their
// language, through a real SMTP server: immediately one email per item,
// weekly one email listing them; nothing twice; never an address.
func TestInboxEmailsInEachLanguageThroughSMTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		m := newMailRig(t, db)
		clk, w, box := m.clk, m.w, m.box
		m.language(w.CoordA, "en")
		m.language(w.CoordB, "de")
		m.language(w.CoordInst, "ar")
		// chloe chose never, max and ada have nothing waiting.
		if err := db.Inboxes().SetEmailFrequency(context.Background(), w.CoordC.UserID, wikicities.EmailNever); err != nil {
			t.Fatal(err)
		}
		ps := db.Partnerships()
		toB := &wikicities.Partnership{A: w.A, B: w.B, Type: "twinning", Level: "global", Message: "Shall we write about each other's city?"}
		toInst := &wikicities.Partnership{A: w.A, B: w.Inst, Type: "institutional", Level: "local"}
		toC := &wikicities.Partnership{A: w.A, B: w.C, Type: "regional", Level: "local"}
		for _, p := range []*wikicities.Partnership{toB, toInst, toC} {
			if err := ps.Propose(as(w.CoordA), p, ""); err != nil {
				t.Fatal(err)
			}
		}
		clk.Add(time.Minute)
		if err := db.Messages().PostMessage(as(w.CoordB), &wikicities.Message{PartnershipID: toB.ID, Body: "Gern!\nWann passt es euch?"}); err != nil {
			t.Fatal(err)
		}
		clk.Add(time.Minute)
		if rep := m.send(); rep.Sent != 3 || rep.Failed != 0 {
			t.Fatalf("first run %+v", rep)
		}
		for _, c := range []struct {
			to, subject string
			has         []string
		}{
			{"anna@example.org", "WikiCities: Message from bertrand about the partnership of Wikimedians of Berlin with Wikimedia Paris",
				[]string{"Hello anna,", "https://wikicities.example/partnerships/1#wc-messages", "    > Gern!\n    > Wann passt es euch?",
					"Answer on the site (your address is never shown to anyone)", "You get these emails immediately."}},
			{"bertrand@example.org", "WikiCities: Wikimedians of Berlin schlägt Wikimedia Paris eine Partnerschaft vor",
				[]string{"Hallo bertrand,", "https://wikicities.example/partnerships/1\n", "> Shall we write about each other's city?", "Du bekommst diese E-Mails sofort."}},
			{"ines@example.org", "WikiCities: تقترح Wikimedians of Berlin شراكة على Musée Carnavalet",
				[]string{"مرحبًا ines،", "https://wikicities.example/partnerships/2", "تصلك هذه الرسائل فورًا"}},
		} {
			got := box.To(c.to)
			if len(got) != 1 {
				t.Fatalf("%s received %d messages", c.to, len(got))
			}
			m := got[0]
			m.Body = strings.ReplaceAll(m.Body, "\r\n", "\n")
			if m.Subject() != c.subject {
				t.Errorf("%s: subject %q, want %q", c.to, m.Subject(), c.subject)
			}
			for _, s := range c.has {
				if !strings.Contains(m.Body, s) {
					t.Errorf("%s: body lacks %q:\n%s", c.to, s, m.Body)
				}
			}
			if strings.Contains(m.Body, "@example.org") || strings.Contains(m.Msg.Header.Get("Reply-To"), "@example.org") {
				t.Errorf("%s: an address is shown:\n%s", c.to, m.Body)
			}
			if m.From != "noreply@wikicities.example" {
				t.Errorf("%s: from %q", c.to, m.From)
			}
		}
		if len(box.To("chloe@example.org")) != 0 {
			t.Error("chloe chose never but got mail")
		}
		// Nothing new: nothing sent.
		if rep := m.send(); rep.Sent != 0 {
			t.Errorf("second run sent %d", rep.Sent)
		}
		// anna goes weekly: two messages wait for the week to pass, then
		// come in one email.
		if err := db.Inboxes().SetEmailFrequency(context.Background(), w.CoordA.UserID, wikicities.EmailWeekly); err != nil {
			t.Fatal(err)
		}
		for _, body := range []string{"Samstag?", "Oder Sonntag?"} {
			clk.Add(time.Hour)
			if err := db.Messages().PostMessage(as(w.CoordB), &wikicities.Message{PartnershipID: toB.ID, Body: body}); err != nil {
				t.Fatal(err)
			}
		}
		clk.Add(time.Minute)
		if rep := m.send(); rep.Sent != 0 || rep.Waiting == 0 {
			t.Errorf("within the week: %+v", rep)
		}
		clk.Add(7 * 24 * time.Hour)
		if rep := m.send(); rep.Sent != 1 {
			t.Errorf("after the week: %+v", rep)
		}
		weekly := box.To("anna@example.org")
		if len(weekly) != 2 || weekly[1].Subject() != "WikiCities: 2 new items for you" ||
			!strings.Contains(weekly[1].Body, "> Samstag?") || !strings.Contains(weekly[1].Body, "> Oder Sonntag?") ||
			!strings.Contains(weekly[1].Body, "once a week at most") {
			t.Errorf("weekly email: %d messages, last %q:\n%s", len(weekly), weekly[len(weekly)-1].Subject(), weekly[len(weekly)-1].Body)
		}
	})
}

// A server that refuses the message leaves the items for the next run.
func TestInboxEmailIsRetriedAfterAFailure(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	w := storetest.MustPartners(t, db)
	if err := db.Partnerships().Propose(as(w.CoordA), &wikicities.Partnership{A: w.A, B: w.B, Type: "twinning", Level: "global"}, ""); err != nil {
		t.Fatal(err)
	}
	_, addr := smtptest.Start(t, "wikicities", "s3cret")
	bad, _ := email.New(email.Config{URL: "smtp://wikicities:wrong@" + addr, From: "noreply@wikicities.example"})
	if rep, err := notify.Send(context.Background(), db.Inboxes(), db.Now(), bad, notify.Options{}); err != nil || rep.Failed != 1 || rep.Sent != 0 {
		t.Fatalf("with a wrong password: %+v, %v", rep, err)
	}
	box, addr2 := smtptest.Start(t, "wikicities", "s3cret")
	good, _ := email.New(email.Config{URL: "smtp://wikicities:s3cret@" + addr2, From: "noreply@wikicities.example"})
	if rep, err := notify.Send(context.Background(), db.Inboxes(), db.Now(), good, notify.Options{}); err != nil || rep.Sent != 1 || len(box.To("bertrand@example.org")) != 1 {
		t.Fatalf("the retry: %+v, %v", rep, err)
	}
}
