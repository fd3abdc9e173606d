package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/digest"
	"github.com/wikicities/wikicities/email"
	"github.com/wikicities/wikicities/notify"
)

// smtpFlags are the SMTP settings, from flags or the environment.
type smtpFlags struct {
	smtpURL string
	from    string
	baseURL string
}

func (f *smtpFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.smtpURL, "smtp-url", os.Getenv("WIKICITIES_SMTP_URL"),
		"SMTP server: smtp://user:password@host:587 (STARTTLS when offered; ?tls=required or ?tls=none) or smtps://...:465 (env WIKICITIES_SMTP_URL)")
	fs.StringVar(&f.from, "from", envOrDefault("WIKICITIES_SMTP_FROM", "WikiCities <noreply@localhost>"), "sender address (env WIKICITIES_SMTP_FROM)")
	fs.StringVar(&f.baseURL, "base-url", envOrDefault("WIKICITIES_BASE_URL", "http://127.0.0.1:8080"), "public address of the site, for links (env WIKICITIES_BASE_URL)")
}

func envOrDefault(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// runDigestSend is `digest send [--dry-run]`: it emails each coordinator
// their partnership digest when one is due.
func runDigestSend(ctx context.Context, args []string, rw IO) error {
	f := newFlags("digest send", "", rw)
	var mf smtpFlags
	mf.register(f.FlagSet)
	dry := f.Bool("dry-run", false, "print the digests instead of sending them; record nothing")
	period := f.Duration("period", digest.DefaultPeriod, "least time between two digests to one person")
	if _, err := f.parse(args, 0, 0); err != nil {
		return err
	}
	var sender digest.Sender
	if !*dry {
		if mf.smtpURL == "" {
			return usageError{"digest send: no SMTP server: set --smtp-url or WIKICITIES_SMTP_URL (or use --dry-run)"}
		}
		s, err := email.New(email.Config{URL: mf.smtpURL, From: mf.from})
		if err != nil {
			return err
		}
		sender = s
	}
	db, err := f.store.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = wikicities.NewContext(ctx, wikicities.System)
	rep, err := digest.Send(ctx, db.Services(), sender, digest.Options{Period: *period, BaseURL: mf.baseURL, DryRun: *dry, Out: rw.Stdout})
	if err != nil {
		return err
	}
	verb := "sent"
	if *dry {
		verb = "would send"
	}
	fmt.Fprintf(rw.Stdout, "%s %d digest(s); %d skipped (one went out within %s), %d with nothing to say, %d refused by the server\n",
		verb, rep.Sent, rep.RateLimited, *period, rep.Empty, rep.Failed)
	if rep.Failed > 0 {
		return fmt.Errorf("digest: %d message(s) refused by the SMTP server", rep.Failed)
	}
	return nil
}

// startPartnershipJobs is serve's scheduler for partnerships: every
// WIKICITIES_PARTNERSHIP_CHECK_INTERVAL (default 1h, first run at start) it
// lapses idle partnerships to dormant (after WIKICITIES_DORMANT_AFTER) and,
// when WIKICITIES_SMTP_URL is set, sends the digests that are due (the
// per-person period makes running it often harmless); every
// WIKICITIES_NOTIFY_INTERVAL (default 2m) it emails people about what
// appeared in their inbox, as often as each chose (package notify). It
// stops on Close.
func (m *Main) startPartnershipJobs(ctx context.Context) error {
	interval := time.Hour
	if v := os.Getenv("WIKICITIES_PARTNERSHIP_CHECK_INTERVAL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("WIKICITIES_PARTNERSHIP_CHECK_INTERVAL=%q is not a positive duration such as 1h", v)
		}
		interval = d
	}
	pol := wikicities.DormancyPolicy{After: dormantAfterDefault()}
	var sender *email.Sender
	var mf smtpFlags
	mf.smtpURL = os.Getenv("WIKICITIES_SMTP_URL")
	mf.from = envOrDefault("WIKICITIES_SMTP_FROM", "WikiCities <noreply@localhost>")
	mf.baseURL = envOrDefault("WIKICITIES_BASE_URL", "http://"+m.Addr)
	if m.Server.BaseURL != "" { // serve --base-url
		mf.baseURL = m.Server.BaseURL
	}
	if mf.smtpURL != "" {
		var err error
		if sender, err = email.New(email.Config{URL: mf.smtpURL, From: mf.from}); err != nil {
			return err
		}
		// The account page confirms new addresses through the same server.
		m.Server.Mailer = sender
	}
	jobCtx, cancel := context.WithCancel(wikicities.NewContext(context.WithoutCancel(ctx), wikicities.System))
	var wg sync.WaitGroup
	log := m.Log.With("job", "partnerships")
	run := func() {
		lapsed, err := m.DB.Partnerships().LapseDormant(jobCtx, pol)
		if err != nil && jobCtx.Err() == nil {
			log.Error("dormancy check failed", "err", err)
		}
		for _, p := range lapsed {
			log.Info("partnership lapsed to dormant", "id", p.ID, "a", p.A.Name, "b", p.B.Name)
		}
		if sender == nil {
			return
		}
		rep, err := digest.Send(jobCtx, m.DB.Services(), sender, digest.Options{BaseURL: mf.baseURL})
		if err != nil && jobCtx.Err() == nil {
			log.Error("digest failed", "err", err)
		} else if rep.Sent+rep.Failed > 0 {
			log.Info("digest", "sent", rep.Sent, "failed", rep.Failed)
		}
	}
	if sender != nil {
		every := 2 * time.Minute
		if v := os.Getenv("WIKICITIES_NOTIFY_INTERVAL"); v != "" {
			if d, err := time.ParseDuration(v); err == nil && d > 0 {
				every = d
			}
		}
		wg.Go(func() {
			t := time.NewTicker(every)
			defer t.Stop()
			for {
				select {
				case <-jobCtx.Done():
					return
				case <-t.C:
				}
				rep, err := notify.Send(jobCtx, m.DB.Inboxes(), m.DB.Now(), sender, notify.Options{BaseURL: mf.baseURL})
				if err != nil && jobCtx.Err() == nil {
					log.Error("inbox emails failed", "err", err)
				} else if rep.Sent+rep.Failed > 0 {
					log.Info("inbox emails", "sent", rep.Sent, "failed", rep.Failed)
				}
			}
		})
	}
	wg.Go(func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			run()
			select {
			case <-jobCtx.Done():
				return
			case <-t.C:
			}
		}
	})
	m.closers = append(m.closers, func() { cancel(); wg.Wait() })
	return nil
}
