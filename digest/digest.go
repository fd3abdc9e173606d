// Package digest builds and sends the partnership digest: one email per
// coordinator, listing the proposals waiting for their answer, the
// responsibilities of their parties that are due or overdue, and their
// partnerships at risk. A person gets at most one digest per period (the
// sends are recorded in the store), never an empty one, and none after
// following the unsubscribe link.
package digest

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/email"
	"github.com/wikicities/wikicities/health"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// Defaults of Options.
const (
	DefaultPeriod    = 7 * 24 * time.Hour
	DefaultDueWithin = 14 * 24 * time.Hour
)

// Options tune a digest run.
type Options struct {
	// Period is the least time between two digests to one person.
	Period time.Duration
	// DueWithin lists responsibilities due up to this far ahead (overdue
	// ones always).
	DueWithin time.Duration
	// BaseURL is the public address of the site, for links.
	BaseURL string
	// DryRun renders the digests to Out without sending or recording them.
	DryRun bool
	// Out receives one line per recipient (and the messages in a dry run).
	Out io.Writer
}

func (o *Options) defaults() {
	if o.Period <= 0 {
		o.Period = DefaultPeriod
	}
	if o.DueWithin <= 0 {
		o.DueWithin = DefaultDueWithin
	}
	o.BaseURL = strings.TrimRight(o.BaseURL, "/")
	if o.Out == nil {
		o.Out = io.Discard
	}
}

// Due is a responsibility that is due soon or overdue.
type Due struct {
	Partnership    *wikicities.Partnership
	Responsibility *wikicities.Responsibility
	Overdue        bool
}

// Risk is a partnership at risk with its health.
type Risk struct {
	Partnership *wikicities.Partnership
	Health      health.Report
}

// Digest is what one person is told.
type Digest struct {
	Recipient *wikicities.DigestRecipient
	Proposals []*wikicities.Partnership
	Due       []Due
	AtRisk    []Risk
}

// Empty reports whether there is nothing to tell.
func (d *Digest) Empty() bool { return len(d.Proposals)+len(d.Due)+len(d.AtRisk) == 0 }

// Build returns the digest of every recipient (opted-out accounts and
// accounts without an email address are not recipients), empty ones
// included, by user id.
func Build(ctx context.Context, svc wikicities.Services, opt Options) ([]*Digest, error) {
	opt.defaults()
	recips, err := svc.Digests.DigestRecipients(ctx)
	if err != nil {
		return nil, err
	}
	ps := svc.Partnerships
	proposals, _, err := ps.Partnerships(ctx, wikicities.PartnershipFilter{States: []wikicities.State{wikicities.StateProposed}, Limit: -1})
	if err != nil {
		return nil, err
	}
	running, acts, err := ps.HealthInputs(ctx)
	if err != nil {
		return nil, err
	}
	now := svc.Clock.Now()
	reports := health.AssessAll(running, acts, now)
	out := make([]*Digest, 0, len(recips))
	for _, r := range recips {
		d := &Digest{Recipient: r}
		for _, p := range proposals {
			if r.Coordinates(p.B.Ref()) {
				d.Proposals = append(d.Proposals, p)
			}
		}
		for i, p := range running {
			a, b := r.Coordinates(p.A.Ref()), r.Coordinates(p.B.Ref())
			if !a && !b {
				continue
			}
			for _, x := range p.Responsibilities {
				mine := (x.Owner == wikicities.SideA && a) || (x.Owner == wikicities.SideB && b)
				if mine && !x.Done && !x.Due.IsZero() && x.Due.Before(now.Add(opt.DueWithin)) {
					d.Due = append(d.Due, Due{p, x, x.Overdue(now)})
				}
			}
			if reports[i].AtRisk {
				d.AtRisk = append(d.AtRisk, Risk{p, reports[i]})
			}
		}
		slices.SortStableFunc(d.Due, func(x, y Due) int { return x.Responsibility.Due.Compare(y.Responsibility.Due) })
		slices.SortStableFunc(d.AtRisk, func(x, y Risk) int { return cmp.Compare(x.Health.Score, y.Health.Score) })
		out = append(out, d)
	}
	return out, nil
}

// Printer returns the printer of the recipient's language (the language
// the account chose on the site), English when the site does not speak it.
func (d *Digest) Printer() *i18n.Printer {
	c := i18n.Default()
	return c.Printer(c.Match("", d.Recipient.Language))
}

// Subject is the digest's subject line in p's language.
func (d *Digest) Subject(p *i18n.Printer) string {
	var parts []string
	if n := len(d.Proposals); n > 0 {
		parts = append(parts, p.Msg("digest-subject-proposals", n))
	}
	if n := len(d.Due); n > 0 {
		parts = append(parts, p.Msg("digest-subject-due", n))
	}
	if n := len(d.AtRisk); n > 0 {
		parts = append(parts, p.Msg("digest-subject-at-risk", n))
	}
	return p.Msg("digest-subject", labels.JoinWords(p, parts))
}

// Text is the digest's plain-text body in p's language. Names come from
// users; plain text needs no escaping, and mail clients do not run it.
// Dates are ISO 8601, which reads the same in every language.
func (d *Digest) Text(p *i18n.Printer, baseURL, unsubscribeURL string, period time.Duration) string {
	var b strings.Builder
	link := func(x *wikicities.Partnership) string { return fmt.Sprintf("%s/partnerships/%d", baseURL, x.ID) }
	day := func(t time.Time) string { return t.UTC().Format(time.DateOnly) }
	line := func(text string, x *wikicities.Partnership) {
		fmt.Fprintf(&b, "  - %s\n    %s\n", text, link(x))
	}
	fmt.Fprintf(&b, "%s\n\n%s\n", p.Msg("digest-greeting", d.Recipient.Username), p.Msg("digest-intro"))
	if len(d.Proposals) > 0 {
		fmt.Fprintf(&b, "\n%s\n", p.Msg("digest-proposals-heading", len(d.Proposals)))
		for _, x := range d.Proposals {
			line(p.Msg("digest-proposal", x.A.Name, x.B.Name, labels.Type(p, x.Type), day(x.CreatedAt)), x)
		}
	}
	if len(d.Due) > 0 {
		fmt.Fprintf(&b, "\n%s\n", p.Msg("digest-due-heading", len(d.Due)))
		for _, x := range d.Due {
			when := p.Msg("digest-due-on", day(x.Responsibility.Due))
			if x.Overdue {
				when = p.Msg("digest-overdue-since", day(x.Responsibility.Due))
			}
			owner := x.Partnership.PartyOn(x.Responsibility.Owner)
			other := x.Partnership.PartyOn(x.Responsibility.Owner.Other())
			line(p.Msg("digest-due", when, x.Responsibility.Description, owner.Name, other.Name), x.Partnership)
		}
	}
	if len(d.AtRisk) > 0 {
		fmt.Fprintf(&b, "\n%s\n", p.Msg("digest-at-risk-heading", len(d.AtRisk)))
		for _, x := range d.AtRisk {
			line(p.Msg("digest-at-risk", x.Partnership.A.Name, x.Partnership.B.Name, x.Health.Score, labels.HealthSummary(p, x.Health)), x.Partnership)
		}
	}
	fmt.Fprintf(&b, "\n%s\n%s\n", p.Msg("digest-why", int(period.Hours()/24)), p.Msg("digest-unsubscribe", unsubscribeURL))
	return b.String()
}

// Sender delivers messages; *email.Sender is one.
type Sender interface {
	Send(ctx context.Context, msgs []email.Message) ([]error, error)
}

var _ Sender = (*email.Sender)(nil)

// Report counts what a run did.
type Report struct {
	Sent        int `json:"sent"`
	RateLimited int `json:"rate_limited"` // a digest went out within the period
	Empty       int `json:"empty"`        // nothing to tell
	Failed      int `json:"failed"`       // the server refused the message
}

// Send builds every digest and sends the non-empty ones whose recipient had
// none within the period, recording each send; a message the server
// refuses is not recorded, so the next run tries again. With opt.DryRun it
// writes the messages to opt.Out instead (and sender may be nil).
func Send(ctx context.Context, svc wikicities.Services, sender Sender, opt Options) (Report, error) {
	opt.defaults()
	var rep Report
	db := svc.Digests
	digests, err := Build(ctx, svc, opt)
	if err != nil {
		return rep, err
	}
	type pending struct {
		d     *Digest
		claim int64
	}
	var queue []pending
	var msgs []email.Message
	for _, d := range digests {
		r := d.Recipient
		if d.Empty() {
			rep.Empty++
			continue
		}
		var claim int64
		if opt.DryRun {
			recent, err := db.DigestSentWithin(ctx, r.UserID, opt.Period)
			if err != nil {
				return rep, err
			}
			if recent {
				rep.RateLimited++
				fmt.Fprintf(opt.Out, "%s <%s>: would be skipped, a digest went out within %s\n", r.Username, r.Email, opt.Period)
				continue
			}
		} else {
			var ok bool
			if claim, ok, err = db.ClaimDigest(ctx, r.UserID, opt.Period); err != nil {
				return rep, err
			}
			if !ok {
				rep.RateLimited++
				fmt.Fprintf(opt.Out, "%s <%s>: skipped, a digest went out within %s\n", r.Username, r.Email, opt.Period)
				continue
			}
		}
		token, err := db.UnsubscribeToken(ctx, r.UserID)
		if err != nil {
			return rep, err
		}
		unsub := opt.BaseURL + "/digest/unsubscribe/" + token
		p := d.Printer()
		m := email.Message{To: r.Email, Subject: d.Subject(p), Text: d.Text(p, opt.BaseURL, unsub, opt.Period),
			Headers: map[string]string{"List-Unsubscribe": "<" + unsub + ">", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
				"Content-Language": p.Lang()}}
		if opt.DryRun {
			fmt.Fprintf(opt.Out, "To: %s\nSubject: %s\n\n%s\n", m.To, m.Subject, m.Text)
			rep.Sent++
			continue
		}
		queue = append(queue, pending{d, claim})
		msgs = append(msgs, m)
	}
	if len(msgs) == 0 {
		return rep, nil
	}
	errs, err := sender.Send(ctx, msgs)
	if err != nil {
		for _, p := range queue {
			db.ReleaseDigest(context.WithoutCancel(ctx), p.claim)
		}
		return rep, err
	}
	for i, p := range queue {
		r := p.d.Recipient
		if errs[i] != nil {
			rep.Failed++
			db.ReleaseDigest(context.WithoutCancel(ctx), p.claim)
			fmt.Fprintf(opt.Out, "%s <%s>: not sent: %v\n", r.Username, r.Email, errs[i])
			continue
		}
		rep.Sent++
		fmt.Fprintf(opt.Out, "%s <%s>: sent (%s)\n", r.Username, r.Email, msgs[i].Subject)
	}
	return rep, nil
}
