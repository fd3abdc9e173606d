package labels_test

import (
	"testing"

	"github.com/wikicities/wikicities/health"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// Health reasons are said by code in the reader's language, whether their
// parameters come from the health package (ints) or from JSON (floats);
// names are left as they are (escaping is the page's or the table's job);
// an unknown code falls back to the domain's English text.
func TestHealthSummarySpeaksTheReadersLanguage(t *testing.T) {
	rep := health.Report{Reasons: []health.Reason{
		{Code: health.ReasonOverdue, Params: map[string]any{"overdue": 2, "total": 5}},
		{Code: health.ReasonOneSided, Params: map[string]any{"side": "a", "party": "<b>Kontor</b>"}},
		{Code: health.ReasonNoActivity, Params: map[string]any{"months": float64(7)}},
		{Code: "from_a_newer_version", Text: "something new"},
	}}
	c := i18n.Default()
	for _, tc := range []struct{ lang, want string }{
		{"en", "2 of 5 responsibilities overdue; only <b>Kontor</b> organised activities in the last year; no activity for 7 months; something new"},
		{"de", "2 von 5 Zuständigkeiten überfällig; nur <b>Kontor</b> hat im letzten Jahr Aktivitäten organisiert; seit 7 Monaten keine Aktivität; something new"},
	} {
		if got := labels.HealthSummary(c.Printer(tc.lang), rep); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.lang, got, tc.want)
		}
	}
	if got := labels.HealthSummary(c.Printer("ar"), health.Report{}); got != "كل شيء على ما يرام" {
		t.Errorf("ar, no reasons: %q", got)
	}
}
