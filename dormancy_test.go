package wikicities_test

import (
	"testing"
	"time"

	"github.com/wikicities/wikicities"
)

func TestSpanOfSaysDurationsAsPeopleDo(t *testing.T) {
	day := 24 * time.Hour
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{-day, "0 days"},
		{0, "0 days"},
		{day, "1 day"},
		{13 * day, "13 days"},
		{14 * day, "2 weeks"},
		{60 * day, "8 weeks"},
		{61 * day, "2 months"},
		{218 * day, "7 months"},
		{182 * day, "6 months"},
		{729 * day, "24 months"},
		{730 * day, "2 years"},
		{3 * 366 * day, "3 years"},
	} {
		if got := wikicities.SpanOf(c.d).String(); got != c.want {
			t.Errorf("SpanOf(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

// Silence counts from the last activity, the acceptance or the renewal,
// whichever is latest; the activation by a logged activity is not a fresh
// start, and a planned activity keeps a partnership from lapsing.
func TestDormancyPolicyLapses(t *testing.T) {
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	ago := func(days int) time.Time { return now.AddDate(0, 0, -days) }
	pol := wikicities.DormancyPolicy{}
	for _, c := range []struct {
		name string
		p    wikicities.Partnership
		want bool
	}{
		{"accepted 200 days ago, nothing since", wikicities.Partnership{State: "accepted", StartedAt: ago(200), StateChangedAt: ago(200)}, true},
		{"accepted 100 days ago", wikicities.Partnership{State: "accepted", StartedAt: ago(100), StateChangedAt: ago(100)}, false},
		{"activated today by an activity of 218 days ago", wikicities.Partnership{State: "active", StartedAt: ago(250), StateChangedAt: ago(0), LastActivity: ago(218)}, true},
		{"last activity 30 days ago", wikicities.Partnership{State: "active", StartedAt: ago(400), StateChangedAt: ago(390), LastActivity: ago(30)}, false},
		{"renewed 10 days ago", wikicities.Partnership{State: "active", StartedAt: ago(10), StateChangedAt: ago(10), LastActivity: ago(400)}, false},
		{"quiet but an activity is planned", wikicities.Partnership{State: "active", StartedAt: ago(400), LastActivity: ago(300), NextActivity: now.AddDate(0, 1, 0)}, false},
		{"already dormant", wikicities.Partnership{State: "dormant", StartedAt: ago(400), LastActivity: ago(300)}, false},
		{"exactly six months (182 days)", wikicities.Partnership{State: "active", StartedAt: ago(182)}, true},
	} {
		if got := pol.Lapses(&c.p, now); got != c.want {
			t.Errorf("%s: Lapses = %v, want %v (quiet since %s)", c.name, got, c.want, c.p.QuietSince().Format(time.DateOnly))
		}
	}
}
