package http

import (
	"slices"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// A twin-region reason names the region in the reader's language, by its
// key: an English page said "in Bayern", the data's local name. Other
// reasons, and the matcher's own parameters, are left as they were.
func TestTwinRegionReasonNamesTheRegionInTheReadersLanguage(t *testing.T) {
	r := wikicities.Reason{Code: wikicities.ReasonTwinRegion, Params: map[string]any{"region": "Bavaria", "region_key": "DE-BY",
		"twin_cities": []string{"Munich"}}}
	cat := i18n.Default()
	for lang, want := range map[string]string{"en": "in Bavaria, the region of our twin city Munich",
		"de": "in Bayern, der Region unserer Partnerstadt Munich", "ar": "بافاريا"} {
		got := labels.SuggestionReasonNamed(cat.Printer(lang), reasonInLang(r, lang), nil)
		if lang == "ar" && !strings.Contains(got, want) || lang != "ar" && got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	if r.Params["region"] != "Bavaria" {
		t.Errorf("the matcher's reason was changed: %v", r.Params)
	}
	near := wikicities.Reason{Code: wikicities.ReasonNearHome, Params: map[string]any{"region_key": "DE-BY"}}
	if got := reasonInLang(near, "de"); got.Params["region"] != nil {
		t.Errorf("another reason got a region: %v", got.Params)
	}
	if got := regionNameIn("de", "Île-de-France"); got != "Île-de-France" {
		t.Errorf("a region the data does not know: %q", got)
	}
}

func TestRegionClassesSplitPositiveValues(t *testing.T) {
	for _, c := range []struct {
		values []int
		want   []int
	}{
		{nil, []int{0}},
		{[]int{0, 0}, []int{0}},
		{[]int{0, 3, 3, 3}, []int{0, 3}},
		{[]int{0, 1, 2, 3, 4, 5, 6, 7, 8}, []int{0, 3, 5, 7, 8}},
		{[]int{0, 1, 1, 1, 1, 1, 1, 1, 50}, []int{0, 1, 50}},
	} {
		got := regionClasses(c.values)
		if !slices.Equal(got, c.want) {
			t.Errorf("%v: %v, want %v", c.values, got, c.want)
		}
		for _, v := range c.values {
			if k := classOf(got, v); k < 0 || k >= len(regionPalette) || v > got[k] || k > 0 && v <= got[k-1] {
				t.Errorf("%v: value %d in class %d of %v", c.values, v, k, got)
			}
		}
	}
}
