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
	day := func(t time.Time) string { return p.Date(t.UTC()) }
	switch it.Kind {
	case wikicities.InboxProposal:
		return p.Msg("inbox-proposal", it.Other.Name, it.Ours.Name)
	case wikicities.InboxAnswer:
		switch wikicities.Action(it.Action) {
		case wikicities.ActionAccept:
			return p.Msg("inbox-answer-accept", it.Ours.Name, it.Other.Name, it.Actor)
		case wikicities.ActionDecline:
			return p.Msg("inbox-answer-decline", it.Ours.Name, it.Other.Name, it.Actor)
		case wikicities.ActionWithdraw:
			return p.Msg("inbox-answer-withdraw", it.Ours.Name, it.Other.Name, it.Actor)
		case wikicities.ActionRenew:
			return p.Msg("inbox-answer-renew", it.Ours.Name, it.Other.Name, it.Actor)
		case wikicities.ActionEnd:
			return p.Msg("inbox-answer-end", it.Ours.Name, it.Other.Name, it.Actor)
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
	case wikicities.InboxPromoted:
		return p.Msg("inbox-promoted", it.Title)
	case wikicities.InboxEventSoon:
		return p.Msg("inbox-event-soon", it.Title, p.DateTime(it.Due))
	case wikicities.InboxVisit:
		return p.Msg("inbox-visit", it.Other.Name, it.Ours.Name)
	case wikicities.InboxVisitAnswer:
		if it.Action == string(wikicities.VisitAccepted) {
			return p.Msg("inbox-visit-accepted", it.Other.Name, it.Ours.Name)
		}
		return p.Msg("inbox-visit-declined", it.Other.Name, it.Ours.Name)
	case wikicities.InboxMentorRequest, wikicities.InboxMentorAccepted, wikicities.InboxCheckInDue:
		return mentoringItem(p, it)
	}
	return string(it.Kind)
}

// mentoringItem says a mentoring item: the capacity in the reader's
// language, the other side by name, and for groups the reader's group.
func mentoringItem(p *i18n.Printer, it wikicities.InboxItem) string {
	capacity := it.Title
	if l := it.TitleLabels[p.Lang()]; l != "" {
		capacity = l
	}
	group := it.Ours.Name != ""
	switch it.Kind {
	case wikicities.InboxMentorRequest:
		if group {
			return p.Msg("inbox-mentor-request-group", it.Actor, it.Ours.Name, capacity)
		}
		return p.Msg("inbox-mentor-request", it.Actor, capacity)
	case wikicities.InboxMentorAccepted:
		if group {
			return p.Msg("inbox-mentor-accepted-group", it.Actor, it.Ours.Name, capacity)
		}
		return p.Msg("inbox-mentor-accepted", it.Actor, capacity)
	}
	if group {
		return p.Msg("inbox-checkin-due-group", capacity, it.Actor, it.Ours.Name)
	}
	return p.Msg("inbox-checkin-due", capacity, it.Actor)
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
		if it.RequestID != 0 {
			return "/requests/" + itoa(it.RequestID)
		}
		if it.Ours.Kind == wikicities.PartyInstitution {
			return "/institutions/" + itoa(it.Ours.ID)
		}
		return "/communities/" + itoa(it.Ours.ID)
	case wikicities.InboxMessage:
		return "/partnerships/" + itoa(it.PartnershipID) + "#wc-messages"
	case wikicities.InboxPromoted, wikicities.InboxEventSoon:
		return "/events/" + itoa(it.EventID)
	case wikicities.InboxMentorRequest, wikicities.InboxMentorAccepted, wikicities.InboxCheckInDue:
		return "/mentorships/" + itoa(it.MentorshipID)
	case wikicities.InboxVisit, wikicities.InboxVisitAnswer:
		return "/visits/" + itoa(it.VisitID)
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

// EmailFrequency names how often a person is emailed; it also reads in a
// sentence ("You get these emails once a day at most").
func EmailFrequency(p *i18n.Printer, f wikicities.EmailFrequency) string {
	switch f {
	case wikicities.EmailImmediately:
		return p.Msg("inbox-frequency-immediately")
	case wikicities.EmailDaily:
		return p.Msg("inbox-frequency-daily")
	case wikicities.EmailWeekly:
		return p.Msg("inbox-frequency-weekly")
	case wikicities.EmailNever:
		return p.Msg("inbox-frequency-never")
	}
	return string(f)
}

// ClaimState names the state of a claim.
func ClaimState(p *i18n.Printer, s wikicities.ClaimState) string {
	switch s {
	case wikicities.ClaimPending:
		return p.Msg("claim-state-pending")
	case wikicities.ClaimApproved:
		return p.Msg("claim-state-approved")
	case wikicities.ClaimDeclined:
		return p.Msg("claim-state-declined")
	case wikicities.ClaimWithdrawn:
		return p.Msg("claim-state-withdrawn")
	}
	return string(s)
}

// VerificationProblem says why a check on Meta-Wiki did not confirm a
// claim: page is the page read, username the Wikimedia account.
func VerificationProblem(p *i18n.Printer, problem, page, username string) string {
	switch problem {
	case wikicities.VerifyNoMetaPage:
		return p.Msg("claim-verify-no-meta-page", page, username)
	case wikicities.VerifyMetaMissing:
		return p.Msg("claim-verify-meta-missing", page, username)
	case wikicities.VerifyNotNamed:
		return p.Msg("claim-verify-not-named", page, username)
	case wikicities.VerifyNoUsername:
		return p.Msg("claim-verify-no-username", page, username)
	case wikicities.VerifyCodeMissing:
		return p.Msg("claim-verify-code-missing", page, username)
	case wikicities.VerifyCodeNotByOwn:
		return p.Msg("claim-verify-code-not-owner", page, username)
	}
	return problem
}
