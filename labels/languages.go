package labels

import (
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
)

// LanguageChoice is a language as a picker offers it: its code, its name in
// its own language (autonym) and its name in the reader's language. A name
// that x/text does not know is the code.
type LanguageChoice struct {
	Code    string `json:"code"`
	Autonym string `json:"autonym"`
	Name    string `json:"name"`
	Value   string `json:"value"` // what the form's field shows for it
}

// LanguageChoices returns every known Wikimedia language, named for p's
// reader, sorted by that name.
func LanguageChoices(p *i18n.Printer) []LanguageChoice {
	codes := wikicities.KnownLanguages()
	values := LanguageValues(p, codes)
	out := make([]LanguageChoice, 0, len(codes))
	for i, c := range codes {
		out = append(out, LanguageChoice{Code: c, Autonym: autonym(c), Name: Language(p, c), Value: values[i]})
	}
	sort.SliceStable(out, func(i, j int) bool { return wikicities.NameKey(out[i].Name) < wikicities.NameKey(out[j].Name) })
	return out
}

func autonym(code string) string {
	t, err := language.Parse(code)
	if err != nil {
		return code
	}
	if n := display.Self.Name(t); n != "" {
		return n
	}
	return code
}

// ParseLanguages reads a list of languages typed or picked for p's reader,
// separated by commas: each item is a code ("de"), or a language's name in
// the reader's language ("German", "Deutsch" on a German page), in its own
// language ("Deutsch") or in English. It returns the codes in order,
// without repeats, and the items it could not read (unknown, or naming
// several languages).
func ParseLanguages(p *i18n.Printer, text string) (codes, unknown []string) {
	var byName map[string][]string
	seen := map[string]bool{}
	for _, item := range strings.Split(text, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		code := strings.ToLower(item)
		if open := strings.LastIndexByte(code, '('); open > 0 && strings.HasSuffix(code, ")") {
			code = strings.TrimSpace(code[open+1 : len(code)-1]) // "Belarusian (be-tarask)"
		}
		if !wikicities.ValidLanguage(code) {
			if byName == nil {
				byName = languageNames(p)
			}
			var ok bool
			if code, ok = only(byName[wikicities.NameKey(item)]); !ok {
				unknown = append(unknown, item)
				continue
			}
		}
		if !seen[code] {
			seen[code] = true
			codes = append(codes, code)
		}
	}
	return codes, unknown
}

// namesByLang caches languageNames by the reader's language.
var namesByLang sync.Map // string -> map[string][]string

// languageNames maps the folded names of every known language (in p's
// language, in English and its autonym) to the codes so named.
func languageNames(p *i18n.Printer) map[string][]string {
	if m, ok := namesByLang.Load(p.Lang()); ok {
		return m.(map[string][]string)
	}
	en := i18n.Default().Printer(i18n.Fallback)
	m := map[string][]string{}
	for _, c := range wikicities.KnownLanguages() {
		names := map[string]bool{}
		for _, n := range []string{Language(p, c), Language(en, c), autonym(c)} {
			if n != c {
				names[wikicities.NameKey(n)] = true
			}
		}
		for n := range names {
			m[n] = append(m[n], c)
		}
	}
	namesByLang.Store(p.Lang(), m)
	return m
}

// only returns the one code of codes; of several, the one that all the
// others refine ("be" of "be" and "be-x-old"), if there is one.
func only(codes []string) (string, bool) {
	if len(codes) == 0 {
		return "", false
	}
	base := codes[0]
	for _, c := range codes {
		if len(c) < len(base) {
			base = c
		}
	}
	for _, c := range codes {
		if c != base && !strings.HasPrefix(c, base+"-") {
			return "", false
		}
	}
	return base, true
}

// LanguageValues returns codes as a picker and the form show them in p's
// language: each its name, or "name (code)" where the name alone would be
// read back as another language; ParseLanguages reads them back.
func LanguageValues(p *i18n.Printer, codes []string) []string {
	var byName map[string][]string
	out := make([]string, len(codes))
	for i, c := range codes {
		c = strings.ToLower(c)
		name := Language(p, c)
		if name == c {
			out[i] = c
			continue
		}
		if byName == nil {
			byName = languageNames(p)
		}
		if got, ok := only(byName[wikicities.NameKey(name)]); ok && got == c && !wikicities.ValidLanguage(name) {
			out[i] = name
		} else {
			out[i] = name + " (" + c + ")"
		}
	}
	return out
}
