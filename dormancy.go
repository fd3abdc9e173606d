package wikicities

import (
	"fmt"
	"time"
)

// QuietSince returns the instant from which p's silence is counted, by the
// health score and the dormancy job alike: the latest of its last activity
// that took place and its latest fresh start (StartedAt: an acceptance or a
// renewal). Activation by a first logged activity is not a fresh start, so
// an activity logged today but dated seven months ago leaves the partnership
// seven months quiet.
func (p *Partnership) QuietSince() time.Time {
	start := p.Started()
	if p.LastActivity.After(start) {
		return p.LastActivity
	}
	return start
}

// Started returns StartedAt; when it is unknown (a partnership built by
// hand), the entry into the accepted state or else the creation stands in.
func (p *Partnership) Started() time.Time {
	switch {
	case !p.StartedAt.IsZero():
		return p.StartedAt
	case p.State == StateAccepted:
		return p.StateChangedAt
	}
	return p.CreatedAt
}

// Lapses reports whether the dormancy job lapses p at now under pol: p is
// accepted or active, has no planned activity to come, and has been quiet
// (QuietSince) for pol.After or longer (DefaultDormantAfter when unset).
func (pol DormancyPolicy) Lapses(p *Partnership, now time.Time) bool {
	if p.State != StateAccepted && p.State != StateActive {
		return false
	}
	if !p.NextActivity.IsZero() && p.NextActivity.After(now) {
		return false
	}
	after := pol.After
	if after <= 0 {
		after = DefaultDormantAfter
	}
	return now.Sub(p.QuietSince()) >= after
}

// SpanUnit is the unit of a Span.
type SpanUnit string

// Span units.
const (
	SpanDays   SpanUnit = "days"
	SpanWeeks  SpanUnit = "weeks"
	SpanMonths SpanUnit = "months"
	SpanYears  SpanUnit = "years"
)

// Span is a duration as people say it: a whole number of days, weeks,
// months or years, rounded down.
type Span struct {
	N    int      `json:"n"`
	Unit SpanUnit `json:"unit"`
}

// SpanOf says d in the largest unit that keeps it readable: days under two
// weeks, weeks under two months, months under two years, then years.
// Negative durations count as zero days.
func SpanOf(d time.Duration) Span {
	days := int(d / (24 * time.Hour))
	switch {
	case days < 14:
		return Span{max(days, 0), SpanDays}
	case days < 61:
		return Span{days / 7, SpanWeeks}
	case days < 730:
		return Span{days / 30, SpanMonths}
	}
	return Span{days / 365, SpanYears}
}

// String says s in English: "1 day", "7 months".
func (s Span) String() string {
	unit := string(s.Unit)
	if s.N == 1 {
		unit = unit[:len(unit)-1]
	}
	return fmt.Sprintf("%d %s", s.N, unit)
}
