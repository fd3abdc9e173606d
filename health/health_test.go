package health_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/health"
)

var now = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func days(n int) time.Time { return now.Add(-time.Duration(n) * 24 * time.Hour) }

func partnership(state wikicities.State, created time.Time, rs ...*wikicities.Responsibility) *wikicities.Partnership {
	return &wikicities.Partnership{ID: 1, State: state, CreatedAt: created, StateChangedAt: created,
		A: wikicities.Party{Kind: "community", ID: 1, Name: "Wikimedians of Berlin"},
		B: wikicities.Party{Kind: "community", ID: 2, Name: "Wikimedia Paris"}, Responsibilities: rs}
}

func act(daysAgo int, a, b bool) *wikicities.Activity {
	x := &wikicities.Activity{Start: days(daysAgo), Kind: "workshop", Title: "w"}
	if a {
		x.OrganizersA = []string{"anna"}
	}
	if b {
		x.OrganizersB = []string{"bertrand"}
	}
	return x
}

func points(r health.Report) map[string]int {
	m := map[string]int{}
	for _, c := range r.Components {
		m[c.Name] = c.Points
	}
	return m
}

func codes(r health.Report) []string {
	var c []string
	for _, x := range r.Reasons {
		c = append(c, x.Code)
	}
	return c
}

func dueDone(dueAgo, doneAgo int) *wikicities.Responsibility {
	r := &wikicities.Responsibility{Due: days(dueAgo), Description: "x", Owner: "a"}
	if doneAgo >= 0 {
		r.Done, r.DoneAt = true, days(doneAgo)
	}
	return r
}

// started sets when p was accepted or last renewed.
func started(p *wikicities.Partnership, daysAgo int) *wikicities.Partnership {
	p.StartedAt = days(daysAgo)
	return p
}

func TestAssessComponents(t *testing.T) {
	cases := []struct {
		name   string
		p      *wikicities.Partnership
		acts   []*wikicities.Activity
		want   map[string]int
		score  int
		codes  []string
		status health.Status
	}{
		{
			name: "thriving: quarterly, both sides, all on time",
			p:    partnership("active", days(800), dueDone(100, 101), dueDone(10, 12)),
			acts: []*wikicities.Activity{act(10, true, true), act(100, true, false), act(190, false, true), act(280, true, true)},
			want: map[string]int{"recency": 35, "frequency": 25, "responsibilities": 25, "both_sides": 15}, score: 100,
			status: health.StatusDoingWell,
		},
		{
			name: "seven months silent, two of five overdue, one-sided",
			p:    partnership("active", days(800), dueDone(300, 301), dueDone(250, 240), dueDone(100, -1), dueDone(50, -1), dueDone(-30, -1)),
			acts: []*wikicities.Activity{act(213, true, false), act(300, true, false)},
			want: map[string]int{"recency": 0, "frequency": 12, "responsibilities": 6, "both_sides": health.OneSidedScore}, score: 24,
			codes: []string{"no_activity", "few_activities", "overdue", "done_late", "one_sided"}, status: health.StatusAtRisk,
		},
		{
			name: "recency falls linearly between 30 and 180 days",
			p:    partnership("active", days(800), dueDone(-10, -1)),
			acts: []*wikicities.Activity{act(105, true, true)},
			want: map[string]int{"recency": 18, "frequency": 6, "responsibilities": 25, "both_sides": 15}, score: 64,
			codes: []string{"no_activity", "few_activities"}, status: health.StatusFair,
		},
		{
			name: "accepted today: getting started, not at risk",
			p:    partnership("accepted", days(0)),
			want: map[string]int{"recency": 17, "frequency": 0, "responsibilities": 0, "both_sides": 0}, score: 17,
			codes: []string{"no_activity_yet", "no_responsibilities"}, status: health.StatusGettingStarted,
		},
		{
			name: "accepted 20 days ago: still within the grace period",
			p:    partnership("accepted", days(20)),
			want: map[string]int{"recency": 17, "frequency": 0, "responsibilities": 0, "both_sides": 0}, score: 17,
			codes: []string{"no_activity_yet", "no_responsibilities"}, status: health.StatusGettingStarted,
		},
		{
			name: "accepted 90 days ago and nothing happened: at risk after the grace period",
			p:    partnership("accepted", days(90), dueDone(-30, -1)),
			want: map[string]int{"recency": 17, "frequency": 0, "responsibilities": 25, "both_sides": 0}, score: 42,
			codes: []string{"no_activity_yet"}, status: health.StatusAtRisk,
		},
		{
			name: "one event and no responsibilities does not earn full marks",
			p:    partnership("active", days(5)),
			acts: []*wikicities.Activity{act(2, true, true)},
			want: map[string]int{"recency": 35, "frequency": 12, "responsibilities": 0, "both_sides": 15}, score: 62,
			codes: []string{"few_activities", "no_responsibilities"}, status: health.StatusGettingStarted,
		},
		{
			name: "agreed responsibilities none due yet count as kept",
			p:    partnership("active", days(5), dueDone(-20, -1)),
			acts: []*wikicities.Activity{act(2, true, true), act(1, true, true)},
			want: map[string]int{"recency": 35, "frequency": 25, "responsibilities": 25, "both_sides": 15}, score: 100,
			status: health.StatusDoingWell,
		},
		{
			name: "activated today by an activity dated 218 days ago, accepted 250 days ago: seven months quiet",
			p: func() *wikicities.Partnership {
				p := started(partnership("active", days(260), dueDone(-10, -1)), 250)
				p.StateChangedAt, p.LastActivity = days(0), days(218)
				return p
			}(),
			acts: []*wikicities.Activity{act(218, true, true)},
			want: map[string]int{"recency": 0, "frequency": 8, "responsibilities": 25, "both_sides": 15}, score: 48,
			codes: []string{"no_activity", "few_activities"}, status: health.StatusAtRisk,
		},
		{
			name: "planned activities do not count",
			p:    partnership("active", days(800), dueDone(-10, -1)),
			acts: []*wikicities.Activity{act(-10, true, true)},
			want: map[string]int{"recency": 0, "frequency": 0, "responsibilities": 25, "both_sides": 0}, score: 25,
			codes: []string{"no_activity_yet"}, status: health.StatusAtRisk,
		},
		{
			name: "dormant partnerships are scored but not listed at risk",
			p:    partnership("dormant", days(800), dueDone(-10, -1)),
			acts: []*wikicities.Activity{act(400, true, true)},
			want: map[string]int{"recency": 0, "frequency": 0, "responsibilities": 25, "both_sides": 0}, score: 25,
			codes: []string{"no_activity", "few_activities", "dormant"}, status: health.StatusDormant,
		},
		{
			name: "a renewal is a fresh start for recency, not for frequency",
			p:    started(partnership("active", days(800), dueDone(-10, -1)), 7),
			acts: []*wikicities.Activity{act(300, true, true)},
			want: map[string]int{"recency": 35, "frequency": 6, "responsibilities": 25, "both_sides": 15}, score: 81,
			codes: []string{"few_activities"}, status: health.StatusDoingWell,
		},
		{
			name: "renewed 100 days ago, nothing since: no activity since the agreement",
			p:    started(partnership("active", days(800), dueDone(-10, -1)), 100),
			acts: []*wikicities.Activity{act(300, true, true)},
			want: map[string]int{"recency": 19, "frequency": 6, "responsibilities": 25, "both_sides": 15}, score: 65,
			codes: []string{"no_activity_yet", "few_activities"}, status: health.StatusFair,
		},
		{
			name:   "proposals are not scored",
			p:      partnership("proposed", days(3)),
			want:   map[string]int{},
			codes:  []string{"not_yet_partners"},
			status: health.StatusNotScored,
		},
		{
			name:   "ended partnerships are not scored",
			p:      partnership("ended", days(300)),
			want:   map[string]int{},
			codes:  []string{"closed"},
			status: health.StatusClosed,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := health.Assess(c.p, c.acts, now)
			if got := points(r); !reflect.DeepEqual(got, c.want) {
				t.Errorf("components %v, want %v", got, c.want)
			}
			if r.Score != c.score {
				t.Errorf("score %d, want %d", r.Score, c.score)
			}
			if got := codes(r); !reflect.DeepEqual(got, c.codes) {
				t.Errorf("reasons %v, want %v (%s)", got, c.codes, r.Summary)
			}
			if r.Status != c.status || r.AtRisk != (c.status == health.StatusAtRisk) {
				t.Errorf("status %q at risk %v, want %q", r.Status, r.AtRisk, c.status)
			}
			if r.Scored != (c.status != health.StatusNotScored && c.status != health.StatusClosed) {
				t.Errorf("scored %v with status %q", r.Scored, r.Status)
			}
			if r.Score < 0 || r.Score > 100 {
				t.Errorf("score %d out of 0-100", r.Score)
			}
		})
	}
}

// The score and the dormancy job count silence alike: whenever the job
// would lapse a partnership, its recency is nil and its reasons say how long
// it has been quiet, in months; a partnership the job leaves alone is not
// described as quiet for longer than the job's threshold.
func TestAssessAgreesWithTheDormancyJob(t *testing.T) {
	pol := wikicities.DormancyPolicy{}
	for _, c := range []struct {
		name   string
		p      *wikicities.Partnership
		acts   []*wikicities.Activity
		lapses bool
		quiet  wikicities.Span
	}{
		{"activated today by a 218-day-old activity", func() *wikicities.Partnership {
			p := started(partnership("active", days(260)), 250)
			p.StateChangedAt, p.LastActivity = days(0), days(218)
			return p
		}(), []*wikicities.Activity{act(218, true, true)}, true, wikicities.Span{N: 7, Unit: wikicities.SpanMonths}},
		{"accepted 200 days ago, never active", started(partnership("accepted", days(210)), 200), nil, true,
			wikicities.Span{N: 6, Unit: wikicities.SpanMonths}},
		{"renewed 10 days ago after a long silence", func() *wikicities.Partnership {
			p := started(partnership("active", days(900)), 10)
			p.LastActivity = days(400)
			return p
		}(), []*wikicities.Activity{act(400, true, true)}, false, wikicities.Span{N: 10, Unit: wikicities.SpanDays}},
		{"an activity five weeks ago", func() *wikicities.Partnership {
			p := started(partnership("active", days(900)), 800)
			p.LastActivity = days(35)
			return p
		}(), []*wikicities.Activity{act(35, true, true)}, false, wikicities.Span{N: 5, Unit: wikicities.SpanWeeks}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := pol.Lapses(c.p, now); got != c.lapses {
				t.Errorf("Lapses = %v, want %v", got, c.lapses)
			}
			r := health.Assess(c.p, c.acts, now)
			if r.Quiet != c.quiet {
				t.Errorf("quiet %v, want %v", r.Quiet, c.quiet)
			}
			if c.lapses && points(r)["recency"] != 0 {
				t.Errorf("the job lapses it but recency is %d (%s)", points(r)["recency"], r.Summary)
			}
			if !c.lapses && points(r)["recency"] == 0 {
				t.Errorf("the job keeps it but recency is 0 (%s)", r.Summary)
			}
		})
	}
}

// The summary reads as the issue asks: "no activity for 7 months; 2 of 5
// responsibilities overdue", and the reasons carry their parameters for
// translation.
func TestAssessExplainsInWords(t *testing.T) {
	p := partnership("active", days(800),
		&wikicities.Responsibility{Due: days(100)}, &wikicities.Responsibility{Due: days(40)},
		&wikicities.Responsibility{Due: days(-5)}, &wikicities.Responsibility{Due: days(-50)}, &wikicities.Responsibility{})
	r := health.Assess(p, []*wikicities.Activity{act(215, true, true)}, now)
	if !strings.HasPrefix(r.Summary, "no activity for 7 months; ") || !strings.Contains(r.Summary, "2 of 5 responsibilities overdue") {
		t.Errorf("summary %q", r.Summary)
	}
	if r.Reasons[0].Params["n"] != 7 || r.Reasons[0].Params["unit"] != "months" {
		t.Errorf("params %v", r.Reasons[0].Params)
	}
	if r.DaysSinceActivity != 215 || r.Overdue != 2 || r.DueSoFar != 2 || r.Responsibilities != 5 {
		t.Errorf("facts: %+v", r)
	}
	good := health.Assess(partnership("active", days(100), dueDone(-3, -1)), []*wikicities.Activity{act(5, true, true), act(50, true, true)}, now)
	if good.Summary != "doing well" || good.Score != 100 || good.Status != health.StatusDoingWell {
		t.Errorf("good partnership: %d %q", good.Score, good.Summary)
	}
}

// Units ending in a vowel and y take an s ("0 days", never "0 daies");
// "activity" still becomes "activities".
func TestAssessPluralsOfDaysAndActivities(t *testing.T) {
	for _, c := range []struct {
		created int
		want    string
	}{{0, "no activity yet, 0 days after"}, {1, "no activity yet, 1 day after"}, {5, "no activity yet, 5 days after"}} {
		r := health.Assess(partnership(wikicities.StateAccepted, days(c.created)), nil, now)
		if !strings.Contains(r.Summary, c.want) || strings.Contains(r.Summary, "daies") {
			t.Errorf("created %d days ago: summary %q, want %q", c.created, r.Summary, c.want)
		}
	}
	r := health.Assess(partnership(wikicities.StateActive, days(400)), []*wikicities.Activity{act(100, true, true), act(200, true, true)}, now)
	if !strings.Contains(r.Summary, "2 activities in the last year") {
		t.Errorf("summary %q, want 2 activities", r.Summary)
	}
}
