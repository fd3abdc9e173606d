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
	if k, ok := asciiKey(s); ok {
		return k
	}
	return unicodeKey(s)
}

// unicodeKey is NameKey for any input.
func unicodeKey(s string) string {
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

// asciiKey is NameKey for pure ASCII input (most names), without the
// Unicode tables: already NFC, lower-cased and space-collapsed byte by byte.
// It reports false for any other input.
func asciiKey(s string) (string, bool) {
	clean := true // already a key: no upper case, no odd space
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return "", false
		}
		switch {
		case c >= 'A' && c <= 'Z':
			clean = false
		case c == ' ':
			if prevSpace {
				clean = false
			}
			prevSpace = true
			continue
		case c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
			clean = false
		}
		prevSpace = false
	}
	if clean && (len(s) == 0 || s[len(s)-1] != ' ') {
		return s, true
	}
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' {
			space = true
			continue
		}
		if space && len(b) > 0 {
			b = append(b, ' ')
		}
		space = false
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return string(b), true
}
