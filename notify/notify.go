// Package notify emails each person what waits for them in their inbox
// (wikicities.Inbox), as often as they chose: immediately (one email per
// item, at the next run), daily or weekly (one email listing the items), or
// never. Each email is in the person's language, from the site's own
// address, with a link to answer on the site: no address of anyone is ever
// shown to anyone else. Only items that appeared since the person's last
// email are sent, so running it often is harmless.
package notify

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/email"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// DefaultDueWithin is how far ahead responsibilities are listed.
const DefaultDueWithin = 14 * 24 * time.Hour

// Options tune a run.
type Options struct {
	BaseURL string    // the public address of the site, for links
	Out     io.Writer // one line per recipient
}

// Sender delivers messages; *email.Sender is one.
type Sender interface {
	Send(ctx context.Context, msgs []email.Message) ([]error, error)
}

// Report counts what a run did.
type Report struct {
	Sent    int `json:"sent"`    // messages sent
	Waiting int `json:"waiting"` // people whose period has not passed yet
	Failed  int `json:"failed"`  // messages the server refused (retried next run)
}

// Send emails every recipient of ib whose period has passed about the inbox
// items that appeared since their last email; now is the store's clock.
func Send(ctx context.Context, ib wikicities.InboxService, now time.Time, sender Sender, opt Options) (Report, error) {
	var rep Report
	if opt.Out == nil {
		opt.Out = io.Discard
	}
	base := strings.TrimRight(opt.BaseURL, "/")
	recips, err := ib.InboxRecipients(ctx)
	if err != nil {
		return rep, err
	}
	for _, r := range recips {
		period, _ := r.Frequency.Period()
		if !r.EmailedAt.IsZero() && now.Sub(r.EmailedAt) < period {
			rep.Waiting++
			continue
		}
		in, err := ib.Inbox(ctx, r.UserID, DefaultDueWithin)
		if err != nil {
			return rep, err
		}
		var items []wikicities.InboxItem
		for _, it := range in.Items {
			if it.At.After(r.EmailedAt) && it.At.Before(now.Add(time.Second)) {
				items = append(items, it)
			}
		}
		if len(items) == 0 {
			continue
		}
		ok, err := ib.ClaimInboxEmail(ctx, r.UserID, r.EmailedAt, now)
		if err != nil {
			return rep, err
		}
		if !ok {
			continue // another mailer is on it
		}
		msgs := Messages(r, items, base)
		errs, err := sender.Send(ctx, msgs)
		if err == nil {
			for _, e := range errs {
				if e != nil {
					err = e
					break
				}
			}
		}
		if err != nil {
			rep.Failed += len(msgs)
			ib.ReleaseInboxEmail(context.WithoutCancel(ctx), r.UserID, r.EmailedAt, now)
			fmt.Fprintf(opt.Out, "%s: not sent: %v\n", r.Username, err)
			continue
		}
		rep.Sent += len(msgs)
		fmt.Fprintf(opt.Out, "%s: %d message(s) sent\n", r.Username, len(msgs))
	}
	return rep, nil
}

// printer returns the printer of r's language, English when the site does
// not speak it.
func printer(r *wikicities.InboxRecipient) *i18n.Printer {
	c := i18n.Default()
	return c.Printer(c.Match("", r.Language))
}

// Messages renders the emails telling r about items: one per item when r
// chose immediately, else one listing them all.
func Messages(r *wikicities.InboxRecipient, items []wikicities.InboxItem, baseURL string) []email.Message {
	p := printer(r)
	msg := func(subject string, its []wikicities.InboxItem) email.Message {
		return email.Message{To: r.Email, Subject: subject, Text: Text(p, r, its, baseURL),
			Headers: map[string]string{"Content-Language": p.Lang(), "Auto-Submitted": "auto-generated"}}
	}
	if r.Frequency == wikicities.EmailImmediately {
		out := make([]email.Message, len(items))
		for i, it := range items {
			out[i] = msg(p.Msg("inbox-email-subject", labels.InboxItem(p, it)), items[i:i+1])
		}
		return out
	}
	return []email.Message{msg(p.Msg("inbox-email-digest-subject", len(items)), items)}
}

// Text is the plain-text body telling r about items in p's language.
func Text(p *i18n.Printer, r *wikicities.InboxRecipient, items []wikicities.InboxItem, baseURL string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n%s\n\n", p.Msg("inbox-email-greeting", r.Username), p.Msg("inbox-email-intro"))
	message := false
	for _, it := range items {
		fmt.Fprintf(&b, "  - %s\n    %s%s\n", labels.InboxItem(p, it), baseURL, labels.InboxLink(it))
		if it.Text != "" {
			fmt.Fprintf(&b, "    %s\n", p.Msg("inbox-email-quote"))
			for line := range strings.SplitSeq(strings.TrimSpace(it.Text), "\n") {
				fmt.Fprintf(&b, "    > %s\n", strings.TrimRight(line, "\r "))
			}
		}
		message = message || it.Kind == wikicities.InboxMessage
		b.WriteByte('\n')
	}
	if message {
		fmt.Fprintf(&b, "%s\n\n", p.Msg("inbox-email-answer-on-site", baseURL+labels.InboxLink(items[len(items)-1])))
	}
	fmt.Fprintf(&b, "%s\n", p.Msg("inbox-email-why", labels.EmailFrequency(p, r.Frequency), baseURL+"/account"))
	return b.String()
}
