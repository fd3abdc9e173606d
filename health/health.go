// Package health scores how well a partnership is doing, from 0 to 100, and
// says why in words. It is a pure function of the partnership, its
// activities and the current time: no I/O, easy to test, cheap to run over
// every partnership. The partnership page, the command line, the digest and
// the list of partnerships at risk all read this one assessment, and its
// recency counts silence exactly as the dormancy job does
// (wikicities.Partnership.QuietSince).
//
// The score is the sum of four components:
//
//	recency        35  full up to 30 days of silence (since the last
//	                   activity, the acceptance or the renewal, whichever is
//	                   latest), then falling linearly to 0 at 180 days; at
//	                   most half while there was no activity since the start
//	frequency      25  activities in the last 365 days against one a
//	                   quarter (pro rata for a younger partnership, never
//	                   fewer than two: one event does not earn full marks)
//	responsibilities 25 share of the responsibilities due so far that were
//	                   done on time (full when some are agreed and none is
//	                   due yet; none when no responsibility is agreed)
//	both sides     15  full when each party organised at least one activity
//	                   in the last 365 days, 6 when only one did
//
// A proposal and a closed partnership are not scored (Scored is false). A
// partnership in its first GracePeriod after acceptance or renewal is
// "getting started" rather than at risk. Reasons come as a code, parameters
// and an English text, so that pages can translate them by code
// ("no_activity" with n=7, unit=months → "no activity for 7 months").
package health

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
)

// Component weights; they add up to 100.
const (
	RecencyWeight          = 35
	FrequencyWeight        = 25
	ResponsibilitiesWeight = 25
	BothSidesWeight        = 15
)

// Tuning of the components and of the verdict.
const (
	FreshFor      = 30 * 24 * time.Hour  // recency is full up to this
	StaleAfter    = 180 * 24 * time.Hour // recency is 0 from this
	Window        = 365 * 24 * time.Hour // frequency and both-sides window
	PerYear       = 4                    // activities a year for full frequency
	MinExpected   = 2                    // activities needed for full frequency, however young
	OneSidedScore = 6                    // both-sides points when only one party organises
	// GracePeriod after an acceptance or a renewal during which a
	// partnership is getting started and never listed at risk.
	GracePeriod = 60 * 24 * time.Hour
	// AtRiskBelow is the score under which an accepted or active
	// partnership past its grace period is listed as at risk.
	AtRiskBelow = 50
	// DoingWellFrom is the score from which a partnership is doing well.
	DoingWellFrom = 70
)

// Status is the verdict of an assessment, for a label next to the score.
type Status string

// Statuses.
const (
	StatusNotScored      Status = "not_scored"      // a proposal: nothing to score yet
	StatusClosed         Status = "closed"          // declined, withdrawn or ended
	StatusGettingStarted Status = "getting_started" // within GracePeriod, under DoingWellFrom
	StatusDoingWell      Status = "doing_well"      // DoingWellFrom or more
	StatusFair           Status = "fair"            // between AtRiskBelow and DoingWellFrom
	StatusAtRisk         Status = "at_risk"         // under AtRiskBelow, past the grace period
	StatusDormant        Status = "dormant"         // lapsed; scored, never listed at risk
)

// Reason codes. Durations are given as n and unit (days, weeks, months,
// years: a wikicities.Span).
const (
	ReasonNoActivityYet    = "no_activity_yet"     // params: n, unit (since the acceptance or renewal)
	ReasonNoActivity       = "no_activity"         // params: n, unit
	ReasonFewActivities    = "few_activities"      // params: count, expected
	ReasonNoResponsibility = "no_responsibilities" // none agreed yet
	ReasonOverdue          = "overdue"             // params: overdue, total
	ReasonLate             = "done_late"           // params: late, total
	ReasonOneSided         = "one_sided"           // params: side ("a" or "b"), party (its name)
	ReasonNoOrganizers     = "no_organizers"       // no activity named organisers of either side
	ReasonReviewDue        = "review_due"          // params: n, unit (since the review date)
	ReasonNotYetPartners   = "not_yet_partners"    // proposed: nothing to score yet
	ReasonClosed           = "closed"              // params: state (declined, withdrawn, ended)
	ReasonDormant          = "dormant"             // params: since (date)
)

// Reason is one explanation of the score.
type Reason struct {
	Code   string         `json:"code"`
	Params map[string]any `json:"params,omitempty"`
	Text   string         `json:"text"` // English
}

// Component is one part of the score.
type Component struct {
	Name   string `json:"name"` // recency, frequency, responsibilities, both_sides
	Points int    `json:"points"`
	Max    int    `json:"max"`
}

// Report is the health of one partnership.
type Report struct {
	PartnershipID int64 `json:"partnership_id"`
	// Scored is false for proposals and closed partnerships: Score means
	// nothing then and is not shown.
	Scored     bool        `json:"scored"`
	Score      int         `json:"score"` // 0-100
	Status     Status      `json:"status"`
	Components []Component `json:"components"`
	Reasons    []Reason    `json:"reasons"`
	// Summary joins the reasons' texts ("no activity for 7 months; 2 of 5
	// responsibilities overdue"), or says all is well.
	Summary string `json:"summary"`
	// AtRisk is true when Status is StatusAtRisk.
	AtRisk bool `json:"at_risk"`
	// Facts behind the score.
	DaysSinceActivity int `json:"days_since_activity"` // -1 when there was none
	// Quiet is the silence the recency and the dormancy job count, from
	// QuietSince (zero when not scored).
	Quiet            wikicities.Span `json:"quiet"`
	ActivitiesInYear int             `json:"activities_in_year"`
	Overdue          int             `json:"overdue"`
	DueSoFar         int             `json:"due_so_far"`
	Responsibilities int             `json:"responsibilities"`
}

func span(d time.Duration) (wikicities.Span, map[string]any) {
	s := wikicities.SpanOf(d)
	return s, map[string]any{"n": s.N, "unit": string(s.Unit)}
}

// Assess scores p at now from its activities (any order; those that start
// after now are plans and do not count).
func Assess(p *wikicities.Partnership, acts []*wikicities.Activity, now time.Time) Report {
	r := Report{PartnershipID: p.ID, DaysSinceActivity: -1, Responsibilities: len(p.Responsibilities)}
	switch p.State {
	case wikicities.StateProposed:
		r.Status = StatusNotScored
		r.reason(ReasonNotYetPartners, nil, "a proposal waiting for an answer: nothing to score yet")
		r.finish()
		return r
	case wikicities.StateDeclined, wikicities.StateWithdrawn, wikicities.StateEnded:
		r.Status = StatusClosed
		r.reason(ReasonClosed, map[string]any{"state": string(p.State)}, fmt.Sprintf("the partnership is %s", p.State))
		r.finish()
		return r
	}
	r.Scored = true

	// Activities that took place, the last one, and who organised them.
	q := *p
	sideA, sideB, named := false, false, false
	for _, a := range acts {
		if a.Start.After(now) {
			continue
		}
		if a.Start.After(q.LastActivity) {
			q.LastActivity = a.Start
		}
		if now.Sub(a.Start) <= Window {
			r.ActivitiesInYear++
			sideA = sideA || len(a.OrganizersA) > 0
			sideB = sideB || len(a.OrganizersB) > 0
			named = named || len(a.OrganizersA) > 0 || len(a.OrganizersB) > 0
		}
	}
	r.recency(&q, now)
	r.frequency(p, now, !q.LastActivity.IsZero())
	r.responsibilities(p, now)
	r.bothSides(p, sideA, sideB, named)

	if rd := p.Agreement.ReviewDate; !rd.IsZero() && now.After(rd) {
		s, params := span(now.Sub(rd))
		r.reason(ReasonReviewDue, params, fmt.Sprintf("the agreement's review date passed %s ago", s))
	}
	if p.State == wikicities.StateDormant {
		r.reason(ReasonDormant, map[string]any{"since": p.StateChangedAt.Format(time.DateOnly)},
			"dormant since "+p.StateChangedAt.Format(time.DateOnly))
	}
	for _, c := range r.Components {
		r.Score += c.Points
	}
	r.Status = verdict(&q, r.Score, now)
	r.AtRisk = r.Status == StatusAtRisk
	r.finish()
	return r
}

// verdict labels a scored partnership.
func verdict(p *wikicities.Partnership, score int, now time.Time) Status {
	start := p.Started()
	switch {
	case p.State == wikicities.StateDormant:
		return StatusDormant
	case score >= DoingWellFrom:
		return StatusDoingWell
	case now.Sub(start) < GracePeriod:
		return StatusGettingStarted
	case score < AtRiskBelow:
		return StatusAtRisk
	}
	return StatusFair
}

// recency scores the silence since p.QuietSince, where p.LastActivity
// already includes the activities assessed.
func (r *Report) recency(p *wikicities.Partnership, now time.Time) {
	last := p.LastActivity
	since := p.QuietSince()
	idle := now.Sub(since)
	rec := RecencyWeight
	if idle > FreshFor {
		rec = int(math.Round(RecencyWeight * (1 - float64(idle-FreshFor)/float64(StaleAfter-FreshFor))))
	}
	rec = clamp(rec, 0, RecencyWeight)
	if last.IsZero() {
		// Never any activity: half marks at best, whatever the age.
		rec = min(rec, RecencyWeight/2)
	}
	if !last.IsZero() {
		r.DaysSinceActivity = int(now.Sub(last) / (24 * time.Hour))
	}
	r.Components = append(r.Components, Component{"recency", rec, RecencyWeight})
	s, params := span(idle)
	r.Quiet = s
	switch {
	case last.IsZero() || (idle > FreshFor && last.Before(since)):
		r.reason(ReasonNoActivityYet, params, fmt.Sprintf("no activity yet, %s after the agreement", s))
	case idle > FreshFor:
		r.reason(ReasonNoActivity, params, fmt.Sprintf("no activity for %s", s))
	}
}

// frequency scores the activities of the last year against one a quarter,
// pro rata for a younger partnership, and never fewer than MinExpected.
func (r *Report) frequency(p *wikicities.Partnership, now time.Time, hadActivity bool) {
	age := now.Sub(p.CreatedAt)
	expected := PerYear
	if age < Window {
		expected = max(MinExpected, int(math.Ceil(PerYear*float64(age)/float64(Window))))
	}
	freq := FrequencyWeight * min(r.ActivitiesInYear, expected) / expected
	r.Components = append(r.Components, Component{"frequency", freq, FrequencyWeight})
	if r.ActivitiesInYear < expected && hadActivity {
		r.reason(ReasonFewActivities, map[string]any{"count": r.ActivitiesInYear, "expected": expected},
			fmt.Sprintf("%s in the last year, %d expected", plural(r.ActivitiesInYear, "activity"), expected))
	}
}

// responsibilities scores the responsibilities due so far done on time.
func (r *Report) responsibilities(p *wikicities.Partnership, now time.Time) {
	onTime, late := 0, 0
	for _, x := range p.Responsibilities {
		if x.Due.IsZero() || !now.After(x.Due) {
			continue // not due yet
		}
		switch {
		case x.Overdue(now):
			r.Overdue++
			r.DueSoFar++
		case x.OnTime():
			onTime++
			r.DueSoFar++
		case x.Done:
			late++
			r.DueSoFar++
		}
	}
	resp := ResponsibilitiesWeight
	switch {
	case len(p.Responsibilities) == 0:
		resp = 0
		r.reason(ReasonNoResponsibility, nil, "no responsibilities agreed yet")
	case r.DueSoFar > 0:
		resp = ResponsibilitiesWeight * onTime / r.DueSoFar
	}
	r.Components = append(r.Components, Component{"responsibilities", resp, ResponsibilitiesWeight})
	if r.Overdue > 0 {
		r.reason(ReasonOverdue, map[string]any{"overdue": r.Overdue, "total": len(p.Responsibilities)},
			fmt.Sprintf("%d of %d responsibilities overdue", r.Overdue, len(p.Responsibilities)))
	}
	if late > 0 {
		r.reason(ReasonLate, map[string]any{"late": late, "total": len(p.Responsibilities)},
			fmt.Sprintf("%d of %d responsibilities done late", late, len(p.Responsibilities)))
	}
}

// bothSides scores whether each party organised activities in the last year.
func (r *Report) bothSides(p *wikicities.Partnership, sideA, sideB, named bool) {
	both := 0
	switch {
	case sideA && sideB:
		both = BothSidesWeight
	case sideA || sideB:
		both = OneSidedScore
		only := wikicities.SideA
		if sideB {
			only = wikicities.SideB
		}
		party := p.PartyOn(only)
		r.reason(ReasonOneSided, map[string]any{"side": string(only), "party": party.Name},
			fmt.Sprintf("only %s organised activities in the last year", party.Name))
	case r.ActivitiesInYear > 0 && !named:
		r.reason(ReasonNoOrganizers, nil, "no activity in the last year names its organisers")
	}
	r.Components = append(r.Components, Component{"both_sides", both, BothSidesWeight})
}

func (r *Report) reason(code string, params map[string]any, text string) {
	r.Reasons = append(r.Reasons, Reason{Code: code, Params: params, Text: text})
}

func (r *Report) finish() {
	if r.Components == nil {
		r.Components = []Component{}
	}
	if r.Reasons == nil {
		r.Reasons = []Reason{}
	}
	texts := make([]string, len(r.Reasons))
	for i, x := range r.Reasons {
		texts[i] = x.Text
	}
	r.Summary = strings.Join(texts, "; ")
	if r.Summary == "" {
		r.Summary = "doing well"
	}
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	// "activity", "activities"; but "day", "days": a vowel before the y keeps it.
	if stem, ok := strings.CutSuffix(unit, "y"); ok && stem != "" && !strings.ContainsAny(stem[len(stem)-1:], "aeiou") {
		return fmt.Sprintf("%d %sies", n, stem)
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// AssessAll scores every partnership in ps with its activities taken from
// acts (any order, any partnerships), and returns the reports in the order
// of ps.
func AssessAll(ps []*wikicities.Partnership, acts []*wikicities.Activity, now time.Time) []Report {
	by := map[int64][]*wikicities.Activity{}
	for _, a := range acts {
		by[a.PartnershipID] = append(by[a.PartnershipID], a)
	}
	out := make([]Report, len(ps))
	for i, p := range ps {
		out[i] = Assess(p, by[p.ID], now)
	}
	return out
}
