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

func TestAssessComponents(t *testing.T) {
	dueDone := func(dueAgo, doneAgo int) *wikicities.Responsibility {
		r := &wikicities.Responsibility{Due: days(dueAgo), Description: "x", Owner: "a"}
		if doneAgo >= 0 {
			r.Done, r.DoneAt = true, days(doneAgo)
		}
		return r
	}
	cases := []struct {
		name  string
		p     *wikicities.Partnership
		acts  []*wikicities.Activity
		want  map[string]int
		score int
		codes []string
		risk  bool
	}{
		{
			name: "thriving: quarterly, both sides, all on time",
			p:    partnership("active", days(800), dueDone(100, 101), dueDone(10, 12)),
			acts: []*wikicities.Activity{act(10, true, true), act(100, true, false), act(190, false, true), act(280, true, true)},
			want: map[string]int{"recency": 35, "frequency": 25, "responsibilities": 25, "both_sides": 15}, score: 100,
		},
		{
			name: "seven months silent, two of five overdue, one-sided",
			p:    partnership("active", days(800), dueDone(300, 301), dueDone(250, 240), dueDone(100, -1), dueDone(50, -1), dueDone(-30, -1)),
			acts: []*wikicities.Activity{act(213, true, false), act(300, true, false)},
			want: map[string]int{"recency": 0, "frequency": 12, "responsibilities": 6, "both_sides": health.OneSidedScore}, score: 24,
			codes: []string{"no_activity", "few_activities", "overdue", "done_late", "one_sided"}, risk: true,
		},
		{
			name: "recency falls linearly between 30 and 180 days",
			p:    partnership("active", days(800)),
			acts: []*wikicities.Activity{act(105, true, true)},
			want: map[string]int{"recency": 18, "frequency": 6, "responsibilities": 25, "both_sides": 15}, score: 64,
			codes: []string{"no_activity", "few_activities"},
		},
		{
			name: "a fresh partnership is judged pro rata and never scores full recency without activity",
			p:    partnership("accepted", days(20)),
			want: map[string]int{"recency": 17, "frequency": 0, "responsibilities": 25, "both_sides": 0}, score: 42,
			codes: []string{"no_activity_yet"}, risk: true,
		},
		{
			name: "planned activities do not count",
			p:    partnership("active", days(800)),
			acts: []*wikicities.Activity{act(-10, true, true)},
			want: map[string]int{"recency": 0, "frequency": 0, "responsibilities": 25, "both_sides": 0}, score: 25,
			codes: []string{"no_activity_yet"}, risk: true,
		},
		{
			name: "dormant partnerships are scored but not listed at risk",
			p:    partnership("dormant", days(800)),
			acts: []*wikicities.Activity{act(400, true, true)},
			want: map[string]int{"recency": 0, "frequency": 0, "responsibilities": 25, "both_sides": 0}, score: 25,
			codes: []string{"no_activity", "few_activities", "dormant"},
		},
		{
			name: "a renewal is a fresh start for recency, not for frequency",
			p: func() *wikicities.Partnership {
				p := partnership("active", days(800))
				p.StateChangedAt = days(7)
				return p
			}(),
			acts: []*wikicities.Activity{act(300, true, true)},
			want: map[string]int{"recency": 35, "frequency": 6, "responsibilities": 25, "both_sides": 15}, score: 81,
			codes: []string{"no_activity", "few_activities"},
		},
		{
			name:  "proposals have nothing to score",
			p:     partnership("proposed", days(3)),
			want:  map[string]int{},
			codes: []string{"not_yet_partners"},
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
			if r.AtRisk != c.risk {
				t.Errorf("at risk %v, want %v", r.AtRisk, c.risk)
			}
			if r.Score < 0 || r.Score > 100 {
				t.Errorf("score %d out of 0-100", r.Score)
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
	if r.Reasons[0].Params["months"] != 7 {
		t.Errorf("params %v", r.Reasons[0].Params)
	}
	if r.DaysSinceActivity != 215 || r.Overdue != 2 || r.DueSoFar != 2 || r.Responsibilities != 5 {
		t.Errorf("facts: %+v", r)
	}
	good := health.Assess(partnership("active", days(100)), []*wikicities.Activity{act(5, true, true), act(50, true, true)}, now)
	if good.Summary != "doing well" || good.Score != 100 {
		t.Errorf("good partnership: %d %q", good.Score, good.Summary)
	}
}

// Units ending in a vowel and y take an s ("0 days", never "0 daies");
// "activity" still becomes "activities".
func TestAssessPluralsOfDaysAndActivities(t *testing.T) {
	for _, c := range []struct {
		created int
		want    string
	}{{0, "no activity yet, 0 days after it became accepted"}, {1, "no activity yet, 1 day after"}, {5, "no activity yet, 5 days after"}} {
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
