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
	"github.com/wikicities/wikicities/store"
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
	Recipient *store.DigestRecipient
	Proposals []*wikicities.Partnership
	Due       []Due
	AtRisk    []Risk
}

// Empty reports whether there is nothing to tell.
func (d *Digest) Empty() bool { return len(d.Proposals)+len(d.Due)+len(d.AtRisk) == 0 }

// Build returns the digest of every recipient (opted-out accounts and
// accounts without an email address are not recipients), empty ones
// included, by user id.
func Build(ctx context.Context, db *store.DB, opt Options) ([]*Digest, error) {
	opt.defaults()
	recips, err := db.DigestRecipients(ctx)
	if err != nil {
		return nil, err
	}
	ps := db.Partnerships()
	proposals, _, err := ps.Partnerships(ctx, wikicities.PartnershipFilter{States: []wikicities.State{wikicities.StateProposed}, Limit: -1})
	if err != nil {
		return nil, err
	}
	running, acts, err := ps.HealthInputs(ctx)
	if err != nil {
		return nil, err
	}
	now := db.Now()
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

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Subject is the digest's subject line.
func (d *Digest) Subject() string {
	var parts []string
	if n := len(d.Proposals); n > 0 {
		parts = append(parts, count(n, "proposal waiting", "proposals waiting"))
	}
	if n := len(d.Due); n > 0 {
		parts = append(parts, count(n, "responsibility due", "responsibilities due"))
	}
	if n := len(d.AtRisk); n > 0 {
		parts = append(parts, count(n, "partnership at risk", "partnerships at risk"))
	}
	return "WikiCities partnerships: " + strings.Join(parts, ", ")
}

// Text is the digest's plain-text body. Names come from users; plain text
// needs no escaping, and mail clients do not run it.
func (d *Digest) Text(baseURL, unsubscribeURL string, period time.Duration) string {
	var b strings.Builder
	link := func(p *wikicities.Partnership) string { return fmt.Sprintf("%s/partnerships/%d", baseURL, p.ID) }
	fmt.Fprintf(&b, "Hello %s,\n\nhere is what needs your attention in your WikiCities partnerships.\n", d.Recipient.Username)
	if len(d.Proposals) > 0 {
		fmt.Fprintf(&b, "\nProposals waiting for your answer (%d):\n", len(d.Proposals))
		for _, p := range d.Proposals {
			fmt.Fprintf(&b, "  - %s proposes a partnership to %s (%s, since %s)\n    %s\n",
				p.A.Name, p.B.Name, p.Type, p.CreatedAt.Format(time.DateOnly), link(p))
		}
	}
	if len(d.Due) > 0 {
		fmt.Fprintf(&b, "\nResponsibilities due (%d):\n", len(d.Due))
		for _, x := range d.Due {
			when := "due " + x.Responsibility.Due.Format(time.DateOnly)
			if x.Overdue {
				when = "OVERDUE since " + x.Responsibility.Due.Format(time.DateOnly)
			}
			owner := x.Partnership.PartyOn(x.Responsibility.Owner)
			other := x.Partnership.PartyOn(map[wikicities.Side]wikicities.Side{wikicities.SideA: wikicities.SideB, wikicities.SideB: wikicities.SideA}[x.Responsibility.Owner])
			fmt.Fprintf(&b, "  - %s: %s (%s, partnership with %s)\n    %s\n", when, x.Responsibility.Description, owner.Name, other.Name, link(x.Partnership))
		}
	}
	if len(d.AtRisk) > 0 {
		fmt.Fprintf(&b, "\nPartnerships at risk (%d):\n", len(d.AtRisk))
		for _, x := range d.AtRisk {
			fmt.Fprintf(&b, "  - %s & %s: health %d/100: %s\n    %s\n", x.Partnership.A.Name, x.Partnership.B.Name, x.Health.Score, x.Health.Summary, link(x.Partnership))
		}
	}
	fmt.Fprintf(&b, "\nYou receive this because you coordinate a party of these partnerships; at most one digest every %d days.\n", int(period.Hours()/24))
	fmt.Fprintf(&b, "Unsubscribe: %s\n", unsubscribeURL)
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
func Send(ctx context.Context, db *store.DB, sender Sender, opt Options) (Report, error) {
	opt.defaults()
	var rep Report
	digests, err := Build(ctx, db, opt)
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
		m := email.Message{To: r.Email, Subject: d.Subject(), Text: d.Text(opt.BaseURL, unsub, opt.Period),
			Headers: map[string]string{"List-Unsubscribe": "<" + unsub + ">", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}}
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
		fmt.Fprintf(opt.Out, "%s <%s>: sent (%s)\n", r.Username, r.Email, p.d.Subject())
	}
	return rep, nil
}
