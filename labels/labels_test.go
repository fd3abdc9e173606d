package labels_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/health"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
	"github.com/wikicities/wikicities/match"
)

// Health reasons are said by code in the reader's language, whether their
// parameters come from the health package (ints) or from JSON (floats);
// names are left as they are (escaping is the page's or the table's job);
// an unknown code falls back to the domain's English text.
func TestHealthSummarySpeaksTheReadersLanguage(t *testing.T) {
	rep := health.Report{Reasons: []health.Reason{
		{Code: health.ReasonOverdue, Params: map[string]any{"overdue": 2, "total": 5}},
		{Code: health.ReasonOneSided, Params: map[string]any{"side": "a", "party": "<b>Kontor</b>"}},
		{Code: health.ReasonNoActivity, Params: map[string]any{"n": float64(7), "unit": "months"}},
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

// Durations are said in the unit the health package chose, declined as each
// language needs, in every unit.
func TestHealthDurationsAreSaidInDaysWeeksMonthsYears(t *testing.T) {
	c := i18n.Default()
	for _, tc := range []struct {
		lang, code, unit string
		n                int
		want             string
	}{
		{"en", health.ReasonNoActivity, "weeks", 3, "no activity for 3 weeks"},
		{"en", health.ReasonNoActivity, "years", 1, "no activity for 1 year"},
		{"en", health.ReasonNoActivityYet, "days", 12, "no activity yet, 12 days after the agreement"},
		{"en", health.ReasonReviewDue, "months", 2, "the agreement's review date passed 2 months ago"},
		{"de", health.ReasonNoActivity, "months", 7, "seit 7 Monaten keine Aktivität"},
		{"de", health.ReasonNoActivityYet, "weeks", 5, "noch keine Aktivität, 5 Wochen nach der Vereinbarung"},
		{"de", health.ReasonReviewDue, "years", 2, "der Überprüfungstermin der Vereinbarung ist seit 2 Jahren verstrichen"},
		{"ar", health.ReasonNoActivity, "months", 7, "لا نشاط منذ ٧ أشهر"},
		{"ar", health.ReasonNoActivity, "weeks", 2, "لا نشاط منذ أسبوعين"},
		{"en", health.ReasonNoActivity, "fortnights", 2, "no activity for 2 days"},
	} {
		got := labels.HealthReason(c.Printer(tc.lang), health.Reason{Code: tc.code, Params: map[string]any{"n": tc.n, "unit": tc.unit}})
		if got != tc.want {
			t.Errorf("%s %s %d %s: %q, want %q", tc.lang, tc.code, tc.n, tc.unit, got, tc.want)
		}
	}
}

// Every verdict of a health assessment has a label in every language.
func TestEveryHealthStatusIsTranslated(t *testing.T) {
	for _, lang := range []string{"en", "de", "ar"} {
		p := i18n.Default().Printer(lang)
		seen := map[string]bool{}
		for _, s := range constants(t, "../health/health.go", "Status") {
			got := labels.HealthStatus(p, health.Status(s))
			if (got == s && lang != "en") || strings.Contains(got, "⧼") || seen[got] {
				t.Errorf("%s: status %q is said %q", lang, s, got)
			}
			seen[got] = true
		}
	}
}

// reasonCodes returns the string constants named Reason* declared in the
// Go file at path: every reason code the package can give.
func reasonCodes(t *testing.T, path string) []string { return constants(t, path, "Reason") }

// constants returns the string constants whose names begin with prefix
// declared in the Go file at path.
func constants(t *testing.T, path, prefix string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			v := spec.(*ast.ValueSpec)
			for i, name := range v.Names {
				if !strings.HasPrefix(name.Name, prefix) || i >= len(v.Values) {
					continue
				}
				if lit, ok := v.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					code, _ := strconv.Unquote(lit.Value)
					codes = append(codes, code)
				}
			}
		}
	}
	if len(codes) < 5 {
		t.Fatalf("%s: found only %d %s constants: the scan is broken", path, len(codes), prefix)
	}
	return codes
}

// Every reason a suggestion or a health score can give is translated: a
// code added to match or health without a message would show its English
// text on a German or Arabic page.
func TestEveryReasonCodeIsTranslated(t *testing.T) {
	const untranslated = "UNTRANSLATED"
	p := i18n.Default().Printer("de")
	for _, code := range reasonCodes(t, "../suggestion.go") {
		got := labels.SuggestionReason(p, match.Reason{Code: code, Text: untranslated, Params: map[string]any{}})
		if got == untranslated || strings.Contains(got, "⧼") {
			t.Errorf("suggestion reason %q is not translated: %q", code, got)
		}
	}
	for _, code := range reasonCodes(t, "../health/health.go") {
		got := labels.HealthReason(p, health.Reason{Code: code, Text: untranslated, Params: map[string]any{}})
		if got == untranslated || strings.Contains(got, "⧼") {
			t.Errorf("health reason %q is not translated: %q", code, got)
		}
	}
}

// The places to recruit that a suggestion lists are said in the reader's
// language with their parameters.
func TestRecruitReasonsAreTranslated(t *testing.T) {
	p := i18n.Default().Printer("de")
	for _, c := range []struct {
		r    match.Reason
		want string
	}{
		{match.Reason{Code: match.ReasonRecruit, Params: map[string]any{"city": "Nagahama", "our_city": "Augsburg"}},
			"Nagahama ist eine Partnerstadt von Augsburg und hat noch keine Wikimedia-Gruppe: ein Ort, um Mitwirkende zu gewinnen"},
		{match.Reason{Code: match.ReasonNoneNear, Params: map[string]any{"radius_km": float64(150)}}, "keine aktive Gemeinschaft im Umkreis von 150 km"},
		{match.Reason{Code: match.ReasonRecruitNearest, Params: map[string]any{"community": "WikiMUC", "distance_km": 44.0}}, "nächste Gemeinschaft: WikiMUC (44 km)"},
	} {
		if got := labels.SuggestionReason(p, c.r); got != c.want {
			t.Errorf("%s: %q, want %q", c.r.Code, got, c.want)
		}
	}
}

// The reasons for partners near our city or covering a twin city's
// country are said with their distance, country and twin cities.
func TestNearAndCoveringReasonsAreTranslated(t *testing.T) {
	covers := func(twins ...string) match.Reason {
		return match.Reason{Code: match.ReasonCoversCountry, Params: map[string]any{"country": "Vereinigtes Königreich", "twin_cities": twins}}
	}
	for _, c := range []struct {
		lang string
		r    match.Reason
		want string
	}{
		{"de", match.Reason{Code: match.ReasonNearHome, Params: map[string]any{"city": "München", "distance_km": 33.0}}, "33 km von unserer Stadt München entfernt"},
		{"en", match.Reason{Code: match.ReasonNearHome, Params: map[string]any{"city": "Munich", "distance_km": 33.0}}, "33 km from our city Munich"},
		{"en", match.Reason{Code: match.ReasonNearHome, Params: map[string]any{"city": "Munich", "distance_km": 0.2}}, "in our city Munich"},
		{"de", match.Reason{Code: match.ReasonNearHome, Params: map[string]any{"city": "München", "distance_km": 0.0}}, "in unserer Stadt München"},
		{"de", covers("Edinburgh"), "zuständig für Vereinigtes Königreich, wo unsere Partnerstadt Edinburgh liegt"},
		{"de", covers("Edinburgh", "Glasgow"), "zuständig für Vereinigtes Königreich, wo unsere Partnerstädte Edinburgh, Glasgow liegen"},
		{"en", covers("Edinburgh", "Glasgow"), "covers Vereinigtes Königreich, where our twin cities Edinburgh, Glasgow are"},
		// The matcher names the country as the data does (in English): a
		// German page showed "zuständig für United States".
		{"de", match.Reason{Code: match.ReasonCoversCountry, Params: map[string]any{"country": "United States", "twin_cities": []string{"Cincinnati"}}},
			"zuständig für Vereinigte Staaten, wo unsere Partnerstadt Cincinnati liegt"},
		{"en", match.Reason{Code: match.ReasonTwinRegion, Params: map[string]any{"region": "Scotland", "twin_cities": []string{"Edinburgh"}}}, "in Scotland, the region of our twin city Edinburgh"},
		{"de", match.Reason{Code: match.ReasonTwinRegion, Params: map[string]any{"region": "Veneto", "twin_cities": []string{"Verona", "Vicenza"}}}, "in Veneto, der Region unserer Partnerstädte Verona, Vicenza"},
		{"ar", match.Reason{Code: match.ReasonTwinRegion, Params: map[string]any{"region": "Scotland", "twin_cities": []string{"Edinburgh"}}}, "في Scotland، منطقة مدينتنا التوأم Edinburgh"},
	} {
		if got := labels.SuggestionReason(i18n.Default().Printer(c.lang), c.r); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.lang, c.r.Code, got, c.want)
		}
	}
}

// Every kind of invalid input the domain names is said in the reader's
// language: a Problem added without a message would show English on a
// German form.
func TestEveryProblemIsTranslated(t *testing.T) {
	const english = "ENGLISH"
	p := i18n.Default().Printer("de")
	for _, code := range constants(t, "../wikicities.go", "Problem") {
		got := labels.Problem(p, &wikicities.FieldError{Field: "name", Message: english, Problem: wikicities.Problem(code), Params: []any{7, 9}})
		if strings.Contains(got, english) || strings.Contains(got, "⧼") {
			t.Errorf("problem %q is not translated: %q", code, got)
		}
	}
	// Parameters are localised; a problem without a kind keeps its English.
	e := &wikicities.FieldError{Field: "name", Message: "is too odd"}
	if got := labels.Problem(p, e.Because(wikicities.ProblemTooLong, 1000)); got != "Zu lang: höchstens 1.000 Bytes (ein Buchstabe belegt 1 bis 4 Bytes)." {
		t.Errorf("too long, German: %q", got)
	}
	// A choice left empty (a form's select sent without a value) is missing.
	if got := labels.Problem(p, e.Because(wikicities.ProblemNotAllowed, wikicities.EventType(""))); got != "Dieses Feld ist erforderlich." {
		t.Errorf("empty choice, German: %q", got)
	}
	if got := labels.Problem(p, &wikicities.FieldError{Field: "name", Message: "is too odd"}); !strings.Contains(got, "is too odd") {
		t.Errorf("no kind: %q", got)
	}
}

// Reasons name their cities in the reader's language where they give the
// cities' ids, in the JSON form too (ids read back as float64), and keep
// the matcher's names for cities the namer does not know.
func TestReasonsNameCitiesInTheReadersLanguage(t *testing.T) {
	de := map[int64]string{1: "München", 2: "Edinburgh", 5: "Sankt Petersburg"}
	name := func(id int64) string { return de[id] }
	p := i18n.Default().Printer("de")
	for _, c := range []struct {
		r    match.Reason
		want string
	}{
		{match.Reason{Code: match.ReasonNearHome, Params: map[string]any{"city": "Munich", "city_id": int64(1), "distance_km": 0.0}}, "in unserer Stadt München"},
		{match.Reason{Code: match.ReasonRecruit, Params: map[string]any{"city": "Saint Petersburg", "city_id": float64(5), "our_city": "Munich", "our_city_id": float64(1)}}, "Sankt Petersburg"},
		{match.Reason{Code: match.ReasonSecondDegree, Params: map[string]any{"city": "Dunedin", "city_id": int64(9), "via": []string{"Edinburgh"}, "via_ids": []any{float64(2)}}}, "Dunedin"},
		{match.Reason{Code: match.ReasonCoversCountry, Params: map[string]any{"country": "Russia", "twin_cities": []string{"Saint Petersburg", "Edinburgh"}, "twin_city_ids": []int64{5, 2}}}, "Edinburgh, Sankt Petersburg"},
	} {
		got := labels.SuggestionReasonNamed(p, c.r, name)
		if !strings.Contains(got, c.want) || strings.Contains(got, "Munich") || strings.Contains(got, "Saint Petersburg") {
			t.Errorf("%s: %q, want it to say %q and no English city name", c.r.Code, got, c.want)
		}
	}
	// Without a namer, the matcher's names.
	if got := labels.SuggestionReason(p, match.Reason{Code: match.ReasonTwinCity, Params: map[string]any{"city": "Munich", "city_id": int64(1)}}); !strings.Contains(got, "Munich") {
		t.Errorf("without a namer: %q", got)
	}
}
