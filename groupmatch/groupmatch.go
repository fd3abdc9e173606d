// Package groupmatch tells whether a group named by an import is a
// community the directory knows: exactly (the same name, Meta page or
// Wikidata item), after normalisation (case, diacritics, the "Wikimedia",
// "User Group" and "WMxx" affixes), or probably (shared words, or the same
// words once transliterated to Latin). Exact and normalised matches are the
// same group; a probable one is only a suggestion, which an import lists for
// a person to confirm and never merges by itself. It does no I/O.
package groupmatch

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/twins"
)

// Level is how sure a match is.
type Level int

// Match levels, weakest first.
const (
	None Level = iota
	Probable
	Normalised
	Exact
)

func (l Level) String() string {
	switch l {
	case Exact:
		return "exact"
	case Normalised:
		return "normalised"
	case Probable:
		return "probable"
	}
	return "none"
}

// Group is a group as the directory or an import knows it.
type Group struct {
	ID       int64
	Name     string
	MetaPage string
	QID      string
}

// Match is the best directory group for a name, with how sure it is and
// why.
type Match struct {
	Group  Group
	Level  Level
	Reason string
}

// Index holds the directory's groups, folded once.
type Index struct {
	groups []Group
	keys   []folded
	byName map[string][]int
	byKey  map[string][]int
	byPage map[string]int
	byQID  map[string]int
}

type folded struct {
	name  string
	words []string
	key   string
	latin string
}

// New indexes groups.
func New(groups []Group) *Index {
	ix := &Index{groups: groups, byName: map[string][]int{}, byKey: map[string][]int{}, byPage: map[string]int{}, byQID: map[string]int{}}
	for i, g := range groups {
		f := fold(g.Name)
		ix.keys = append(ix.keys, f)
		ix.byName[f.name] = append(ix.byName[f.name], i)
		if f.key != "" {
			ix.byKey[f.key] = append(ix.byKey[f.key], i)
		}
		if g.MetaPage != "" {
			ix.byPage[pageKey(g.MetaPage)] = i
		}
		if g.QID != "" {
			ix.byQID[g.QID] = i
		}
	}
	return ix
}

// Find returns the best match of g among the indexed groups; Level None
// when there is none. Several groups at the best level keep the first.
func (ix *Index) Find(g Group) Match {
	if i, ok := ix.byQID[g.QID]; ok && g.QID != "" {
		return Match{ix.groups[i], Exact, "the same Wikidata item " + g.QID}
	}
	if i, ok := ix.byPage[pageKey(g.MetaPage)]; ok && g.MetaPage != "" {
		return Match{ix.groups[i], Exact, "the same Meta-Wiki page " + g.MetaPage}
	}
	f := fold(g.Name)
	if is := ix.byName[f.name]; len(is) > 0 {
		return Match{ix.groups[is[0]], Exact, "the same name"}
	}
	if is := ix.byKey[f.key]; len(is) > 0 && f.key != "" {
		return Match{ix.groups[is[0]], Normalised, "the same name without case, accents and affixes (" + f.key + ")"}
	}
	best, bestScore, why := -1, 0.0, ""
	for i, k := range ix.keys {
		if s := overlap(f.words, k.words); s > bestScore {
			best, bestScore, why = i, s, "shared words"
		}
		if f.latin != "" && f.latin == k.latin && (f.latin != f.key || k.latin != k.key) {
			best, bestScore, why = i, 2, "the same name transliterated ("+f.latin+")"
		}
	}
	if best >= 0 && bestScore >= 0.5 {
		return Match{ix.groups[best], Probable, why}
	}
	return Match{}
}

// Key is the normalised form of a group name: lower case, without
// diacritics, without the movement's affixes, "WMxx" read as its country.
// "Wikimedia Deutschland", "wikimedia deutschland e.V." and "WMDE" do not
// all share a key, but "Wikimédia France" and "Wikimedia France" do, and so
// do "WikiMUC User Group" and "WikiMUC".
func Key(name string) string { return fold(name).key }

func fold(name string) folded {
	f := folded{name: wikicities.NameKey(name)}
	var words []string
	for _, w := range strings.FieldsFunc(twins.FoldKey(f.name), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if stop[w] {
			continue
		}
		if c, ok := wmCountry(w); ok {
			words = append(words, strings.Fields(c)...)
			continue
		}
		words = append(words, w)
	}
	f.words = words
	f.key = strings.Join(words, " ")
	var latin []string
	for _, w := range words {
		if t := transliterate(w); !stop[t] {
			latin = append(latin, t)
		}
	}
	f.latin = strings.Join(latin, " ")
	return f
}

// stop are the words that name the movement or the kind of group rather
// than the group, in the spellings lists use.
var stop = map[string]bool{
	"wikimedia": true, "wikimedians": true, "wikimedian": true, "user": true, "group": true, "usergroup": true,
	"ug": true, "of": true, "the": true, "e": true, "v": true, "ev": true, "inc": true,
	"vikimedia": true, "vikimedija": true, "wikimedija": true, "vikimedii": true, "wikimediane": true,
}

// wmCountry reads "wmde" as "germany": WM and an ISO 3166 region code.
func wmCountry(w string) (string, bool) {
	if len(w) != 4 || !strings.HasPrefix(w, "wm") {
		return "", false
	}
	r, err := language.ParseRegion(strings.ToUpper(w[2:]))
	if err != nil {
		return "", false
	}
	n := display.English.Regions().Name(r)
	if n == "" {
		return "", false
	}
	return twins.FoldKey(strings.ToLower(n)), true
}

func pageKey(p string) string {
	p = strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(p), "m:"), "meta:")
	return wikicities.NameKey(strings.ReplaceAll(p, "_", " "))
}

// overlap is the share of the shorter word list found in the other, 0 when
// no shared word has four letters or more (so "of" and "de" never match).
func overlap(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	shared, long := 0, false
	for _, w := range a {
		if slices.Contains(b, w) {
			shared++
			long = long || len([]rune(w)) >= 4
		}
	}
	if !long {
		return 0
	}
	return float64(shared) / float64(min(len(a), len(b)))
}

// latin spells Cyrillic and Greek letters in Latin, as the groups' own
// English names mostly do.
var latin = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z", 'и': "i",
	'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
	'у': "u", 'ф': "f", 'х': "h", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "",
	'э': "e", 'ю': "yu", 'я': "ya", 'і': "i", 'ї': "i", 'є': "ye", 'ґ': "g", 'ј': "j", 'љ': "lj", 'њ': "nj",
	'ћ': "c", 'џ': "dz", 'ђ': "dj", 'ѕ': "dz", 'ў': "u",
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th", 'ι': "i", 'κ': "k",
	'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t",
	'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",
}

func transliterate(w string) string {
	var b strings.Builder
	for _, r := range w {
		if l, ok := latin[r]; ok {
			b.WriteString(l)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
