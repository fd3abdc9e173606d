package wikitext

import (
	"regexp"
	"strings"
)

// Place is a city a table cell names, with its country when the cell (or
// the row's country cell) says.
type Place struct{ Name, Country string }

// Cells of twinning tables follow conventions that a reader sees through
// and that CityPlaces undoes before any city is resolved:
//
//   - links with and without labels, interwiki prefixes included
//     ("[[w:Monterrey|Monterrey]]", "[[Munich]]", "[[w:Lyon]]");
//   - flag and country templates before or after the name
//     ("{{flagicon|DEU}} Munich", "[[Monterrey]], {{flag|Mexico}}",
//     "{{MEX}}"): they give the country, and their text is not the name;
//   - line breaks and parenthesised region qualifiers, on their own line
//     or in <small> ("Hannover, Germany<br/>(Lower Saxony)");
//   - <small> and <span> markup, footnotes (<ref>, {{efn}}), non-breaking
//     spaces: the reader drops or collapses them already.
//
// A district qualifier in running text ("Neukölln (Berlin)") stays part of
// the name.

// smallQualifierRE finds "(...)" set in <small>: a region qualifier.
var smallQualifierRE = regexp.MustCompile(`(?is)<small[^>]*>\s*(\([^()<>]*\))\s*</small>`)

// interwikiRE is a link's interwiki or language prefix ("w:", ":en:", "wikipedia:de:").
var interwikiRE = regexp.MustCompile(`^:?(?:[A-Za-z][A-Za-z-]{0,11}:)+`)

// separators are what may stand between a name and a flag's text.
const separators = " ,;:–—-/|·("

// emptyParensRE is what a bare flag in parentheses leaves: "Lyon ()".
var emptyParensRE = regexp.MustCompile(`\(\s*\)`)

// CityPlaces reads the places named in a city cell, one a line, each with
// its country: from a flag or country template on its line (or on a line
// of its own after it), else from a ", Country" or " (Country)" suffix
// naming a known country, else from countryCell (by line when it has as
// many lines, else its only line). Lines that only qualify the place above
// them, such as "(Lower Saxony)", name no place.
func CityPlaces(c, countryCell *Cell) []Place {
	if c == nil {
		return nil
	}
	lines := c.Lines()
	countries := cellCountries(countryCell)
	small := map[string]bool{}
	for _, m := range smallQualifierRE.FindAllStringSubmatch(c.Source, -1) {
		small[collapseSpaces(m[1])] = true
	}
	var out []Place
	pending := "" // a flag on a line of its own, before a name
	for i, line := range lines {
		name, country := c.nameOnLine(i, line)
		if isQualifier(name) && country == "" && isCountry(name[1:len(name)-1]) {
			// "Bristol<br><small>(England)</small>": a country.
			country, name = name[1:len(name)-1], ""
		}
		if name == "" || isQualifier(name) {
			// A flag on a line of its own gives the country of the place
			// above it, or of the one below.
			switch {
			case country == "":
			case len(out) > 0 && out[len(out)-1].Country == "":
				out[len(out)-1].Country = country
			default:
				pending = country
			}
			continue
		}
		if placeholder[strings.ToLower(name)] {
			continue
		}
		p := Place{Name: name, Country: country}
		// A country the text states ("Derry, Northern Ireland") says more
		// than a flag beside it ({{flagicon|UK}}).
		if n, c := splitCountry(name); c != "" {
			p.Name, p.Country = n, c
		}
		p.Name = trimQualifier(p.Name, small)
		if p.Country == "" {
			p.Country, pending = pending, ""
		}
		if p.Country == "" {
			switch {
			case len(countries) == len(lines):
				p.Country = countries[i]
			case len(countries) == 1:
				p.Country = countries[0]
			}
		}
		if placeholder[strings.ToLower(p.Country)] {
			p.Country = ""
		}
		out = append(out, p)
	}
	if len(out) == 0 && pending != "" {
		// Only a flag with its name: a city-state ({{flag|Singapore}}).
		out = append(out, Place{Name: pending, Country: pending})
	}
	return out
}

// cellCountries reads a country cell: its lines, or the countries of its
// flags when it has no text.
func cellCountries(c *Cell) []string {
	if c == nil {
		return nil
	}
	var out []string
	for i, l := range c.Lines() {
		country := l
		for _, f := range c.Flags {
			if f.Line == i {
				country = f.Country
				break
			}
		}
		out = append(out, country)
	}
	if len(out) == 0 {
		for _, f := range c.Flags {
			out = append(out, f.Country)
		}
	}
	return out
}

// nameOnLine returns line i of the cell without what its flag templates
// display and without interwiki prefixes that links without labels show,
// and the country of its first flag.
func (c *Cell) nameOnLine(i int, line string) (name, country string) {
	for _, l := range c.Links {
		if l.Line != i || l.External || l.Text == "" {
			continue
		}
		if pre := interwikiRE.FindString(l.Text); pre != "" && len(pre) < len(l.Text) {
			line = strings.Replace(line, l.Text, l.Text[len(pre):], 1)
		}
	}
	for _, f := range c.Flags {
		if f.Line != i {
			continue
		}
		if country == "" {
			country = f.Country
		}
		if f.Text == "" {
			continue
		}
		// Only the separator between the name and the flag's text goes
		// with it: "-Dash" keeps its dash.
		switch t := strings.TrimSpace(line); {
		case strings.HasSuffix(t, f.Text):
			line = strings.TrimRight(t[:len(t)-len(f.Text)], separators)
		case strings.HasPrefix(t, f.Text):
			line = strings.TrimLeft(t[len(f.Text):], separators)
		}
	}
	// A bare flag leaves its separator: "Houston, {{flagicon|USA}}".
	line = emptyParensRE.ReplaceAllString(line, "")
	name = collapseSpaces(line)
	var keepLead, keepTrail bool
	if len(c.Flags) == 0 && len(c.Links) == 0 && len(c.Lines()) == 1 {
		// A separator the source escapes (&#124;, as the writer escapes a
		// name's | and :) is part of the name, not left by markup: a city
		// named "|}x" came back from its own page as "}x".
		keepLead, keepTrail = escapedEdges(c.Source)
	}
	if keepTrail {
		name = strings.TrimRight(name, " ")
	} else {
		name = trimTrailingSeparators(name)
	}
	if keepLead {
		name = strings.TrimLeft(name, " ")
	} else {
		name = trimLeadingSeparators(name)
	}
	return name, country
}

// escapedLeadRE and escapedTrailRE find a character reference at the start
// or the end of a cell's source.
var (
	escapedLeadRE  = regexp.MustCompile(`^&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);`)
	escapedTrailRE = regexp.MustCompile(`&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);$`)
)

// escapedEdges reports whether the source begins and ends with a character
// reference that stands for a separator.
func escapedEdges(src string) (lead, trail bool) {
	src = strings.TrimSpace(src)
	isSep := func(ref string) bool {
		d := decodeEntities(ref)
		return d != ref && strings.ContainsAny(d, ",;:–—-/|·")
	}
	if m := escapedLeadRE.FindString(src); m != "" {
		lead = isSep(m)
	}
	if m := escapedTrailRE.FindString(src); m != "" {
		trail = isSep(m)
	}
	return lead, trail
}

// trimTrailingSeparators and trimLeadingSeparators remove the punctuation
// that a removed flag or link leaves around a name ("Monterrey, " and
// "– Lyon"), but keep a dash that begins a name ("-Dash").
func trimTrailingSeparators(s string) string { return strings.TrimRight(s, " ,;:–—-/|·") }

func trimLeadingSeparators(s string) string {
	s = strings.TrimLeft(s, " ,;:/|·")
	for _, dash := range []string{"– ", "— ", "- "} {
		if strings.HasPrefix(s, dash) {
			return strings.TrimLeft(s[len(dash):], " ")
		}
	}
	return s
}

// isQualifier reports whether s is a parenthesised qualifier on its own.
func isQualifier(s string) bool {
	return strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") && strings.Count(s, "(") == 1
}

// trimQualifier removes a trailing qualifier that was set in <small>.
func trimQualifier(name string, small map[string]bool) string {
	if !strings.HasSuffix(name, ")") {
		return name
	}
	if i := strings.LastIndex(name, "("); i > 0 && small[name[i:]] {
		return strings.TrimRight(name[:i], " ,")
	}
	return name
}
