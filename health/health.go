// Package health scores how well a partnership is doing, from 0 to 100, and
// says why in words. It is a pure function of the partnership, its
// activities and the current time: no I/O, easy to test, cheap to run over
// every partnership for the list of those at risk.
//
// The score is the sum of four components:
//
//	recency        35  full up to 30 days since the last activity (or the
//	                   acceptance or renewal, when later), then falling
//	                   linearly to 0 at 180 days; at most half when there
//	                   never was an activity
//	frequency      25  activities in the last 365 days against one a
//	                   quarter (pro rata for a younger partnership)
//	responsibilities 25 share of the responsibilities due so far that were
//	                   done on time (full when none is due yet)
//	both sides     15  full when each party organised at least one activity
//	                   in the last 365 days, 6 when only one did
//
// Reasons come as a code, parameters and an English text, so that pages can
// translate them by code ("no_activity" with months=7 → "no activity for 7
// months").
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

// Tuning of the components.
const (
	FreshFor      = 30 * 24 * time.Hour  // recency is full up to this
	StaleAfter    = 180 * 24 * time.Hour // recency is 0 from this
	Window        = 365 * 24 * time.Hour // frequency and both-sides window
	PerYear       = 4                    // activities a year for full frequency
	OneSidedScore = 6                    // both-sides points when only one party organises
	// AtRiskBelow is the score under which an accepted or active
	// partnership is listed as at risk.
	AtRiskBelow = 50
)

// Reason codes.
const (
	ReasonNoActivityYet  = "no_activity_yet"  // params: days (since accepted)
	ReasonNoActivity     = "no_activity"      // params: months, or days when under two months
	ReasonFewActivities  = "few_activities"   // params: count, expected
	ReasonOverdue        = "overdue"          // params: overdue, total
	ReasonLate           = "done_late"        // params: late, total
	ReasonOneSided       = "one_sided"        // params: side ("a" or "b"), party (its name)
	ReasonNoOrganizers   = "no_organizers"    // no activity named organisers of either side
	ReasonReviewDue      = "review_due"       // params: days (since the review date)
	ReasonNotYetPartners = "not_yet_partners" // proposed: nothing to score yet
	ReasonClosed         = "closed"           // params: state (declined, withdrawn, ended)
	ReasonDormant        = "dormant"          // params: since (date)
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
	PartnershipID int64       `json:"partnership_id"`
	Score         int         `json:"score"` // 0-100
	Components    []Component `json:"components"`
	Reasons       []Reason    `json:"reasons"`
	// Summary joins the reasons' texts ("no activity for 7 months; 2 of 5
	// responsibilities overdue"), or says all is well.
	Summary string `json:"summary"`
	// AtRisk is true for an accepted or active partnership scoring under AtRiskBelow.
	AtRisk bool `json:"at_risk"`
	// Facts behind the score.
	DaysSinceActivity int `json:"days_since_activity"` // -1 when there was none
	ActivitiesInYear  int `json:"activities_in_year"`
	Overdue           int `json:"overdue"`
	DueSoFar          int `json:"due_so_far"`
	Responsibilities  int `json:"responsibilities"`
}

// Assess scores p at now from its activities (any order; those that start
// after now are plans and do not count).
func Assess(p *wikicities.Partnership, acts []*wikicities.Activity, now time.Time) Report {
	r := Report{PartnershipID: p.ID, DaysSinceActivity: -1, Responsibilities: len(p.Responsibilities)}
	switch p.State {
	case wikicities.StateProposed:
		r.reason(ReasonNotYetPartners, nil, "a proposal waiting for an answer: nothing to score yet")
		r.finish()
		return r
	case wikicities.StateDeclined, wikicities.StateWithdrawn, wikicities.StateEnded:
		r.reason(ReasonClosed, map[string]any{"state": string(p.State)}, fmt.Sprintf("the partnership is %s", p.State))
		r.finish()
		return r
	}

	// Activities that took place, the last one, and who organised them.
	var last time.Time
	sideA, sideB, named := false, false, false
	for _, a := range acts {
		if a.Start.After(now) {
			continue
		}
		if a.Start.After(last) {
			last = a.Start
		}
		if now.Sub(a.Start) <= Window {
			r.ActivitiesInYear++
			sideA = sideA || len(a.OrganizersA) > 0
			sideB = sideB || len(a.OrganizersB) > 0
			named = named || len(a.OrganizersA) > 0 || len(a.OrganizersB) > 0
		}
	}

	// Recency, from the last activity, or from the partnership's entry into
	// its current state when that is later and the state is accepted or
	// active: a fresh acceptance or a renewal is a fresh start, as for the
	// dormancy job. A dormant partnership counts from its last activity.
	since := p.StateChangedAt
	if !last.IsZero() {
		r.DaysSinceActivity = int(now.Sub(last) / (24 * time.Hour))
		if p.State == wikicities.StateDormant || last.After(since) {
			since = last
		}
	}
	idle := now.Sub(since)
	silence := idle
	if !last.IsZero() {
		silence = now.Sub(last)
	}
	rec := RecencyWeight
	if idle > FreshFor {
		rec = int(math.Round(RecencyWeight * (1 - float64(idle-FreshFor)/float64(StaleAfter-FreshFor))))
	}
	rec = clamp(rec, 0, RecencyWeight)
	if last.IsZero() {
		// Never any activity: half marks at best, whatever the age.
		rec = min(rec, RecencyWeight/2)
	}
	r.Components = append(r.Components, Component{"recency", rec, RecencyWeight})
	switch {
	case last.IsZero():
		days := int(now.Sub(p.StateChangedAt) / (24 * time.Hour))
		r.reason(ReasonNoActivityYet, map[string]any{"days": days}, fmt.Sprintf("no activity yet, %s after it became %s", plural(days, "day"), p.State))
	case silence > 60*24*time.Hour:
		months := int(silence / (30 * 24 * time.Hour))
		r.reason(ReasonNoActivity, map[string]any{"months": months}, fmt.Sprintf("no activity for %s", plural(months, "month")))
	case silence > FreshFor:
		days := int(silence / (24 * time.Hour))
		r.reason(ReasonNoActivity, map[string]any{"days": days}, fmt.Sprintf("no activity for %s", plural(days, "day")))
	}

	// Frequency, against one activity a quarter, pro rata for the first year.
	age := now.Sub(p.CreatedAt)
	expected := PerYear
	if age < Window {
		expected = max(1, int(math.Ceil(PerYear*float64(age)/float64(Window))))
	}
	freq := FrequencyWeight * min(r.ActivitiesInYear, expected) / expected
	r.Components = append(r.Components, Component{"frequency", freq, FrequencyWeight})
	if r.ActivitiesInYear < expected && !last.IsZero() {
		r.reason(ReasonFewActivities, map[string]any{"count": r.ActivitiesInYear, "expected": expected},
			fmt.Sprintf("%s in the last year, %d expected", plural(r.ActivitiesInYear, "activity"), expected))
	}

	// Responsibilities due so far, done on time.
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
	if r.DueSoFar > 0 {
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

	// Both sides take part.
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

	if rd := p.Agreement.ReviewDate; !rd.IsZero() && now.After(rd) {
		days := int(now.Sub(rd) / (24 * time.Hour))
		r.reason(ReasonReviewDue, map[string]any{"days": days}, fmt.Sprintf("the agreement's review date passed %s ago", plural(days, "day")))
	}
	if p.State == wikicities.StateDormant {
		r.reason(ReasonDormant, map[string]any{"since": p.StateChangedAt.Format(time.DateOnly)},
			"dormant since "+p.StateChangedAt.Format(time.DateOnly))
	}
	for _, c := range r.Components {
		r.Score += c.Points
	}
	r.AtRisk = (p.State == wikicities.StateAccepted || p.State == wikicities.StateActive) && r.Score < AtRiskBelow
	r.finish()
	return r
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
