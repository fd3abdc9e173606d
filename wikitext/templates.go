package wikitext

import (
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/wikicities/wikicities"
)

// The reader does not expand templates (it has no wiki to fetch them from);
// it knows what a few common ones display. Flag templates yield the country
// they name; formatting templates yield their text; link templates yield a
// link; {{!}} and friends yield their character. Any other template
// displays nothing.

// templateRule renders one known template from its arguments.
type templateRule func(r *renderer, t *templateCall)

// templateCall is a template's name and arguments, as source ranges.
type templateCall struct {
	positional []rng
	named      map[string]rng
	depth      int
}

func (t *templateCall) arg(n int) (rng, bool) {
	if n < 1 || n > len(t.positional) {
		return rng{}, false
	}
	return t.positional[n-1], true
}

var templateRules = map[string]templateRule{}

func init() {
	for _, n := range []string{"flag", "flagcountry", "flagu", "flag country", "country flag", "flagcountry2"} {
		templateRules[n] = flagRule(true)
	}
	for _, n := range []string{"flagicon", "flag icon", "flagdeco", "flagicon2", "flag deco"} {
		templateRules[n] = flagRule(false)
	}
	literal := map[string]string{"!": "|", "!!": "||", "=": "=", "(!": "{|", "!)": "|}", "!-": "|-",
		"·": " · ", "dot": " · ", "middot": "·", "nbsp": " ", "ndash": "–", "mdash": "—", "snd": " – ", "spaced ndash": " – ", "-": "–"}
	for n, s := range literal {
		templateRules[n] = func(r *renderer, _ *templateCall) { r.b.WriteString(s) }
	}
	// Templates displaying their first (or last) positional argument.
	for _, n := range []string{"nowrap", "nobr", "small", "big", "nobold", "noitalic", "resize", "center", "abbr", "tooltip", "lang-xx", "anchor-text", "nowrap begin"} {
		templateRules[n] = argRule(1)
	}
	for _, n := range []string{"lang", "transl", "langx", "sort"} {
		templateRules[n] = lastArgRule
	}
	templateRules["sortname"] = func(r *renderer, t *templateCall) {
		for i := 1; i <= 2; i++ {
			if a, ok := t.arg(i); ok {
				if i == 2 {
					r.b.WriteByte(' ')
				}
				r.render(a.a, a.b, t.depth)
			}
		}
	}
	for _, n := range []string{"w", "wp", "wikipedia"} {
		templateRules[n] = linkRule("w:")
	}
	for _, n := range []string{"ill", "interlanguage link", "interlanguage link multi"} {
		templateRules[n] = linkRule("")
	}
	for _, n := range []string{"user", "u", "user link", "noping", "ping"} {
		templateRules[n] = linkRule("User:")
	}
	for _, n := range []string{"q", "wd", "wikidata entity link"} {
		templateRules[n] = linkRule("d:")
	}
}

// flagRule records the country named by the first argument; withText also
// displays it, as {{flag}} does ({{flagicon}} shows only the image).
func flagRule(withText bool) templateRule {
	return func(r *renderer, t *templateCall) {
		a, ok := t.arg(1)
		if !ok {
			return
		}
		country := CountryName(r.plain(a, t.depth))
		if country == "" {
			return
		}
		start := r.b.Len()
		if withText {
			if n, ok := t.named["name"]; ok {
				r.render(n.a, n.b, t.depth)
			} else {
				r.b.WriteString(country)
			}
		}
		r.flags = append(r.flags, Flag{Country: country, Text: collapseSpaces(r.b.String()[start:])})
		r.flagAt = append(r.flagAt, start)
	}
}

// countryCodeRule is a country template named by its code, as English
// Wikipedia's {{MEX}} and {{GER}}: a flag and the country's name.
func countryCodeRule(country string) templateRule {
	return func(r *renderer, _ *templateCall) {
		start := r.b.Len()
		r.b.WriteString(country)
		r.flags = append(r.flags, Flag{Country: country, Text: country})
		r.flagAt = append(r.flagAt, start)
	}
}

// countryCode returns the country a template named by an upper-case
// three-letter code stands for ("MEX", "GER"), or "".
func countryCode(name string) string {
	if len(name) != 3 || strings.ToUpper(name) != name || strings.ToLower(name) == name {
		return ""
	}
	if c := CountryName(name); c != name {
		return c
	}
	return ""
}

func argRule(n int) templateRule {
	return func(r *renderer, t *templateCall) {
		if a, ok := t.arg(n); ok {
			r.render(a.a, a.b, t.depth)
		}
	}
}

func lastArgRule(r *renderer, t *templateCall) {
	if len(t.positional) > 0 {
		a := t.positional[len(t.positional)-1]
		r.render(a.a, a.b, t.depth)
	}
}

// linkRule renders {{w|Munich}} and its kind: a link to prefix+arg1 showing
// arg2 (or lt=), else arg1.
func linkRule(prefix string) templateRule {
	return func(r *renderer, t *templateCall) {
		a, ok := t.arg(1)
		if !ok {
			return
		}
		target := r.plain(a, t.depth)
		label := a
		if l, ok := t.named["lt"]; ok {
			label = l
		} else if l, ok := t.arg(2); ok && prefix != "" {
			label = l
		}
		start := r.b.Len()
		r.render(label.a, label.b, t.depth)
		r.links = append(r.links, Link{Target: prefix + normTitle(target), Text: strings.TrimSpace(r.b.String()[start:])})
		r.linkAt = append(r.linkAt, start)
	}
}

// plain renders a range on its own and returns its text, keeping the links
// and flags it holds out of the cell.
func (r *renderer) plain(a rng, depth int) string {
	sub := &renderer{d: r.d, nextBracket: -1, nextNewline: -1}
	sub.render(a.a, a.b, depth)
	return collapseSpaces(sub.b.String())
}

// splitPipes splits src[a:b] at the | outside nested regions.
func (r *renderer) splitPipes(a, b int) []rng {
	var out []rng
	start := a
	for i := a; i < b; {
		if e, _ := r.d.span(i); e > 0 && e <= b {
			i = e
			continue
		}
		if r.d.src[i] == '|' {
			out = append(out, rng{start, i})
			start = i + 1
		}
		i++
	}
	return append(out, rng{start, b})
}

// template renders the template whose inner text is src[a:b].
func (r *renderer) template(a, b, depth int) {
	parts := r.splitPipes(a, b)
	raw := strings.TrimSpace(r.plain(parts[0], depth))
	name := strings.ToLower(raw)
	name = strings.TrimPrefix(name, "template:")
	name = strings.TrimSpace(strings.ReplaceAll(name, "_", " "))
	rule := templateRules[name]
	if rule == nil {
		switch c := countryCode(raw); {
		case strings.HasPrefix(name, "lang-"):
			rule = argRule(1)
		case c != "" && len(parts) == 1:
			rule = countryCodeRule(c)
		default:
			return
		}
	}
	t := &templateCall{depth: depth}
	for _, p := range parts[1:] {
		if eq := r.topLevelEquals(p); eq >= 0 {
			if t.named == nil {
				t.named = map[string]rng{}
			}
			t.named[strings.ToLower(strings.TrimSpace(r.d.src[p.a:eq]))] = rng{eq + 1, p.b}
			continue
		}
		t.positional = append(t.positional, p)
	}
	rule(r, t)
}

func (r *renderer) topLevelEquals(p rng) int {
	for i := p.a; i < p.b; {
		if e, _ := r.d.span(i); e > 0 && e <= p.b {
			i = e
			continue
		}
		if r.d.src[i] == '=' {
			return i
		}
		i++
	}
	return -1
}

// nonTextNamespaces are link prefixes that display no text inline: images
// and category tags (in the languages Meta-Wiki's pages are written in most).
var nonTextNamespaces = map[string]bool{
	"file": true, "image": true, "category": true, "media": true,
	"datei": true, "bild": true, "kategorie": true, "fichier": true, "catégorie": true,
	"archivo": true, "imagen": true, "categoría": true, "immagine": true, "categoria": true,
	"ficheiro": true, "plik": true, "kategoria": true, "файл": true, "категория": true,
}

// link renders the wiki link whose inner text is src[a:b].
func (r *renderer) link(a, b, depth int) {
	parts := r.splitPipes(a, b)
	target := r.plain(parts[0], depth)
	colon := strings.HasPrefix(target, ":")
	target = strings.TrimPrefix(target, ":")
	if !colon {
		if i := strings.IndexByte(target, ':'); i > 0 && nonTextNamespaces[strings.ToLower(strings.TrimSpace(target[:i]))] {
			return
		}
	}
	start := r.b.Len()
	if len(parts) == 1 {
		r.b.WriteString(target)
	} else {
		label := rng{parts[1].a, b}
		if strings.TrimSpace(r.d.src[label.a:label.b]) == "" {
			r.b.WriteString(pipeTrick(target))
		} else {
			r.render(label.a, label.b, depth)
		}
	}
	r.links = append(r.links, Link{Target: normTitle(target), Text: strings.TrimSpace(r.b.String()[start:])})
	r.linkAt = append(r.linkAt, start)
}

// pipeTrick is what [[target|]] displays: the title without interwiki or
// namespace prefix and without a trailing "(...)" or ", ...".
func pipeTrick(t string) string {
	if i := strings.LastIndexByte(t, ':'); i >= 0 {
		t = t[i+1:]
	}
	if i := strings.Index(t, " ("); i > 0 && strings.HasSuffix(t, ")") {
		t = t[:i]
	} else if i := strings.Index(t, ", "); i > 0 {
		t = t[:i]
	}
	return strings.TrimSpace(t)
}

// normTitle normalises a link target as MediaWiki does for display: spaces
// for underscores, white space collapsed.
func normTitle(t string) string {
	return collapseSpaces(strings.ReplaceAll(t, "_", " "))
}

// iocCodes are the IOC country codes flag templates accept that are not
// ISO 3166 codes.
var iocCodes = map[string]string{
	"GER": "DE", "SUI": "CH", "NED": "NL", "POR": "PT", "DEN": "DK", "CRO": "HR", "GRE": "GR",
	"RSA": "ZA", "BUL": "BG", "LAT": "LV", "SLO": "SI", "PHI": "PH", "INA": "ID", "IRI": "IR",
	"MAS": "MY", "ALG": "DZ", "ANG": "AO", "BAN": "BD", "CHI": "CL", "CRC": "CR", "ESA": "SV",
	"GUA": "GT", "HAI": "HT", "HON": "HN", "KSA": "SA", "KUW": "KW", "LIB": "LB", "MGL": "MN",
	"NEP": "NP", "NGR": "NG", "NIG": "NE", "OMA": "OM", "PAR": "PY", "PUR": "PR", "SRI": "LK",
	"SUD": "SD", "TAN": "TZ", "TPE": "TW", "UAE": "AE", "URU": "UY", "VIE": "VN", "ZAM": "ZM",
	"ZIM": "ZW", "CAM": "KH", "MRI": "MU", "UK": "GB", "ENG": "GB", "SCO": "GB", "WAL": "GB",
}

// CountryName returns the English name of a country given as an ISO 3166
// code ("DE", "DEU"), an IOC code ("GER") or a name ("Germany", returned
// as it is, trimmed).
func CountryName(s string) string {
	s = strings.TrimSpace(s)
	if len(s) < 2 || len(s) > 3 || strings.ToUpper(s) != s {
		return s
	}
	switch s {
	case "ENG":
		return "England"
	case "SCO":
		return "Scotland"
	case "WAL":
		return "Wales"
	}
	code := s
	if c, ok := iocCodes[s]; ok {
		code = c
	}
	reg, err := language.ParseRegion(code)
	if err != nil {
		return s
	}
	if n := display.English.Regions().Name(reg); n != "" && n != "Unknown Region" {
		return n
	}
	return s
}

var (
	countryNamesOnce sync.Once
	countryNames     map[string]bool
)

// isCountry reports whether s is the English name of a country (as x/text
// names ISO 3166 regions) or a constituent country such as Scotland.
func isCountry(s string) bool {
	countryNamesOnce.Do(func() {
		countryNames = map[string]bool{"england": true, "scotland": true, "wales": true,
			"northern ireland": true, "usa": true, "uk": true, "czech republic": true, "turkey": true}
		for a := 'A'; a <= 'Z'; a++ {
			for b := 'A'; b <= 'Z'; b++ {
				reg, err := language.ParseRegion(string([]rune{a, b}))
				if err != nil || !reg.IsCountry() {
					continue
				}
				if n := display.English.Regions().Name(reg); n != "" && n != "Unknown Region" {
					countryNames[wikicities.NameKey(n)] = true
				}
			}
		}
	})
	return countryNames[wikicities.NameKey(s)]
}
