package wikicities

import (
	"context"
	"time"
)

// The inbox is what is waiting for a signed-in person: things to do
// (proposals to answer, claims to approve, responsibilities due) and news
// since they last looked (answers to their proposals, messages, answers to
// their partner-wanted requests, their claims decided). It is computed from
// the records themselves, so it can never disagree with them; only when the
// person last looked and when they were last emailed are stored.

// InboxKind is the kind of an inbox item.
type InboxKind string

// Inbox item kinds.
const (
	InboxProposal        InboxKind = "proposal"         // a proposal to a party you coordinate waits for your answer
	InboxAnswer          InboxKind = "answer"           // your proposal was accepted, declined (or a partnership renewed, ended)
	InboxMessage         InboxKind = "message"          // a message in a partnership's thread
	InboxResponsibility  InboxKind = "responsibility"   // a responsibility of your party is due soon or overdue
	InboxRequestAnswered InboxKind = "request_answered" // a party answered your partner-wanted request
	InboxClaim           InboxKind = "claim"            // someone asks to coordinate a group you coordinate
	InboxClaimDecided    InboxKind = "claim_decided"    // your claim was approved or declined
	InboxPromoted        InboxKind = "promoted"         // you moved up from an event's waitlist to a place
	InboxVisit           InboxKind = "visit"            // a group asks a group you coordinate to host a visit
	InboxVisitAnswer     InboxKind = "visit_answer"     // the host accepted or declined your group's visit
	InboxMentorRequest   InboxKind = "mentor_request"   // someone asks you (or your group) for mentoring
	InboxMentorAccepted  InboxKind = "mentor_accepted"  // your (group's) mentor accepted
	InboxCheckInDue      InboxKind = "checkin_due"      // an active mentorship of yours is due for a check-in
	InboxEventSoon       InboxKind = "event_soon"       // an event you hold a place at starts within EventReminder
)

// EventReminder is how long before an event (each date of a repeating one)
// the people holding a place find a reminder in their inbox, which the
// inbox emails bring them.
const EventReminder = 48 * time.Hour

// InboxItem is one thing waiting for a person.
type InboxItem struct {
	Kind InboxKind `json:"kind"`
	At   time.Time `json:"at"`
	// New is true for news since the person last looked; to-dos are always
	// counted, new or not.
	New bool `json:"new"`
	// ToDo is true for an item that waits for the person's action.
	ToDo bool `json:"todo"`
	// Key is unique and stable per item ("proposal-12", "message-40").
	Key string `json:"key"`
	// What it is about: a partnership (with its parties, Ours being the
	// person's side), a claim, a partner-wanted request.
	PartnershipID int64  `json:"partnership_id,omitempty"`
	Ours          Party  `json:"ours,omitzero"`
	Other         Party  `json:"other,omitzero"`
	ClaimID       int64  `json:"claim_id,omitempty"`
	RequestID     int64  `json:"request_id,omitempty"`
	EventID       int64  `json:"event_id,omitempty"`
	VisitID       int64  `json:"visit_id,omitempty"`
	MentorshipID  int64  `json:"mentorship_id,omitempty"`
	Title         string `json:"title,omitempty"` // a request's title, a responsibility's description
	// TitleLabels are Title in other languages (a capacity's labels).
	TitleLabels map[string]string `json:"title_labels,omitempty"`
	// Who did it (a username), what happened (an Action, a ClaimState) and
	// its text (a message, a note).
	Actor  string    `json:"actor,omitempty"`
	Action string    `json:"action,omitempty"`
	Text   string    `json:"text,omitempty"`
	Due    time.Time `json:"due,omitzero"`
	// Overdue is true for a responsibility past its due day.
	Overdue bool `json:"overdue,omitempty"`
}

// Inbox is what waits for one person, newest first.
type Inbox struct {
	Items []InboxItem `json:"items"`
	// Count is what the header shows: the to-dos plus the news.
	Count  int       `json:"count"`
	SeenAt time.Time `json:"seen_at,omitzero"`
}

// EmailFrequency is how often a person is emailed about their inbox.
type EmailFrequency string

// Email frequencies.
const (
	EmailImmediately EmailFrequency = "immediately"
	EmailDaily       EmailFrequency = "daily"
	EmailWeekly      EmailFrequency = "weekly"
	EmailNever       EmailFrequency = "never"
)

// EmailFrequencies lists the choices, in display order.
var EmailFrequencies = []EmailFrequency{EmailImmediately, EmailDaily, EmailWeekly, EmailNever}

// Period returns the least time between two emails at frequency f, and
// false for never. Immediately means at the next run of the mailer.
func (f EmailFrequency) Period() (time.Duration, bool) {
	switch f {
	case EmailImmediately:
		return 0, true
	case EmailDaily:
		return 24 * time.Hour, true
	case EmailWeekly:
		return 7 * 24 * time.Hour, true
	}
	return 0, false
}

// InboxService computes inboxes and keeps what a person saw.
type InboxService interface {
	// Inbox returns what waits for user at now; responsibilities are listed
	// from dueWithin ahead. Returns ErrNotFound for an unknown user.
	Inbox(ctx context.Context, userID int64, dueWithin time.Duration) (*Inbox, error)
	// MarkInboxSeen records that user looked at their inbox now.
	MarkInboxSeen(ctx context.Context, userID int64) error
	// EmailFrequency returns user's choice (EmailImmediately by default).
	EmailFrequency(ctx context.Context, userID int64) (EmailFrequency, error)
	// SetEmailFrequency records user's choice. Returns ErrInvalid.
	SetEmailFrequency(ctx context.Context, userID int64, f EmailFrequency) error
	// InboxRecipients lists the enabled accounts with an email address that
	// did not choose never, by user id.
	InboxRecipients(ctx context.Context) ([]*InboxRecipient, error)
	// ClaimInboxEmail records that user is emailed at now if their last
	// email is still last, and reports false when another mailer got there
	// first.
	ClaimInboxEmail(ctx context.Context, userID int64, last, now time.Time) (bool, error)
	// ReleaseInboxEmail puts user's last email back to last after a failed
	// send claimed at claimed.
	ReleaseInboxEmail(ctx context.Context, userID int64, last, claimed time.Time) error
}

// InboxRecipient is an account emailed about its inbox.
type InboxRecipient struct {
	UserID    int64
	Username  string
	Email     string
	Language  string
	Frequency EmailFrequency
	EmailedAt time.Time // the last email, zero if none
}
