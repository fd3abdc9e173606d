package labels

import (
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
)

// InboxItem says one inbox item as a sentence in the reader's language, for
// the inbox page and the emails. Names are returned as users wrote them:
// escaping is the page's job.
func InboxItem(p *i18n.Printer, it wikicities.InboxItem) string {
	day := func(t time.Time) string { return t.UTC().Format(time.DateOnly) }
	switch it.Kind {
	case wikicities.InboxProposal:
		return p.Msg("inbox-proposal", it.Other.Name, it.Ours.Name)
	case wikicities.InboxAnswer:
		switch wikicities.Action(it.Action) {
		case wikicities.ActionAccept, wikicities.ActionDecline, wikicities.ActionWithdraw, wikicities.ActionRenew, wikicities.ActionEnd:
			return p.Msg("inbox-answer-"+it.Action, it.Ours.Name, it.Other.Name, it.Actor)
		}
		return p.Msg("inbox-answer-lapse", it.Ours.Name, it.Other.Name)
	case wikicities.InboxMessage:
		return p.Msg("inbox-message", it.Actor, it.Ours.Name, it.Other.Name)
	case wikicities.InboxResponsibility:
		if it.Overdue {
			return p.Msg("inbox-responsibility-overdue", day(it.Due), it.Title, it.Ours.Name, it.Other.Name)
		}
		return p.Msg("inbox-responsibility-due", day(it.Due), it.Title, it.Ours.Name, it.Other.Name)
	case wikicities.InboxRequestAnswered:
		return p.Msg("inbox-request-answered", it.Other.Name, it.Title)
	case wikicities.InboxClaim:
		return p.Msg("inbox-claim", it.Actor, it.Ours.Name)
	case wikicities.InboxClaimDecided:
		if it.Action == string(wikicities.ClaimApproved) {
			return p.Msg("inbox-claim-approved", it.Ours.Name)
		}
		return p.Msg("inbox-claim-declined", it.Ours.Name)
	}
	return string(it.Kind)
}

// InboxLink returns the site path an inbox item opens.
func InboxLink(it wikicities.InboxItem) string {
	switch it.Kind {
	case wikicities.InboxClaim, wikicities.InboxClaimDecided:
		return "/claims/" + itoa(it.ClaimID)
	case wikicities.InboxRequestAnswered:
		if it.PartnershipID != 0 {
			return "/partnerships/" + itoa(it.PartnershipID)
		}
		if it.Ours.Kind == wikicities.PartyInstitution {
			return "/institutions/" + itoa(it.Ours.ID)
		}
		return "/communities/" + itoa(it.Ours.ID)
	case wikicities.InboxMessage:
		return "/partnerships/" + itoa(it.PartnershipID) + "#wc-messages"
	}
	return "/partnerships/" + itoa(it.PartnershipID)
}

func itoa(n int64) string {
	const digits = "0123456789"
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = digits[n%10]
		n /= 10
	}
	return string(b[i:])
}
