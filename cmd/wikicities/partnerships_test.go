package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/email/smtptest"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// partnershipCLI runs wikicities commands against one store.
type partnershipCLI struct {
	t     *testing.T
	store []string // --data-dir or --database-url
	db    *store.DB
	w     *storetest.Partners
}

func newPartnershipCLI(t *testing.T, d store.Dialect) *partnershipCLI {
	c := &partnershipCLI{t: t}
	var dsn string
	if d == store.Postgres {
		dsn = storetest.MustDSN(t, d)
		c.store = []string{"--database-url", dsn}
	} else {
		dir := t.TempDir()
		dsn = dir + "/wikicities.db"
		c.store = []string{"--data-dir", dir}
	}
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	c.db, c.w = db, storetest.MustPartners(t, db)
	return c
}

// run runs one command line ("partnerships accept 1 --as bertrand") and
// returns its output and error.
func (c *partnershipCLI) run(line string, extra ...string) (string, error) {
	c.t.Helper()
	args := append(strings.Fields(line), extra...)
	args = append(args, c.store...)
	var out, errb bytes.Buffer
	err := Run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return out.String() + errb.String(), err
}

func (c *partnershipCLI) must(line string, extra ...string) string {
	c.t.Helper()
	out, err := c.run(line, extra...)
	if err != nil {
		c.t.Fatalf("wikicities %s: %v\n%s", line, err, out)
	}
	return out
}

func TestPartnershipsCommands(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			c := newPartnershipCLI(t, d)
			w := c.w
			out := c.must(fmt.Sprintf("partnerships propose --as anna --from %d --to-community %d --type twinning --level global --goal", w.A.ID, w.B.ID),
				"100 articles each", "--language", "de", "--language", "fr", "--note", "met at Wikimania")
			if !strings.Contains(out, "partnership 1 proposed: Wikimedians of Berlin -> Wikimedia Paris") {
				t.Fatalf("propose: %s", out)
			}
			for _, c2 := range []struct {
				line string
				want error
			}{
				{"partnerships accept 1", wikicities.ErrForbidden},                 // the system cannot consent
				{"partnerships accept 1 --as anna", wikicities.ErrForbidden},       // nor the proposer
				{"partnerships accept 1 --as ada", wikicities.ErrForbidden},        // nor an admin
				{"partnerships renew 1 --as bertrand", wikicities.ErrConflict},     // not dormant
				{"partnerships accept 1 --as nobody", wikicities.ErrNotFound},      // unknown account
				{"partnerships accept 9 --as bertrand", wikicities.ErrNotFound},    // unknown partnership
				{"partnerships withdraw 1 --as bertrand", wikicities.ErrForbidden}, // only the proposer withdraws
			} {
				if _, err := c.run(c2.line); !errors.Is(err, c2.want) {
					t.Errorf("%s: %v, want %v", c2.line, err, c2.want)
				}
			}
			if show := c.must("partnerships show 1"); !strings.Contains(show, "Health: not scored yet: waiting for an answer (a proposal waiting for an answer") {
				t.Errorf("a proposal is scored:\n%s", show)
			}
			if out := c.must("partnerships accept 1 --as bertrand --note", "Avec plaisir"); !strings.Contains(out, "is now accepted") {
				t.Errorf("accept: %s", out)
			}
			if _, err := c.run("partnerships log-activity 1 --as anna --kind party --title x --start 2026-01-01"); !errors.Is(err, wikicities.ErrInvalid) || !strings.Contains(err.Error(), "--kind:") {
				t.Errorf("bad kind: %v", err)
			}
			start := time.Now().UTC().Add(-48 * time.Hour).Format(time.RFC3339)
			c.must("partnerships log-activity 1 --as anna --kind photo_walk --title", "Spree walk", "--start", start,
				"--place", "Berlin", "--organizers-a", "anna", "--organizers-b", "bertrand", "--participants", "12",
				"--media", "240", "--link", "https://commons.wikimedia.org/wiki/Category:Spree_walk")
			list := c.must("partnerships list --state active")
			if !strings.Contains(list, "1   active") || !strings.Contains(list, "Wikimedia Paris") {
				t.Errorf("list:\n%s", list)
			}
			show := c.must("partnerships show 1")
			for _, s := range []string{"twinning, global, active", "goals: 100 articles each", "languages: German, French", "photo walk: Spree walk (Berlin)",
				"Proposed: - -> proposed by anna: met at Wikimania", "Accepted: proposed -> accepted by bertrand: Avec plaisir",
				"Became active with its first activity: accepted -> active by anna", "Health: 62/100, getting started (1 activity in the last year, 2 expected; no responsibilities agreed yet)",
				"Totals: 1 activities held, 12 participants, 0 articles created, 0 improved, 240 media uploaded, 0 Wikidata items, 1 links"} {
				if !strings.Contains(show, s) {
					t.Errorf("show lacks %q:\n%s", s, show)
				}
			}
			// Three days pass since it became active (the walk was two days ago):
			// the check lapses it once the (here: short) dormancy time has passed.
			for _, q := range []string{`UPDATE partnerships SET state_changed_at = state_changed_at - ?`, `UPDATE partnership_history SET at = at - ?`} {
				if _, err := c.db.Exec(context.Background(), q, 3*24*3600); err != nil {
					t.Fatal(err)
				}
			}
			out = c.must("partnerships check --dormant-after 72h")
			if !strings.Contains(out, "0 partnership(s) lapsed") {
				t.Errorf("check with fresh activity: %s", out)
			}
			out = c.must("partnerships check --dormant-after 24h")
			if !strings.Contains(out, "1 partnership(s) lapsed to dormant (no activity for 1 day)") || !strings.Contains(out, "1  Wikimedians of Berlin & Wikimedia Paris") {
				t.Errorf("check: %s", out)
			}
			if out := c.must("partnerships renew 1 --as bertrand"); !strings.Contains(out, "is now active") {
				t.Errorf("renew: %s", out)
			}
			if _, err := c.run("partnerships end 1 --as anna --version 1"); !errors.As(err, new(*wikicities.StaleError)) {
				t.Errorf("end with a stale version: %v", err)
			}
			if out := c.must("partnerships end 1 --as anna"); !strings.Contains(out, "is now ended") {
				t.Errorf("end: %s", out)
			}
			if _, err := c.run("partnerships frobnicate"); exitCode(err) != 2 {
				t.Errorf("unknown subcommand: %v", err)
			}
			if _, err := c.run("partnerships show --json"); exitCode(err) != 2 {
				t.Errorf("show without an ID: %v", err)
			}
		})
	}
}

func TestDigestSendCommand(t *testing.T) {
	c := newPartnershipCLI(t, store.SQLite)
	c.must(fmt.Sprintf("partnerships propose --as anna --from %d --to-institution %d --type institutional", c.w.A.ID, c.w.Inst.ID))
	t.Setenv("WIKICITIES_SMTP_URL", "")
	if _, err := c.run("digest send"); exitCode(err) != 2 || !strings.Contains(err.Error(), "WIKICITIES_SMTP_URL") {
		t.Errorf("send without SMTP settings: %v", err)
	}
	out := c.must("digest send --dry-run --base-url https://wikicities.example")
	for _, s := range []string{"To: ines@example.org", "Subject: WikiCities partnerships: 1 proposal waiting",
		"Wikimedians of Berlin proposes a partnership to Musée Carnavalet (institutional, since ", "https://wikicities.example/digest/unsubscribe/",
		"would send 1 digest(s); 0 skipped"} {
		if !strings.Contains(out, s) {
			t.Errorf("dry run lacks %q:\n%s", s, out)
		}
	}
	if n, _ := c.db.DigestSends(context.Background(), c.w.CoordInst.UserID); n != 0 {
		t.Errorf("dry run recorded %d sends", n)
	}
}

// serve runs the dormancy check on a schedule and stops it on Close.
func TestServeLapsesIdlePartnershipsOnSchedule(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			t.Setenv("WIKICITIES_PARTNERSHIP_CHECK_INTERVAL", "20ms")
			t.Setenv("WIKICITIES_DORMANT_AFTER", "720h")
			t.Setenv("WIKICITIES_SMTP_URL", "")
			m := MustRunMain(t, d, false)
			w := storetest.MustPartners(t, m.DB)
			ps := m.DB.Partnerships()
			p := &wikicities.Partnership{A: w.A, B: w.B, Type: "twinning", Level: "local"}
			if err := ps.Propose(storetest.As(context.Background(), w.CoordA), p, ""); err != nil {
				t.Fatal(err)
			}
			if _, err := ps.Transition(storetest.As(context.Background(), w.CoordB), p.ID, wikicities.ActionAccept, 0, ""); err != nil {
				t.Fatal(err)
			}
			// Accepted 31 days ago, never any activity.
			if _, err := m.DB.Exec(context.Background(), `UPDATE partnership_history SET at = at - ? WHERE partnership_id = ?`, 31*24*3600, p.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := m.DB.Exec(context.Background(), `UPDATE partnerships SET state_changed_at = state_changed_at - ? WHERE id = ?`, 31*24*3600, p.ID); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(10 * time.Second)
			for {
				got, err := ps.Partnership(context.Background(), p.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.State == wikicities.StateDormant {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("still %s after 10s of a 20ms schedule", got.State)
				}
				time.Sleep(20 * time.Millisecond)
			}
			done := make(chan error, 1)
			go func() { done <- m.Close() }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Close did not stop the job")
			}
		})
	}
}

// With WIKICITIES_SMTP_URL, serve's account page confirms new email
// addresses through that server (here a real go-smtp server on loopback).
func TestServeConfirmsAccountEmailsThroughItsSMTPServer(t *testing.T) {
	box, addr := smtptest.Start(t, "", "")
	t.Setenv("WIKICITIES_SMTP_URL", "smtp://"+addr+"?tls=none")
	t.Setenv("WIKICITIES_PARTNERSHIP_CHECK_INTERVAL", "1h")
	m := MustRunMain(t, store.SQLite, false)
	ctx := context.Background()
	u, err := m.DB.Accounts().CreateUser(ctx, &wikicities.User{Username: "ana", Role: wikicities.RoleMember})
	if err != nil {
		t.Fatal(err)
	}
	tok, sess, err := m.DB.Accounts().CreateSession(ctx, u.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"version": {strconv.FormatInt(u.Version, 10)}, "digest": {"on"}, "email": {"ana@example.org"}, "csrf_token": {sess.CSRFToken}}
	req, _ := http.NewRequest("POST", m.Server.URL()+"/account", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", "wikicities_session="+tok)
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account?done=email-sent" {
		t.Fatalf("account form: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if msgs := box.To("ana@example.org"); len(msgs) != 1 || !strings.Contains(msgs[0].Body, "/account/email/") {
		t.Fatalf("confirmation messages: %+v", msgs)
	}
}
