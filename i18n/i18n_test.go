package i18n_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wikicities/wikicities/i18n"
)

func TestPluralFollowsEachLanguagesRules(t *testing.T) {
	cat := testCatalog(t)
	tests := []struct {
		lang string
		n    any
		want string
	}{
		{"en", 0, "0 cities"},
		{"en", 1, "1 city"},
		{"en", 2, "2 cities"},
		{"en", 1000, "1,000 cities"},
		{"en", "1", "1 city"},
		{"en", 1.5, "1.5 cities"},
		{"de", 1, "1 Stadt"},
		{"de", 0, "0 Städte"},
		{"de", 21, "21 Städte"},
		{"de", 1234, "1.234 Städte"},
		// Arabic has six forms: zero, one, two, few (3-10 mod 100),
		// many (11-99 mod 100), other.
		{"ar", 0, "zero"},
		{"ar", 1, "one"},
		{"ar", 2, "two"},
		{"ar", 3, "few ٣"},
		{"ar", 10, "few ١٠"},
		{"ar", 11, "many ١١"},
		{"ar", 99, "many ٩٩"},
		{"ar", 100, "other ١٠٠"},
		{"ar", 102, "other ١٠٢"},
		{"ar", 103, "few ١٠٣"},
		{"ar", 111, "many ١١١"},
	}
	for _, tt := range tests {
		if got := cat.Printer(tt.lang).Msg("cities", tt.n); got != tt.want {
			t.Errorf("%s: cities(%v) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

func TestPluralEdgeCases(t *testing.T) {
	cat := testCatalog(t)
	tests := []struct {
		name, lang, key string
		args            []any
		want            string
	}{
		{"explicit number form wins", "en", "explicit", []any{0}, "no cities"},
		{"explicit form skipped for other numbers", "en", "explicit", []any{1}, "1 city"},
		{"fewer forms than categories: last form for the rest", "ar", "short", []any{11}, "b"},
		{"first of two forms for zero in Arabic", "ar", "short", []any{0}, "a"},
		{"literal number", "en", "literal", nil, "items"},
		{"missing parameter counts as other", "en", "cities", nil, "$1 cities"},
		{"several parameters and plurals", "en", "two-params", []any{"Lyon", 3}, "Lyon has 3 twins"},
		{"parameter reused", "en", "twice", []any{"x"}, "x and x"},
		{"dollar without digit kept", "en", "dollar", []any{"x"}, "costs $ and x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cat.Printer(tt.lang).Msg(tt.key, tt.args...); got != tt.want {
				t.Errorf("Msg(%q, %v) = %q, want %q", tt.key, tt.args, got, tt.want)
			}
		})
	}
}

func TestMsgFallsBackToEnglishThenToKey(t *testing.T) {
	cat := testCatalog(t)
	de := cat.Printer("de")
	if got := de.Msg("only-english"); got != "English only" {
		t.Errorf("missing German message: got %q, want the English one", got)
	}
	if got := de.Msg("no-such-key"); got != "⧼no-such-key⧽" {
		t.Errorf("missing everywhere: got %q, want the key in brackets", got)
	}
	if got := cat.Printer("xx").Lang(); got != "en" {
		t.Errorf("printer of an unserved language speaks %q, want en", got)
	}
}

func TestMatchNegotiatesLanguage(t *testing.T) {
	cat := testCatalog(t)
	tests := []struct {
		name, accept string
		candidates   []string
		want         string
	}{
		{"nothing asked: English", "", nil, "en"},
		{"uselang wins over Accept-Language", "de", []string{"ar"}, "ar"},
		{"unserved uselang is skipped", "de", []string{"qq-fake", ""}, "de"},
		{"account choice when no uselang", "en", []string{"", "de"}, "de"},
		{"Accept-Language with regions and weights", "fr-CH, ar-EG;q=0.9, en;q=0.5", nil, "ar"},
		{"Accept-Language with only unserved languages", "ja, zh;q=0.8", nil, "en"},
		{"malformed Accept-Language", ";;;q=x", nil, "en"},
		{"Swiss German matches German", "de-CH", nil, "de"},
		{"candidate in another case", "", []string{"DE"}, "de"},
		{"regional candidate gets its language", "ar", []string{"de-CH"}, "de"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Twice: the second answer comes from the memo of headers.
			for range 2 {
				if got := cat.Match(tt.accept, tt.candidates...); got != tt.want {
					t.Errorf("Match(%q, %q) = %q, want %q", tt.accept, tt.candidates, got, tt.want)
				}
			}
		})
	}
}

// Past its bound, the memo of Accept-Language headers stops growing and
// the answers stay right.
func TestMatchRemembersBoundedHeaders(t *testing.T) {
	cat := testCatalog(t)
	for i := range 3000 {
		if got := cat.Match(fmt.Sprintf("x-%d, de;q=0.5", i)); got != "de" {
			t.Fatalf("header %d: %q, want de", i, got)
		}
	}
	if got := cat.Match("ar-EG"); got != "ar" {
		t.Errorf("a new header past the bound: %q, want ar", got)
	}
}

func TestDir(t *testing.T) {
	for lang, want := range map[string]string{"en": "ltr", "de": "ltr", "ar": "rtl", "he": "rtl", "fa-IR": "rtl", "ur": "rtl", "arn": "ltr"} {
		if got := i18n.Dir(lang); got != want {
			t.Errorf("Dir(%q) = %q, want %q", lang, got, want)
		}
	}
	if got := i18n.Default().Printer("ar").Dir(); got != "rtl" {
		t.Errorf("Arabic printer's direction %q, want rtl", got)
	}
}

func TestLoadNamesTheBrokenFile(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
		want  string
	}{
		{"invalid JSON", fstest.MapFS{"en.json": {Data: []byte(`{"a": "b",}`)}}, "en.json"},
		{"non-string message", fstest.MapFS{"en.json": {Data: []byte(`{"a": "b"}`)}, "de.json": {Data: []byte(`{"a": 3}`)}}, `de.json: key "a"`},
		{"no English", fstest.MapFS{"de.json": {Data: []byte(`{"a": "b"}`)}}, "en.json is missing"},
		{"file name not a language", fstest.MapFS{"en.json": {Data: []byte(`{}`)}, "not_a-lang!.json": {Data: []byte(`{}`)}}, "not_a-lang!.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := i18n.Load(tt.files)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Load: error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// The shipped message files: every English key is documented in qqq.json,
// every documented key exists in English, every translation translates an
// English key, and every message is well formed.
func TestShippedMessagesAreDocumentedAndWellFormed(t *testing.T) {
	en := readMessages(t, "en.json")
	qqq := readMessages(t, "qqq.json")
	for k := range en {
		if strings.TrimSpace(qqq[k]) == "" {
			t.Errorf("qqq.json: key %q has no documentation (make i18n-add adds both)", k)
		}
	}
	for k := range qqq {
		if _, ok := en[k]; !ok {
			t.Errorf("qqq.json: key %q documents no English message", k)
		}
	}
	langs, _ := filepath.Glob("*.json")
	for _, file := range langs {
		lang := strings.TrimSuffix(file, ".json")
		if lang == "en" || lang == "qqq" {
			continue
		}
		msgs := readMessages(t, file)
		for k, m := range msgs {
			if _, ok := en[k]; !ok {
				t.Errorf("%s.json: key %q is not in en.json", lang, k)
			}
			if strings.Count(m, "{{") != strings.Count(m, "}}") {
				t.Errorf("%s.json: key %q: unbalanced braces in %q", lang, k, m)
			}
			if want, got := params(en[k]), params(m); want != got {
				t.Errorf("%s.json: key %q uses parameters %q, English uses %q", lang, k, got, want)
			}
		}
		// A missing translation falls back to English, as on translatewiki.net
		// where translations follow the source; list them for translators.
		var missing []string
		for k := range en {
			if _, ok := msgs[k]; !ok {
				missing = append(missing, k)
			}
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			t.Logf("%s.json: %d of %d messages not translated yet (shown in English): %s", lang, len(missing), len(en), strings.Join(missing, ", "))
		}
	}
	cat := i18n.Default()
	for _, lang := range cat.Languages() {
		for _, k := range cat.Keys(lang) {
			if out := cat.Printer(lang).Msg(k, 7, 7); strings.Contains(out, "{{") {
				t.Errorf("%s: key %q leaves markup after formatting: %q", lang, k, out)
			}
		}
	}
}

var paramRE = regexp.MustCompile(`\$\d`)

func params(m string) string {
	seen := map[string]bool{}
	for _, p := range paramRE.FindAllString(m, -1) {
		seen[p] = true
	}
	out := ""
	for i := 1; i <= 9; i++ {
		if seen["$"+string(rune('0'+i))] {
			out += "$" + string(rune('0'+i))
		}
	}
	return out
}

func readMessages(t *testing.T, name string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if _, ok := raw["@metadata"].(map[string]any); !ok {
		t.Errorf("%s: no @metadata block", name)
	}
	out := map[string]string{}
	for k, v := range raw {
		if k == "@metadata" {
			continue
		}
		s, ok := v.(string)
		if !ok {
			t.Errorf("%s: key %q is not a string", name, k)
		}
		out[k] = s
	}
	return out
}

func TestAddMessageAppendsToEnglishAndDocumentation(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "en.json"), []byte("{\n\t\"@metadata\": {\n\t\t\"authors\": [\"A\"]\n\t},\n\t\"zeta\": \"Z\",\n\t\"alpha\": \"Ä\"\n}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "qqq.json"), []byte("{\n\t\"@metadata\": {},\n\t\"zeta\": \"doc z\",\n\t\"alpha\": \"doc a\"\n}\n"), 0o644)
	if err := i18n.AddMessage(dir, "new-key", "{{PLURAL:$1|one <b>|$1 & more}}", "Doc of new-key."); err != nil {
		t.Fatal(err)
	}
	en, _ := os.ReadFile(filepath.Join(dir, "en.json"))
	want := "{\n\t\"@metadata\": {\n\t\t\"authors\": [\n\t\t\t\"A\"\n\t\t]\n\t},\n\t\"zeta\": \"Z\",\n\t\"alpha\": \"Ä\",\n\t\"new-key\": \"{{PLURAL:$1|one <b>|$1 & more}}\"\n}\n"
	if string(en) != want {
		t.Errorf("en.json:\n%s\nwant:\n%s", en, want)
	}
	qqq, _ := os.ReadFile(filepath.Join(dir, "qqq.json"))
	if !strings.HasSuffix(string(qqq), "\t\"alpha\": \"doc a\",\n\t\"new-key\": \"Doc of new-key.\"\n}\n") {
		t.Errorf("qqq.json does not end with the new key:\n%s", qqq)
	}
	cat, err := i18n.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if got := cat.Printer("en").Msg("new-key", 2); got != "2 & more" {
		t.Errorf("new message formats as %q", got)
	}
}

func TestAddMessageRefuses(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "en.json"), []byte(`{"taken": "x"}`), 0o644)
	os.WriteFile(filepath.Join(dir, "qqq.json"), []byte(`{"taken": "doc"}`), 0o644)
	tests := []struct{ name, key, msg, doc, want string }{
		{"existing key", "taken", "m", "d", `key "taken" exists already`},
		{"malformed key", "Bad Key", "m", "d", "lower-case words"},
		{"no documentation", "fine-key", "m", "", "documentation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := i18n.AddMessage(dir, tt.key, tt.msg, tt.doc)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "en.json")); string(b) != `{"taken": "x"}` {
		t.Errorf("a refused addition changed en.json: %s", b)
	}
}

func testCatalog(t *testing.T) *i18n.Catalog {
	t.Helper()
	cat, err := i18n.Load(fstest.MapFS{
		"en.json": {Data: []byte(`{"@metadata": {"authors": []},
			"cities": "{{PLURAL:$1|$1 city|$1 cities}}",
			"explicit": "{{PLURAL:$1|0=no cities|$1 city|$1 cities}}",
			"literal": "{{PLURAL:5|item|items}}",
			"two-params": "$1 has {{PLURAL:$2|one twin|$2 twins}}",
			"twice": "$1 and $1",
			"dollar": "costs $ and $1",
			"only-english": "English only",
			"short": "{{PLURAL:$1|a|b}}"}`)},
		"de.json":  {Data: []byte(`{"cities": "{{PLURAL:$1|$1 Stadt|$1 Städte}}"}`)},
		"ar.json":  {Data: []byte(`{"cities": "{{PLURAL:$1|zero|one|two|few $1|many $1|other $1}}", "short": "{{PLURAL:$1|a|b}}"}`)},
		"qqq.json": {Data: []byte(`{"cities": "doc"}`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// On a right-to-left page a parameter with Latin letters is isolated, so
// that "[Demo] Wiki Club at the Deutsches Museum" keeps its order inside
// an Arabic sentence; Arabic parameters, left-to-right languages, plain
// printers (mails, the command line) and isolated parameters are left as
// they are.
func TestIsolatingPrinterIsolatesLatinParametersInRightToLeft(t *testing.T) {
	cat := i18n.Default()
	name := "[Demo] Wiki Club"
	ar := cat.Printer("ar")
	for _, c := range []struct {
		p    *i18n.Printer
		arg  string
		want string
	}{
		{ar.Isolating(), name, "كل فعاليات \u2068" + name + "\u2069"},
		{ar.Isolating(), "ميونخ", "كل فعاليات ميونخ"},
		{ar.Isolating(), "\u2068" + name + "\u2069", "كل فعاليات \u2068" + name + "\u2069"},
		{ar, name, "كل فعاليات " + name},
		{cat.Printer("en").Isolating(), name, "All events of " + name},
	} {
		if got := c.p.Msg("community-events-link", c.arg); got != c.want {
			t.Errorf("%s %q: %q, want %q", c.p.Lang(), c.arg, got, c.want)
		}
	}
}

// A decimal is written in the language's digits: Arabic pages said
// "القوة 10.0" among Arabic-Indic figures.
func TestDecimalUsesTheLanguagesDigits(t *testing.T) {
	for lang, want := range map[string]string{"en": "10.5", "de": "10,5", "ar": "١٠٫٥"} {
		if got := i18n.Default().Printer(lang).Decimal(10.5, 1); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}

// German pages address the reader as "du", as most of them do: "Filtern
// Sie, um Partner zu finden" and "Ihre Gruppe eintragen" stood beside
// "Wartet auf dich". A formal imperative ("Wählen Sie") or "Ihnen" fails.
func TestGermanAddressesTheReaderAsDu(t *testing.T) {
	cat := i18n.Default()
	formal := regexp.MustCompile(`\b\p{L}+en Sie\b|\bIhnen\b|^Ihre (Gruppe|Gruppen|Partnerschaften)\b`)
	de := cat.Printer("de")
	for _, k := range cat.Keys("de") {
		if m := de.Msg(k); formal.MatchString(m) {
			t.Errorf("%s: %q addresses the reader as Sie", k, m)
		}
	}
}
