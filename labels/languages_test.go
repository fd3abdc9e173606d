package labels_test

import (
	"slices"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// Languages are typed or picked by name in the reader's language, in
// English or in their own, or by code; what cannot be read is returned.
func TestParseLanguages(t *testing.T) {
	de := i18n.Default().Printer("de")
	ar := i18n.Default().Printer("ar")
	for _, tt := range []struct {
		p              *i18n.Printer
		text           string
		codes, unknown []string
	}{
		{de, "Deutsch, Englisch", []string{"de", "en"}, nil},
		{de, "German, français, ar", []string{"de", "fr", "ar"}, nil},
		{ar, "العربية، الألمانية", nil, []string{"العربية، الألمانية"}},
		{ar, "العربية, الألمانية", []string{"ar", "de"}, nil},
		{de, "deutsch, DE, de", []string{"de"}, nil},
		{de, "Klingonisch, Weißrussisch (be-tarask)", []string{"be-tarask"}, []string{"Klingonisch"}},
		{de, "", nil, nil},
	} {
		codes, unknown := labels.ParseLanguages(tt.p, tt.text)
		if !slices.Equal(codes, tt.codes) || !slices.Equal(unknown, tt.unknown) {
			t.Errorf("%s %q: %v, unknown %v; want %v, unknown %v", tt.p.Lang(), tt.text, codes, unknown, tt.codes, tt.unknown)
		}
	}
}

// What the form shows for each known language reads back as that language,
// in each language of the site.
func TestLanguageValuesReadBack(t *testing.T) {
	all := wikicities.KnownLanguages()
	for _, lang := range []string{"en", "de", "ar"} {
		p := i18n.Default().Printer(lang)
		values := labels.LanguageValues(p, all)
		for i, v := range values {
			codes, unknown := labels.ParseLanguages(p, v)
			if len(codes) != 1 || codes[0] != all[i] || unknown != nil {
				t.Errorf("%s: %s is shown as %q, read back as %v (unknown %v)", lang, all[i], v, codes, unknown)
			}
		}
		if got := labels.LanguageValues(p, []string{"de"})[0]; got == "de" {
			t.Errorf("%s: German is shown as its code", lang)
		}
	}
}
