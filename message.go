package wikicities

import (
	"context"
	"strings"
	"time"
)

// Message is one message in the thread of a proposal or a partnership,
// between the coordinators of its two parties. Only they read and write the
// thread (by explicit grant: a site admin does not read other people's
// mail). Emails about a message carry its text and a link to answer on the
// site, from the site's own address: nobody's address is ever shown.
type Message struct {
	ID            int64     `json:"id"`
	PartnershipID int64     `json:"partnership_id"`
	AuthorID      int64     `json:"author_id"`
	AuthorName    string    `json:"author_name"`
	Side          Side      `json:"side"` // the party the author wrote for
	Body          string    `json:"body"`
	CreatedAt     time.Time `json:"created_at"`
}

// MaxMessageBytes is the longest message body.
const MaxMessageBytes = 5000

// Validate checks a new message's body.
func (m *Message) Validate() error {
	var v ValidationErrors
	switch {
	case strings.TrimSpace(m.Body) == "":
		v.Add("body", "is empty").Because(ProblemRequired)
	case len(m.Body) > MaxMessageBytes:
		v.Add("body", "is longer than %d bytes", MaxMessageBytes).Because(ProblemTooLong, MaxMessageBytes)
	}
	return v.Err()
}

// ThreadSide returns the side a may write for in p's thread: the party a
// coordinates by explicit grant (A first), or "" when a is no coordinator
// of either party.
func ThreadSide(a *Actor, p *Partnership) Side {
	switch {
	case hasGrant(a, p.A.Ref()):
		return SideA
	case hasGrant(a, p.B.Ref()):
		return SideB
	}
	return ""
}

// MessageService stores the threads of partnerships.
type MessageService interface {
	// PostMessage adds m to the thread of m.PartnershipID, on behalf of the
	// party the actor coordinates, and sets its ID, author and time.
	// Returns ErrInvalid, ErrNotFound, ErrUnauthorized, ErrForbidden (not a
	// coordinator of either party), ErrConflict (the partnership is closed:
	// declined, withdrawn or ended).
	PostMessage(ctx context.Context, m *Message) error
	// Messages lists the thread of partnership id, oldest first, to the
	// coordinators of its parties. Returns ErrNotFound, ErrUnauthorized,
	// ErrForbidden.
	Messages(ctx context.Context, partnershipID int64) ([]*Message, error)
}
