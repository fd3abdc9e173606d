package http

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/health"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// partnershipPage is the Data of a partnership's page.
type partnershipPage struct {
	P                *wikicities.Partnership
	A, B             partyLink
	StateLabel       string
	TypeLabel        string
	LevelLabel       string
	History          []historyItem
	Goals            []string
	Languages        []string
	ReviewDate       string
	Responsibilities []responsibilityItem
	Activities       []activityItem
	Health           health.Report
	HealthStatus     string // the verdict in words: doing well, getting started, ...
	HealthReasons    []string
	HealthSummary    string
	Components       []componentItem
	CanAnswer        bool   // a coordinator of B, on a proposal
	CanWithdraw      bool   // a coordinator of A, on a proposal
	CanLog           bool   // a coordinator of either party, while it lives
	CanRenew         bool   // a coordinator of either party, when dormant
	CanEdit          bool   // a coordinator of either party, while it lives: agreement and responsibilities
	SignIn           string // a visitor not signed in, while it lives: the sign-in page, returning here
	Owners           []option
	AddForm          *Form // the form adding a responsibility
	Notice           string
	Problem          string
	AnswerForm       *Form
	Extra            partnershipExtras // thread, who was told: pages_inbox.go
	Resources        resourcesSection  // the library resources attached
}

// CanEnd reports whether the visitor may end the partnership: whoever may
// log its activities.
func (d partnershipPage) CanEnd() bool { return d.CanLog }

// HasNext reports whether the "Next step" section has a step for the
// visitor: a heading with nothing under it is not shown.
func (d partnershipPage) HasNext() bool {
	return d.CanAnswer || d.CanWithdraw || d.CanRenew || d.CanLog || d.CanEdit || d.Extra.CanWrite || d.SignIn != ""
}

type historyItem struct{ At, Text, By, Note string }

type responsibilityItem struct {
	ID, Version             int64
	Owner, Description, Due string
	Done, Overdue           bool
}

type activityItem struct {
	Title, KindLabel, Date, Place, Notes string
	Participants                         int
	Outcomes                             []string
	Links                                []string
	Future                               bool
}

type componentItem struct {
	Label       string
	Points, Max int
}

func (s *Server) handlePartnershipPage(w http.ResponseWriter, r *http.Request) {
	s.renderPartnership(w, r, http.StatusOK, "")
}

// renderPartnership writes the partnership page with an optional problem
// (a refused answer) at its top.
func (s *Server) renderPartnership(w http.ResponseWriter, r *http.Request, status int, problem string) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, errNoPage)
		return
	}
	ctx := r.Context()
	ps := s.Partnerships
	x, err := ps.Partnership(ctx, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	hist, err := ps.History(ctx, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	reader := wikicities.ActorFrom(ctx)
	hist = wikicities.HistoryForReader(reader, x, hist)
	x = x.ForReader(reader)
	acts, err := ps.Activities(ctx, wikicities.ActivityFilter{PartnershipID: id, Limit: -1})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("partnership-title", x.A.Name, x.B.Name)
	now := s.Clock.Now()
	a := p.Actor
	d := partnershipPage{P: x, A: partyLink{x.A.Kind, x.A.ID, x.A.Name}, B: partyLink{x.B.Kind, x.B.ID, x.B.Name},
		StateLabel: labels.State(pr, x.State), TypeLabel: labels.Type(pr, x.Type), LevelLabel: labels.Level(pr, x.Level),
		Goals: x.Agreement.Goals, Problem: problem,
		AnswerForm: newForm(url.Values{"note": {p.Kept(fmt.Sprintf("/partnerships/%d/answer", x.ID), "note", string(wikicities.ActionAccept))}})}
	if a.CanWrite() {
		d.CanAnswer = x.State == wikicities.StateProposed && slices.Contains(a.Coordinates, x.B.Ref())
		d.CanWithdraw = x.State == wikicities.StateProposed && a.CoordinatorOf(x.A.Ref())
		d.CanLog = (x.State == wikicities.StateAccepted || x.State == wikicities.StateActive || x.State == wikicities.StateDormant) &&
			(a.CoordinatorOf(x.A.Ref()) || a.CoordinatorOf(x.B.Ref()))
		d.CanRenew = d.CanLog && x.State == wikicities.StateDormant
	} else if x.State.Live() {
		d.SignIn = p.SignInURL
	}
	if d.CanEdit = canEditAgreement(a, x); d.CanEdit {
		d.Owners = responsibilityOwners(x)
		d.AddForm = newForm(url.Values{"owner": {string(wikicities.SideA)}})
	}
	d.Notice = doneNotice(r, pr, partnershipNotices)
	for _, l := range x.Agreement.Languages {
		d.Languages = append(d.Languages, labels.Language(pr, l))
	}
	if !x.Agreement.ReviewDate.IsZero() {
		d.ReviewDate = pr.Date(x.Agreement.ReviewDate)
	}
	for _, h := range hist {
		d.History = append(d.History, historyItem{At: pr.Date(h.At.UTC()), Text: labels.History(pr, h), By: h.ActorName, Note: historyNote(h)})
	}
	for _, rs := range x.Responsibilities {
		d.Responsibilities = append(d.Responsibilities, responsibilityView(pr, x, rs, now))
	}
	sorted := slices.Clone(acts)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Start.After(sorted[j].Start) })
	for _, ac := range sorted {
		d.Activities = append(d.Activities, activityView(pr, ac, now))
	}
	d.Health = health.Assess(x, acts, now)
	for _, rs := range d.Health.Reasons {
		d.HealthReasons = append(d.HealthReasons, labels.HealthReason(pr, rs))
	}
	d.HealthSummary = labels.HealthSummary(pr, d.Health)
	d.HealthStatus = labels.HealthStatus(pr, d.Health.Status)
	for _, c := range d.Health.Components {
		d.Components = append(d.Components, componentItem{Label: labels.HealthComponent(pr, c.Name), Points: c.Points, Max: c.Max})
	}
	var err2 error
	if d.Extra, err2 = s.partnershipExtras(r, p, x); err2 != nil {
		s.renderError(w, r, err2)
		return
	}
	canAttach := a.CanWrite() && (a.CoordinatorOf(x.A.Ref()) || a.CoordinatorOf(x.B.Ref()))
	if d.Resources, err2 = s.partnershipResources(r, pr, x, canAttach); err2 != nil {
		s.renderError(w, r, err2)
		return
	}
	p.Data = d
	s.render(w, r, status, "partnership", p)
}

// historyNote is the note of a history entry as the page shows it. The
// activation's note names the first activity; older ones began with
// "first activity: ", English the entry's own text already says in the
// reader's language.
func historyNote(h *wikicities.HistoryEntry) string {
	if h.Action == wikicities.ActionActivate {
		return strings.TrimPrefix(h.Note, "first activity: ")
	}
	return h.Note
}

func activityView(pr *i18n.Printer, ac *wikicities.Activity, now time.Time) activityItem {
	it := activityItem{Title: ac.Title, KindLabel: labels.ActivityKind(pr, ac.Kind), Date: pr.Date(ac.Start.UTC()),
		Place: labels.ActivityPlace(pr, ac.Place), Notes: ac.Notes, Participants: ac.Participants, Links: ac.Outcomes.Links, Future: ac.Start.After(now)}
	o := ac.Outcomes
	if o.ArticlesCreated > 0 {
		it.Outcomes = append(it.Outcomes, pr.Msg("outcome-articles-created", o.ArticlesCreated))
	}
	if o.ArticlesImproved > 0 {
		it.Outcomes = append(it.Outcomes, pr.Msg("outcome-articles-improved", o.ArticlesImproved))
	}
	if o.MediaUploaded > 0 {
		it.Outcomes = append(it.Outcomes, pr.Msg("outcome-media-uploaded", o.MediaUploaded))
	}
	if o.WikidataItems > 0 {
		it.Outcomes = append(it.Outcomes, pr.Msg("outcome-wikidata-items", o.WikidataItems))
	}
	return it
}

// partnershipNotices are the notices the partnership page shows after an
// answer, a logged activity or a saved form, by the value of ?done=.
var partnershipNotices = map[string]string{
	"accept":                  "partnership-accepted-notice",
	"decline":                 "partnership-declined-notice",
	"withdraw":                "partnership-withdrawn-notice",
	"renew":                   "partnership-renewed-notice",
	"end":                     "partnership-ended-notice",
	"activity":                "activity-logged-notice",
	"agreement":               "agreement-saved-notice",
	"responsibility-added":    "responsibility-added-notice",
	"responsibility-saved":    "responsibility-saved-notice",
	"responsibility-done":     "responsibility-done-notice",
	"responsibility-reopened": "responsibility-reopened-notice",
	"responsibility-removed":  "responsibility-removed-notice",
	attachDone:                "resource-attached-notice",
	detachDone:                "resource-detached-notice",
}

// answerActions are the answers to a proposal the page's buttons send.
var answerActions = map[string]wikicities.Action{
	"accept": wikicities.ActionAccept, "decline": wikicities.ActionDecline, "withdraw": wikicities.ActionWithdraw,
	"renew": wikicities.ActionRenew, "end": wikicities.ActionEnd,
}

func (s *Server) handlePartnershipAnswer(w http.ResponseWriter, r *http.Request) {
	id, ok := s.postedAction(w, r)
	if !ok {
		return
	}
	action, ok := answerActions[r.PostForm.Get("action")]
	if !ok {
		s.renderError(w, r, invalid("action", wikicities.ProblemNotAllowed, r.PostForm.Get("action"), "%q is not accept, decline, withdraw, renew or end", r.PostForm.Get("action")))
		return
	}
	version := formVersion(newForm(r.PostForm))
	pr := s.Printer(r)
	if s.reasonMissing(r, id, action, version) {
		s.renderPartnership(w, r, http.StatusUnprocessableEntity, pr.Msg("partnership-reason-required"))
		return
	}
	_, err := s.Partnerships.Transition(r.Context(), id, action, version, strings.TrimSpace(r.PostForm.Get("note")))
	s.afterAction(w, r, err, actionOutcome{done: fmt.Sprintf("/partnerships/%d?done=%s", id, r.PostForm.Get("action")),
		again: s.renderPartnership, stale: pr.Msg("partnership-stale"), conflict: pr.Msg("partnership-transition-refused")})
}
