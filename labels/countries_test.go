package labels_test

import (
	"encoding/csv"
	"os"
	"sort"
	"testing"

	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/internal/realdata"
	"github.com/wikicities/wikicities/labels"
	"github.com/wikicities/wikicities/twins"
)

// Countries are named in the reader's language; English pages and unknown
// states keep the data's own label, a constituent country its own name
// beside its state's (in the reader's language for the nations of the
// United Kingdom: "Schottland", not "Scotland", on a German page); names
// are never lost.
func TestCountryIsNamedInTheReadersLanguage(t *testing.T) {
	c := i18n.Default()
	for _, tc := range []struct{ lang, label, want string }{
		{"de", "Germany", "Deutschland"},
		{"ar", "Germany", "ألمانيا"},
		{"de", "USA", "Vereinigte Staaten"},
		{"de", "United States of America", "Vereinigte Staaten"},
		{"de", "Czech Republic", "Tschechien"},
		{"de", "Bosnia and Herzegovina", "Bosnien und Herzegowina"},
		{"de", "Scotland", "Schottland"},
		{"de", "Scotland, United Kingdom", "Schottland, Vereinigtes Königreich"},
		{"ar", "Scotland, United Kingdom", "اسكتلندا، المملكة المتحدة"},
		{"ar", "Northern Ireland, United Kingdom", "أيرلندا الشمالية، المملكة المتحدة"},
		{"de", "Wales", "Wales"},
		{"de", "Puerto Rico, United States", "Puerto Rico, Vereinigte Staaten"},
		// Territories the twinning lists count with their state have a
		// CLDR name of their own.
		{"de", "Greenland", "Grönland"},
		{"ar", "Greenland", "غرينلاند"},
		{"de", "Faroe Islands", "Färöer"},
		{"ar", "Martinique, France", "جزر المارتينيك، فرنسا"},
		{"de", "Åland Islands, Finland", "Ålandinseln, Finnland"},
		{"de", "Hong Kong", "Sonderverwaltungsregion Hongkong"},
		{"de", "Macau", "Sonderverwaltungsregion Macau"},
		{"en", "Greenland", "Greenland"},
		{"de", "Northern Cyprus", "Nordzypern"},
		{"ar", "Northern Cyprus", "قبرص الشمالية"},
		{"de", "Ohio, United States", "Ohio, Vereinigte Staaten"},
		{"en", "Scotland, United Kingdom", "Scotland, United Kingdom"},
		{"de", "England, United Kingdom", "England, Vereinigtes Königreich"},
		{"de", "Atlantis", "Atlantis"},
		{"de", "", ""},
		{"en", "Czech Republic", "Czech Republic"},
		{"en", "USA", "USA"},
	} {
		if got := labels.Country(c.Printer(tc.lang), tc.label); got != tc.want {
			t.Errorf("%s %q: %q, want %q", tc.lang, tc.label, got, tc.want)
		}
	}
}

// Nearly every state of the real world dataset has a CLDR name; the few
// that do not are listed, and shown as the data has them.
func TestCountriesOfTheRealDatasetHaveRegions(t *testing.T) {
	f, err := os.Open(realdata.TwinCitiesCSV(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	uses := map[string]int{} // state -> rows naming it alone
	for _, row := range rows[1:] {
		for _, i := range []int{1, 5} {
			if i >= len(row) || row[i] == "" {
				continue
			}
			if part, state := twins.SplitCountry(row[i]); part == "" {
				uses[state]++
			}
		}
	}
	var missing []string
	named, total := 0, 0
	for state, n := range uses {
		total += n
		if _, ok := labels.CountryRegion(state); ok {
			named += n
		} else {
			missing = append(missing, state)
		}
	}
	sort.Strings(missing)
	t.Logf("%d of %d country mentions named by CLDR; %d states without a region: %q", named, total, len(missing), missing)
	if len(uses) < 150 || float64(named) < 0.99*float64(total) {
		t.Errorf("only %d of %d country mentions (%d states) have a region; missing: %q", named, total, len(uses), missing)
	}
}
