package wikicities

// What is public. The movement works in the open: who partners with whom,
// in which state, the agreement, the activities and their outcomes, the
// health score, partner requests and when a partnership changed state are
// public to everyone, anonymous visitors included. Private deliberation is
// not: a proposal's message, the notes written with a transition and which
// account made it, and the answers to a partner request are for the
// coordinators of the parties concerned (and the site's admins); so are a
// community's contact details.

// PartnershipInsider reports whether a may read p's private parts: an admin
// or a coordinator of either party.
func PartnershipInsider(a *Actor, p *Partnership) bool {
	return a.IsAdmin() || a.CoordinatorOf(p.A.Ref()) || a.CoordinatorOf(p.B.Ref())
}

// ForReader returns p as a may read it: a copy without the proposal's
// message unless a is an insider.
func (p *Partnership) ForReader(a *Actor) *Partnership {
	if PartnershipInsider(a, p) || p.Message == "" {
		return p
	}
	c := *p
	c.Message = ""
	return &c
}

// HistoryForReader returns p's history as a may read it: for others than
// insiders, when and from which state to which, without the account and
// the note.
func HistoryForReader(a *Actor, p *Partnership, h []*HistoryEntry) []*HistoryEntry {
	if PartnershipInsider(a, p) {
		return h
	}
	out := make([]*HistoryEntry, len(h))
	for i, e := range h {
		c := *e
		c.ActorID, c.ActorName, c.Note = 0, "", ""
		out[i] = &c
	}
	return out
}

// ContactReader reports whether a may read community c's contact details:
// a signed-in coordinator of c (or an admin), as the community page shows
// them. Everyone else reaches a group through a proposal and its thread.
func ContactReader(a *Actor, c *Community) bool {
	return a.SignedIn() && a.CoordinatorOf(c.Ref())
}

// ForReader returns c as a may read it: a copy without the contact details
// unless a is a ContactReader.
func (c *Community) ForReader(a *Actor) *Community {
	if c.Contact == "" || ContactReader(a, c) {
		return c
	}
	x := *c
	x.Contact = ""
	return &x
}

// AnswersForReader returns the answers to request r that a may read: those
// of parties a coordinates, or all when a coordinates r's party or is an
// admin.
func AnswersForReader(a *Actor, r *PartnerRequest, answers []*RequestAnswer) []*RequestAnswer {
	if a.IsAdmin() || a.CoordinatorOf(r.Party) {
		return answers
	}
	out := []*RequestAnswer{}
	for _, x := range answers {
		if a.CoordinatorOf(x.Party) {
			out = append(out, x)
		}
	}
	return out
}
