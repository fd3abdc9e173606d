package http

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/labels"
)

// The inbox on the web: a count in the header of every page for a
// signed-in person, a short list on the home and account pages, and the
// whole list at /inbox with the choice of how often to be emailed. Message
// threads live on the partnership page (POST /partnerships/{id}/messages).

func (s *Server) registerInboxPages() {
	s.handle("GET /inbox", s.handleInboxPage)
	s.handle("POST /inbox/email", s.handleInboxEmail)
	s.handle("POST /partnerships/{id}/messages", s.handleMessageCreate)
}

// inboxDueWithin is how far ahead the inbox lists responsibilities.
const inboxDueWithin = 14 * 24 * time.Hour

// inboxEntry is one inbox item in words, with the page it opens.
type inboxEntry struct {
	Text, URL, Quote string
	New, ToDo        bool
	At               string
}

// inboxView is an inbox ready for a template.
type inboxView struct {
	Entries []inboxEntry
	Count   int
	More    int // items not shown
}

// readerInbox returns what waits for p's signed-in reader, read at most
// once per page: the header's count and the inbox lists share it. It
// returns nil for anonymous readers and a site without inboxes.
func (s *Server) readerInbox(r *http.Request, p *Page) (*wikicities.Inbox, error) {
	if p.inboxRead || s.Inboxes == nil || p.Actor.UserID == 0 {
		return p.inbox, nil
	}
	p.inboxRead = true
	in, err := s.Inboxes.Inbox(r.Context(), p.Actor.UserID, inboxDueWithin)
	if err != nil {
		return nil, err
	}
	p.inbox = in
	return in, nil
}

// inboxOf returns the signed-in visitor's inbox in words, at most limit
// entries (all when limit <= 0); nil for anonymous visitors or a site
// without inboxes.
func (s *Server) inboxOf(r *http.Request, p *Page, limit int) (*inboxView, error) {
	in, err := s.readerInbox(r, p)
	if in == nil || err != nil {
		return nil, err
	}
	v := &inboxView{Count: in.Count}
	for i, it := range in.Items {
		if limit > 0 && i >= limit {
			v.More = len(in.Items) - limit
			break
		}
		e := inboxEntry{Text: labels.InboxItem(p.Printer(), it), URL: labels.InboxLink(it), New: it.New, ToDo: it.ToDo,
			At: p.Printer().Date(it.At.UTC())}
		if it.Kind == wikicities.InboxMessage || it.Kind == wikicities.InboxProposal {
			e.Quote = it.Text
		}
		v.Entries = append(v.Entries, e)
	}
	return v, nil
}

// inboxPage is the Data of /inbox.
type inboxPage struct {
	Inbox       *inboxView
	Frequencies []option
	Frequency   string
	Notice      string
}

func (s *Server) handleInboxPage(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = pr.Msg("inbox-title")
	in, err := s.inboxOf(r, p, 0)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if in == nil {
		s.renderError(w, r, errNoPage)
		return
	}
	f, err := s.Inboxes.EmailFrequency(r.Context(), p.Actor.UserID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	d := inboxPage{Inbox: in, Frequency: string(f)}
	for _, x := range wikicities.EmailFrequencies {
		d.Frequencies = append(d.Frequencies, option{string(x), labels.EmailFrequency(pr, x)})
	}
	d.Notice = doneNotice(r, pr, map[string]string{"email": "inbox-email-saved"})
	p.Data = d
	s.render(w, r, http.StatusOK, "inbox", p)
	// What was shown is seen: news are no longer counted in the header.
	if err := s.Inboxes.MarkInboxSeen(r.Context(), p.Actor.UserID); err != nil {
		s.Log.Error("inbox seen", "err", err)
	}
}

func (s *Server) handleInboxEmail(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) || !s.postedForm(w, r) {
		return
	}
	a := wikicities.ActorFrom(r.Context())
	if err := a.RequireWrite(); err != nil || a.UserID == 0 {
		s.renderError(w, r, wikicities.ErrForbidden)
		return
	}
	if err := s.Inboxes.SetEmailFrequency(r.Context(), a.UserID, wikicities.EmailFrequency(r.PostForm.Get("email"))); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/inbox?done=email", http.StatusSeeOther)
}

// messageView is a message of a thread, for the partnership page.
type messageView struct {
	Author, Party, At, Body string
	Mine                    bool
}

// threadOf returns partnership x's thread in words for a coordinator of
// either party; nil, false for anyone else.
func (s *Server) threadOf(r *http.Request, x *wikicities.Partnership) ([]messageView, bool, error) {
	a := wikicities.ActorFrom(r.Context())
	if s.Messages == nil || wikicities.ThreadSide(a, x) == "" {
		return nil, false, nil
	}
	ms, err := s.Messages.Messages(r.Context(), x.ID)
	if err != nil {
		return nil, false, err
	}
	out := make([]messageView, len(ms))
	for i, m := range ms {
		out[i] = messageView{Author: m.AuthorName, Party: x.PartyOn(m.Side).Name, At: s.Printer(r).DateTime(m.CreatedAt),
			Body: m.Body, Mine: m.AuthorID == a.UserID}
	}
	return out, true, nil
}

func (s *Server) handleMessageCreate(w http.ResponseWriter, r *http.Request) {
	id, ok := s.postedAction(w, r)
	if !ok {
		return
	}
	m := &wikicities.Message{PartnershipID: id, Body: strings.TrimSpace(r.PostForm.Get("body"))}
	err := s.Messages.PostMessage(r.Context(), m)
	pr := s.Printer(r)
	s.afterAction(w, r, err, actionOutcome{
		done: fmt.Sprintf("/partnerships/%d?done=message#wc-messages", id), again: s.renderPartnership,
		invalid: inputProblem(pr, err, pr.Msg("message-empty"))})
}

// needsReason are the answers that close a door: they ask for a reason,
// which the other party reads in the history and their inbox.
var needsReason = map[wikicities.Action]bool{wikicities.ActionDecline: true, wikicities.ActionWithdraw: true, wikicities.ActionEnd: true}

// reasonMissing reports whether the posted answer action on partnership id
// at version closes a door without saying why, when it would otherwise be
// allowed (a refused or stale answer gets its own error from Transition).
func (s *Server) reasonMissing(r *http.Request, id int64, action wikicities.Action, version int64) bool {
	if !needsReason[action] || strings.TrimSpace(r.PostForm.Get("note")) != "" {
		return false
	}
	x, err := s.Partnerships.Partnership(r.Context(), id)
	if err != nil || x.Version != version {
		return false
	}
	_, err = wikicities.CheckTransition(x, action, wikicities.ActorFrom(r.Context()))
	return err == nil
}

// nobodyCoordinates reports whether nobody coordinates ref (false when the
// site cannot tell).
func (s *Server) nobodyCoordinates(r *http.Request, ref wikicities.PartyRef) bool {
	if s.Claims == nil {
		return false
	}
	counts, err := s.Claims.CoordinatorCounts(r.Context(), []wikicities.PartyRef{ref})
	return err == nil && counts[ref] == 0
}

// partnershipExtras are the parts of the partnership page about working
// together: the thread, and after a proposal, who was told.
type partnershipExtras struct {
	Thread     []messageView
	ShowThread bool   // the visitor coordinates a party
	CanWrite   bool   // ... and the partnership lives
	WriteTo    string // whom a message goes to: the other party, or both for a coordinator of both or neither
	Told       string
	Sent       bool // a message was just sent
}

func (s *Server) partnershipExtras(r *http.Request, p *Page, x *wikicities.Partnership) (partnershipExtras, error) {
	var e partnershipExtras
	var err error
	if e.Thread, e.ShowThread, err = s.threadOf(r, x); err != nil {
		return e, err
	}
	e.CanWrite = e.ShowThread && x.State.Live() && p.Actor.CanWrite()
	switch ofA, ofB := p.Actor.CoordinatorOf(x.A.Ref()), p.Actor.CoordinatorOf(x.B.Ref()); {
	case ofA && !ofB:
		e.WriteTo = x.B.Name
	case ofB && !ofA:
		e.WriteTo = x.A.Name
	default:
		e.WriteTo = x.A.Name + " / " + x.B.Name
	}
	switch r.URL.Query().Get("done") {
	case "proposed":
		n := 0
		if s.Claims != nil {
			counts, err := s.Claims.CoordinatorCounts(r.Context(), []wikicities.PartyRef{x.B.Ref()})
			if err != nil {
				return e, err
			}
			n = counts[x.B.Ref()]
		}
		if n == 0 {
			e.Told = p.Msg("propose-sent-unclaimed", x.B.Name)
		} else {
			e.Told = p.Msg("propose-sent", x.B.Name, n)
		}
	case "message":
		e.Told = p.Msg("partnership-done-message")
	}
	return e, nil
}
