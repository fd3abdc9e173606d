package i18n

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Printer formats the messages of one language. It is safe for concurrent use.
type Printer struct {
	lang   string
	dir    string
	tag    language.Tag
	msgs   map[string]string
	en     map[string]string
	forms  []plural.Form // the plural categories of the language, in MediaWiki's order
	number *message.Printer
	// isolate wraps parameters in Unicode isolates (see Isolating); iso
	// is the printer's isolating twin.
	isolate bool
	iso     *Printer
}

// formOrder is the order in which {{PLURAL:}} lists the forms of a
// language: the CLDR categories the language has, in this order.
var formOrder = []plural.Form{plural.Zero, plural.One, plural.Two, plural.Few, plural.Many, plural.Other}

func newPrinter(c *Catalog, lang string) *Printer {
	tag := language.MustParse(lang)
	p := &Printer{
		lang: lang, dir: Dir(lang), tag: tag,
		msgs: c.msgs[lang], en: c.msgs[Fallback],
		number: message.NewPrinter(tag),
	}
	// The categories a language uses for whole numbers show up among the
	// first thousand (CLDR rules look at the last two or three digits).
	seen := map[plural.Form]bool{}
	for i := 0; i < 1000; i++ {
		seen[plural.Cardinal.MatchPlural(tag, i, 0, 0, 0, 0)] = true
	}
	seen[plural.Other] = true
	for _, f := range formOrder {
		if seen[f] {
			p.forms = append(p.forms, f)
		}
	}
	iso := *p
	iso.isolate, iso.iso = true, &iso
	p.iso = &iso
	return p
}

// Isolating returns the printer that, in a right-to-left language, wraps
// each parameter holding Latin letters in Unicode's first-strong isolate
// (U+2068 … U+2069), so that a Latin name keeps its place in an Arabic
// sentence: for HTML pages. Mails and the command line keep plain text.
func (p *Printer) Isolating() *Printer { return p.iso }

// Lang returns the printer's language code.
func (p *Printer) Lang() string { return p.lang }

// Dir returns the writing direction of the printer's language: "ltr" or "rtl".
func (p *Printer) Dir() string { return p.dir }

// Msg returns the message key in the printer's language, falling back to
// English and then to "⧼key⧽" (as MediaWiki does) when the key is missing,
// with {{PLURAL:}} resolved and $1, $2, ... replaced by args. Whole numbers
// among args are written with the language's digits and separators.
func (p *Printer) Msg(key string, args ...any) string {
	m, ok := p.msgs[key]
	if !ok {
		if m, ok = p.en[key]; !ok {
			return "⧼" + key + "⧽"
		}
	}
	return p.format(m, args)
}

// Num writes a number with the language's digits and separators.
func (p *Printer) Num(n any) string {
	switch v := n.(type) {
	case int:
		return p.number.Sprintf("%d", v)
	case int64:
		return p.number.Sprintf("%d", v)
	case int32:
		return p.number.Sprintf("%d", v)
	case uint:
		return p.number.Sprintf("%d", v)
	case uint64:
		return p.number.Sprintf("%d", v)
	case float64:
		return p.number.Sprintf("%v", v)
	}
	return fmt.Sprint(n)
}

// Decimal writes f with digits decimals, in the language's digits and
// separators ("10.0", "١٠٫٠").
func (p *Printer) Decimal(f float64, digits int) string {
	return p.number.Sprintf("%.*f", digits, f)
}

// format resolves PLURAL, then substitutes parameters.
func (p *Printer) format(m string, args []any) string {
	if strings.Contains(m, "{{") {
		m = p.resolvePlurals(m, args)
	}
	if !strings.Contains(m, "$") {
		return m
	}
	var b strings.Builder
	b.Grow(len(m) + 16)
	for i := 0; i < len(m); i++ {
		if m[i] == '$' {
			j := i + 1
			for j < len(m) && m[j] >= '0' && m[j] <= '9' {
				j++
			}
			if n, err := strconv.Atoi(m[i+1 : j]); err == nil && n >= 1 && n <= len(args) {
				b.WriteString(p.param(args[n-1]))
				i = j - 1
				continue
			}
		}
		b.WriteByte(m[i])
	}
	return b.String()
}

func (p *Printer) param(a any) string {
	switch v := a.(type) {
	case int, int64, int32, uint, uint64:
		return p.Num(v)
	case string:
		if p.isolate && p.dir == "rtl" && needsIsolate(v) {
			// A Latin name in an Arabic sentence keeps its place when
			// isolated: "[Demo] Wiki Club at the Deutsches Museum" was
			// shown as "Wiki Club at the Deutsches [Demo] Museum".
			return "\u2068" + v + "\u2069"
		}
		return v
	}
	return fmt.Sprint(a)
}

// needsIsolate reports whether a parameter of a right-to-left message holds
// left-to-right letters and is not isolated already.
func needsIsolate(s string) bool {
	if strings.HasPrefix(s, "\u2068") {
		return false
	}
	for _, r := range s {
		if unicode.Is(unicode.Latin, r) {
			return true
		}
	}
	return false
}

// resolvePlurals replaces every {{PLURAL:n|form|form...}} in m. n is a
// parameter ($1) or a literal number. Forms are the language's plural
// categories in the order zero, one, two, few, many, other (only those the
// language has: English and German have one|other, Arabic all six); a form
// "N=text" is used for exactly N. With fewer forms than categories, the last
// form given stands for the rest, as in MediaWiki.
func (p *Printer) resolvePlurals(m string, args []any) string {
	const open = "{{PLURAL:"
	var b strings.Builder
	for {
		i := strings.Index(m, open)
		if i < 0 {
			b.WriteString(m)
			return b.String()
		}
		end := strings.Index(m[i:], "}}")
		if end < 0 {
			b.WriteString(m)
			return b.String()
		}
		b.WriteString(m[:i])
		body := m[i+len(open) : i+end]
		m = m[i+end+2:]
		parts := strings.Split(body, "|")
		num, ok := p.pluralValue(strings.TrimSpace(parts[0]), args)
		forms := parts[1:]
		if len(forms) == 0 {
			continue
		}
		b.WriteString(p.choose(num, ok, forms))
	}
}

// pluralValue reads the number a PLURAL is about.
func (p *Printer) pluralValue(s string, args []any) (float64, bool) {
	if strings.HasPrefix(s, "$") {
		n, err := strconv.Atoi(s[1:])
		if err != nil || n < 1 || n > len(args) {
			return 0, false
		}
		switch v := args[n-1].(type) {
		case int:
			return float64(v), true
		case int64:
			return float64(v), true
		case int32:
			return float64(v), true
		case uint:
			return float64(v), true
		case uint64:
			return float64(v), true
		case float64:
			return v, true
		case string:
			s = v
		default:
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(s), ",", ""), 64)
	return f, err == nil
}

func (p *Printer) choose(n float64, ok bool, forms []string) string {
	var plain []string
	for _, f := range forms {
		if k, v, found := strings.Cut(f, "="); found {
			if x, err := strconv.ParseFloat(strings.TrimSpace(k), 64); err == nil {
				if ok && x == n {
					return v
				}
				continue
			}
		}
		plain = append(plain, f)
	}
	if len(plain) == 0 {
		return ""
	}
	form := plural.Other
	if ok {
		form = p.category(n)
	}
	idx := slices.Index(p.forms, form)
	if idx < 0 || idx >= len(plain) {
		idx = len(plain) - 1
	}
	return plain[idx]
}

// category returns the CLDR plural category of n in the printer's language.
func (p *Printer) category(n float64) plural.Form {
	n = math.Abs(n)
	if n == math.Trunc(n) && n < 1e15 {
		return plural.Cardinal.MatchPlural(p.tag, int(n), 0, 0, 0, 0)
	}
	// A decimal: i is the integer part, v the count of fraction digits, f
	// the fraction digits as a number; t is f without trailing zeros.
	s := strconv.FormatFloat(n, 'f', -1, 64)
	ip, fp, _ := strings.Cut(s, ".")
	i, _ := strconv.Atoi(ip)
	f, _ := strconv.Atoi(fp)
	tp := strings.TrimRight(fp, "0")
	t, _ := strconv.Atoi(tp)
	return plural.Cardinal.MatchPlural(p.tag, i, len(fp), len(tp), f, t)
}
