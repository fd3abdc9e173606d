package groupmatch_test

import (
	"testing"

	"github.com/wikicities/wikicities/groupmatch"
)

var directory = []groupmatch.Group{
	{ID: 1, Name: "Wikimedia Deutschland", MetaPage: "Wikimedia Deutschland", QID: "Q8288"},
	{ID: 2, Name: "WikiMUC", MetaPage: "WikiMUC"},
	{ID: 3, Name: "Wikimédia France"},
	{ID: 4, Name: "Wikimedians of Kerala"},
	{ID: 5, Name: "Wikimedia Community of Paris Region"},
	{ID: 6, Name: "Викимедиа Украина"},
	{ID: 7, Name: "Wikimedia Österreich"},
}

func TestFindMatchesExactlyThenNormalisedThenProbably(t *testing.T) {
	for _, tc := range []struct {
		name  string
		group groupmatch.Group
		want  int64
		level groupmatch.Level
	}{
		{"same item", groupmatch.Group{Name: "WMDE", QID: "Q8288"}, 1, groupmatch.Exact},
		{"same Meta page", groupmatch.Group{Name: "Munich User Group", MetaPage: "WikiMUC"}, 2, groupmatch.Exact},
		{"same Meta page with underscores", groupmatch.Group{Name: "x", MetaPage: "m:Wikimedia_Deutschland"}, 1, groupmatch.Exact},
		{"same name, other case and spaces", groupmatch.Group{Name: "  wikimedia  deutschland "}, 1, groupmatch.Exact},
		{"without the accent", groupmatch.Group{Name: "Wikimedia France"}, 3, groupmatch.Normalised},
		{"User Group suffix", groupmatch.Group{Name: "WikiMUC User Group"}, 2, groupmatch.Normalised},
		{"Wikimedians of prefix", groupmatch.Group{Name: "Kerala Wikimedians User Group"}, 4, groupmatch.Normalised},
		{"WMxx code", groupmatch.Group{Name: "WMAT"}, 0, groupmatch.None},
		{"WMxx code of the English country name", groupmatch.Group{Name: "WMFR"}, 3, groupmatch.Normalised},
		{"shared words", groupmatch.Group{Name: "Wikimedians of Paris"}, 5, groupmatch.Probable},
		{"transliterated", groupmatch.Group{Name: "Vikimedia Ukraina"}, 6, groupmatch.Probable},
		{"short shared words only", groupmatch.Group{Name: "Wikimedians of the UK"}, 0, groupmatch.None},
		{"unrelated", groupmatch.Group{Name: "Igbo Wikimedians User Group"}, 0, groupmatch.None},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := groupmatch.New(directory).Find(tc.group)
			if m.Level != tc.level || m.Group.ID != tc.want {
				t.Errorf("Find(%+v) = group %d at %s (%s), want group %d at %s", tc.group, m.Group.ID, m.Level, m.Reason, tc.want, tc.level)
			}
		})
	}
}

func TestKeyDropsAffixesAndDiacritics(t *testing.T) {
	for in, want := range map[string]string{
		"Wikimédia France":            "france",
		"WikiMUC User Group":          "wikimuc",
		"Wikimedians of Kerala":       "kerala",
		"WMDE":                        "germany",
		"Wikimedia Deutschland e. V.": "deutschland",
		"Wikimedia Community User Group Côte d'Ivoire": "community cote d ivoire",
		// Only marks go: Hangul syllables stay whole, as typed.
		"Wikimedia 위키미디어 한국": "위키미디어 한국",
	} {
		if got := groupmatch.Key(in); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
}
