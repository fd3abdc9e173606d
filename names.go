package wikicities

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NameKey folds a place name for lookup: Unicode NFC, lower case, inner
// white space collapsed, surrounding space trimmed. "  São  Paulo" and
// "são paulo" share a key; "Sao Paulo" does not (diacritics are kept, since
// they tell places apart).
func NameKey(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range strings.TrimSpace(s) {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// LabelKey is the key of a "name, country" label.
func LabelKey(name, country string) string {
	return NameKey(name) + "|" + NameKey(country)
}

// LabelString renders a label for people: "Boston, United States".
func LabelString(name, country string) string {
	if country == "" {
		return name
	}
	return name + ", " + country
}

// ValidQID reports whether s looks like a Wikidata item id (Q followed by digits).
func ValidQID(s string) bool {
	if len(s) < 2 || s[0] != 'Q' || s[1] == '0' {
		return false
	}
	for _, r := range s[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
