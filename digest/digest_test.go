package digest_test

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/digest"
	"github.com/wikicities/wikicities/email"
	"github.com/wikicities/wikicities/email/smtptest"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

type fixture struct {
	db      *store.DB
	w       *storetest.Partners
	now     time.Time
	mu      sync.Mutex
	waiting *wikicities.Partnership // proposed by A to the institution
	risky   *wikicities.Partnership // A and B, idle for five months, one overdue responsibility
}

func (f *fixture) advance(d time.Duration) { f.mu.Lock(); f.now = f.now.Add(d); f.mu.Unlock() }

// newFixture builds: A proposed to the institution (waiting for ines); A and
// B accepted long ago, worked together once, then went quiet, with a
// responsibility of B overdue and one of A due in a week.
func newFixture(t *testing.T, db *store.DB) *fixture {
	f := &fixture{db: db, now: time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)}
	db.Now = func() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now }
	f.w = storetest.MustPartners(t, db)
	w, ps := f.w, db.Partnerships()
	as := func(a *wikicities.Actor) context.Context { return storetest.As(context.Background(), a) }
	f.risky = &wikicities.Partnership{A: w.A, B: w.B, Type: "twinning", Level: "global"}
	if err := ps.Propose(as(w.CoordA), f.risky, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := ps.Transition(as(w.CoordB), f.risky.ID, wikicities.ActionAccept, 0, ""); err != nil {
		t.Fatal(err)
	}
	if err := ps.LogActivity(as(w.CoordA), &wikicities.Activity{PartnershipID: f.risky.ID, Kind: "visit", Title: "Visit to Paris",
		Start: f.now, OrganizersA: []string{"anna"}}); err != nil {
		t.Fatal(err)
	}
	f.advance(150 * 24 * time.Hour)
	for _, r := range []*wikicities.Responsibility{
		{PartnershipID: f.risky.ID, Owner: "b", Description: "Translate the guide into French", Due: f.now.AddDate(0, 0, -20)},
		{PartnershipID: f.risky.ID, Owner: "a", Description: "Book the hall for the edit-a-thon", Due: f.now.AddDate(0, 0, 7)},
		{PartnershipID: f.risky.ID, Owner: "a", Description: "Far in the future", Due: f.now.AddDate(0, 3, 0)},
	} {
		if err := ps.AddResponsibility(as(w.CoordA), r); err != nil {
			t.Fatal(err)
		}
	}
	f.waiting = &wikicities.Partnership{A: w.A, B: w.Inst, Type: "institutional", Level: "local"}
	if err := ps.Propose(as(w.CoordA), f.waiting, ""); err != nil {
		t.Fatal(err)
	}
	return f
}

func byRecipient(msgs []smtptest.Message) map[string]smtptest.Message {
	m := map[string]smtptest.Message{}
	for _, r := range msgs {
		m[strings.Join(r.To, ",")] = r
	}
	return m
}

// The digest goes through a real SMTP server (go-smtp on loopback, with
// authentication) and says what each coordinator must know; a second run in
// the same period sends nothing; after the period it sends again; an
// unsubscribed coordinator gets nothing.
func TestDigestContentAndRateLimitThroughSMTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		box, addr := smtptest.Start(t, "wikicities", "s3cret")
		sender, err := email.New(email.Config{URL: "smtp://wikicities:s3cret@" + addr, From: "WikiCities <noreply@wikicities.example>"})
		if err != nil {
			t.Fatal(err)
		}
		opt := digest.Options{BaseURL: "https://wikicities.example/", Period: 7 * 24 * time.Hour}
		var log bytes.Buffer
		opt.Out = &log
		rep, err := digest.Send(context.Background(), db.Services(), sender, opt)
		if err != nil {
			t.Fatal(err)
		}
		// anna (A: at risk, a responsibility due), bertrand (B: at risk,
		// one overdue), ines (institution: a proposal waiting); chloe's C
		// has no partnership, so she is no recipient at all.
		if rep != (digest.Report{Sent: 3}) {
			t.Fatalf("report %+v\n%s", rep, log.String())
		}
		got := byRecipient(box.Messages())
		if len(got) != 3 {
			t.Fatalf("received %d messages: %v", len(got), got)
		}
		anna, bertrand, ines := got["anna@example.org"], got["bertrand@example.org"], got["ines@example.org"]
		for name, m := range map[string]smtptest.Message{"anna": anna, "bertrand": bertrand, "ines": ines} {
			if m.Msg == nil {
				t.Fatalf("no message for %s", name)
			}
			if m.From != "noreply@wikicities.example" {
				t.Errorf("%s: envelope from %q", name, m.From)
			}
			if lu := m.Msg.Header.Get("List-Unsubscribe"); !strings.HasPrefix(lu, "<https://wikicities.example/digest/unsubscribe/") {
				t.Errorf("%s: List-Unsubscribe %q", name, lu)
			}
			if !strings.Contains(m.Body, "Unsubscribe: https://wikicities.example/digest/unsubscribe/") {
				t.Errorf("%s: no unsubscribe link in\n%s", name, m.Body)
			}
		}
		subject := func(m smtptest.Message) string {
			s, _ := new(mime.WordDecoder).DecodeHeader(m.Msg.Header.Get("Subject"))
			return s
		}
		for _, c := range []struct {
			who     string
			m       smtptest.Message
			subject string
			has     []string
			hasNot  []string
		}{
			{"ines", ines, "WikiCities partnerships: 1 proposal waiting",
				[]string{"Hello ines", "Wikimedians of Berlin proposes a partnership to Musée Carnavalet (institutional, since 2026-07-01)", fmt.Sprintf("https://wikicities.example/partnerships/%d", f.waiting.ID)},
				[]string{"at risk", "Responsibilities due"}},
			{"bertrand", bertrand, "WikiCities partnerships: 1 responsibility due, 1 partnership at risk",
				[]string{"OVERDUE since 2026-06-11: Translate the guide into French (Wikimedia Paris", // recency 7 (150 days idle) + frequency 12 (1 of 2 expected) +
					// responsibilities 0 (the only one due is overdue) + both sides 6
					"health 25/100: no activity for 5 months; 1 activity in the last year, 2 expected; 1 of 3 responsibilities overdue; only Wikimedians of Berlin organised activities in the last year"},
				[]string{"Book the hall", "proposes"}},
			{"anna", anna, "WikiCities partnerships: 1 responsibility due, 1 partnership at risk",
				[]string{"due 2026-07-08: Book the hall for the edit-a-thon (Wikimedians of Berlin, partnership with Wikimedia Paris)", "Wikimedians of Berlin & Wikimedia Paris: health 25/100"},
				[]string{"Translate the guide", "Far in the future", "proposes"}},
		} {
			if s := subject(c.m); s != c.subject {
				t.Errorf("%s: subject %q, want %q", c.who, s, c.subject)
			}
			for _, s := range c.has {
				if !strings.Contains(c.m.Body, s) {
					t.Errorf("%s: body lacks %q:\n%s", c.who, s, c.m.Body)
				}
			}
			for _, s := range c.hasNot {
				if strings.Contains(c.m.Body, s) {
					t.Errorf("%s: body has %q:\n%s", c.who, s, c.m.Body)
				}
			}
		}

		// Same period: nothing more, whatever happens.
		f.advance(3 * 24 * time.Hour)
		rep, err = digest.Send(context.Background(), db.Services(), sender, opt)
		if err != nil {
			t.Fatal(err)
		}
		if rep != (digest.Report{RateLimited: 3}) || len(box.Messages()) != 3 {
			t.Fatalf("second run within the period: %+v, %d messages", rep, len(box.Messages()))
		}
		// bertrand unsubscribes; after the period the others get a digest again.
		if err := db.OptOutOfDigest(context.Background(), f.w.CoordB.UserID); err != nil {
			t.Fatal(err)
		}
		f.advance(5 * 24 * time.Hour)
		rep, err = digest.Send(context.Background(), db.Services(), sender, opt)
		if err != nil {
			t.Fatal(err)
		}
		var to []string
		for _, m := range box.Messages()[3:] {
			to = append(to, m.To...)
		}
		sort.Strings(to)
		if rep != (digest.Report{Sent: 2}) || strings.Join(to, " ") != "anna@example.org ines@example.org" {
			t.Fatalf("after the period: %+v to %v", rep, to)
		}
		for _, who := range []*wikicities.Actor{f.w.CoordA, f.w.CoordB, f.w.CoordInst} {
			n, _ := db.DigestSends(context.Background(), who.UserID)
			want := map[string]int{"anna": 2, "bertrand": 1, "ines": 2}[who.Username]
			if n != want {
				t.Errorf("%s: %d sends recorded, want %d", who.Username, n, want)
			}
		}
	})
}

// A message the server refuses is not recorded, so the next run retries it;
// a dry run sends and records nothing.
func TestDigestRefusedAndDryRun(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	f := newFixture(t, db)
	if _, err := db.Exec(context.Background(), `UPDATE users SET email = 'bounce-ines@example.org' WHERE id = ?`, f.w.CoordInst.UserID); err != nil {
		t.Fatal(err)
	}
	box, addr := smtptest.Start(t, "wikicities", "s3cret")
	var out bytes.Buffer
	rep, err := digest.Send(context.Background(), db.Services(), nil, digest.Options{DryRun: true, Out: &out, BaseURL: "https://w.example"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sent != 3 || len(box.Messages()) != 0 || !strings.Contains(out.String(), "Subject: WikiCities partnerships: 1 proposal waiting") {
		t.Fatalf("dry run: %+v, %d messages\n%s", rep, len(box.Messages()), out.String())
	}
	if n, _ := db.DigestSends(context.Background(), f.w.CoordA.UserID); n != 0 {
		t.Fatalf("dry run recorded %d sends", n)
	}
	sender, _ := email.New(email.Config{URL: "smtp://wikicities:s3cret@" + addr, From: "noreply@wikicities.example"})
	rep, err = digest.Send(context.Background(), db.Services(), sender, digest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep != (digest.Report{Sent: 2, Failed: 1}) {
		t.Fatalf("with a bouncing address: %+v", rep)
	}
	if n, _ := db.DigestSends(context.Background(), f.w.CoordInst.UserID); n != 0 {
		t.Errorf("refused message recorded as sent")
	}
	wrong, _ := email.New(email.Config{URL: "smtp://wikicities:wrong@" + addr, From: "noreply@wikicities.example"})
	f.advance(8 * 24 * time.Hour)
	if _, err := digest.Send(context.Background(), db.Services(), wrong, digest.Options{}); err == nil {
		t.Error("wrong SMTP password: no error")
	}
	if n, _ := db.DigestSends(context.Background(), f.w.CoordA.UserID); n != 1 {
		t.Errorf("anna: %d sends after a failed connection, want 1 (claims released)", n)
	}
}

// Each coordinator reads the digest in the language of their account: the
// subject, the headings, the plural forms, the partnership type and the
// health reasons; a language the site does not speak gets English. Names
// stay as their users wrote them.
func TestDigestSpeaksTheRecipientsLanguage(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	f := newFixture(t, db)
	for id, lang := range map[int64]string{f.w.CoordA.UserID: "sw", f.w.CoordB.UserID: "de-AT", f.w.CoordInst.UserID: "ar"} {
		if _, err := db.Exec(context.Background(), `UPDATE users SET language = ? WHERE id = ?`, lang, id); err != nil {
			t.Fatal(err)
		}
	}
	box, addr := smtptest.Start(t, "wikicities", "s3cret")
	sender, err := email.New(email.Config{URL: "smtp://wikicities:s3cret@" + addr, From: "noreply@wikicities.example"})
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := digest.Send(context.Background(), db.Services(), sender, digest.Options{BaseURL: "https://w.example"}); err != nil || rep.Sent != 3 {
		t.Fatalf("send: %+v, %v", rep, err)
	}
	got := byRecipient(box.Messages())
	for _, c := range []struct {
		to, lang, subject string
		has               []string
	}{
		{"anna@example.org", "en", "WikiCities partnerships: 1 responsibility due, 1 partnership at risk",
			[]string{"Hello anna,", "due 2026-07-08: Book the hall", "at most one digest every 7 days.", "Unsubscribe: https://w.example/digest/unsubscribe/"}},
		{"bertrand@example.org", "de", "WikiCities-Partnerschaften: 1 Zuständigkeit fällig, 1 Partnerschaft gefährdet",
			[]string{"Hallo bertrand,", "Fällige Zuständigkeiten (1):",
				"ÜBERFÄLLIG seit 2026-06-11: Translate the guide into French (Wikimedia Paris, Partnerschaft mit Wikimedians of Berlin)",
				"Wikimedians of Berlin & Wikimedia Paris: Gesundheit 25/100: seit 5 Monaten keine Aktivität",
				"höchstens eine Zusammenfassung alle 7 Tage.", "Abbestellen: https://w.example/digest/unsubscribe/"}},
		{"ines@example.org", "ar", "شراكات WikiCities: مقترح واحد بانتظار الرد",
			[]string{"مرحبًا ines،", "تقترح Wikimedians of Berlin شراكة على Musée Carnavalet (مؤسسية، منذ 2026-07-01)",
				"إلغاء الاشتراك: https://w.example/digest/unsubscribe/"}},
	} {
		m := got[c.to]
		if m.Msg == nil {
			t.Fatalf("no message to %s", c.to)
		}
		if s, _ := new(mime.WordDecoder).DecodeHeader(m.Msg.Header.Get("Subject")); s != c.subject {
			t.Errorf("%s: subject %q, want %q", c.to, s, c.subject)
		}
		if l := m.Msg.Header.Get("Content-Language"); l != c.lang {
			t.Errorf("%s: Content-Language %q, want %q", c.to, l, c.lang)
		}
		for _, s := range c.has {
			if !strings.Contains(m.Body, s) {
				t.Errorf("%s: body lacks %q:\n%s", c.to, s, m.Body)
			}
		}
		if strings.Contains(m.Body, "⧼") {
			t.Errorf("%s: a message key is missing:\n%s", c.to, m.Body)
		}
	}
}
