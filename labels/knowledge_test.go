package labels_test

import (
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

func TestKnowledgeReasonsAreTranslated(t *testing.T) {
	c := i18n.Default()
	capacity := func(code string) string { return map[string]string{"content.photography": "Fotografie"}[code] }
	for _, tc := range []struct {
		lang string
		r    wikicities.Reason
		want string
	}{
		{"de", wikicities.Reason{Code: "available_capacity", Params: map[string]any{"capacities": []string{"content.photography"}}}, "kann Fotografie weitergeben"},
		{"ar", wikicities.Reason{Code: "partner_groups"}, "مجموعاتكم شريكة"},
		{"en", wikicities.Reason{Code: "distance", Params: map[string]any{"km": 1234.4}}, "1,234 km away"},
		{"en", wikicities.Reason{Code: "something_new", Text: "as the matcher says"}, "as the matcher says"},
	} {
		if got := labels.MentoringReason(c.Printer(tc.lang), tc.r, capacity); got != tc.want {
			t.Errorf("%s %s = %q, want %q", tc.lang, tc.r.Code, got, tc.want)
		}
	}
	for _, tc := range []struct {
		lang string
		r    wikicities.Reason
		want string
	}{
		{"en", wikicities.Reason{Code: "used_by_others", Params: map[string]any{"uses": 1}}, "used once by others"},
		{"de", wikicities.Reason{Code: "used_by_others", Params: map[string]any{"uses": 3}}, "3-mal von anderen genutzt"},
		{"en", wikicities.Reason{Code: "responsibility", Params: map[string]any{"responsibility": "Host the <b>edit-a-thon</b>"}}, "helps with: Host the <b>edit-a-thon</b>"},
	} {
		if got := labels.ResourceReason(c.Printer(tc.lang), tc.r); got != tc.want {
			t.Errorf("%s %s = %q, want %q", tc.lang, tc.r.Code, got, tc.want)
		}
	}
}
