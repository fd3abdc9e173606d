package wikitext

import (
	"html"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxDepth bounds the nesting of templates and links that are rendered;
// deeper markup renders as nothing. It keeps rendering linear-ish on
// pathological input.
const maxDepth = 24

// renderer turns a cell's wikitext into plain text, collecting its links
// and flags. Offsets of links and flags into the raw text are turned into
// line indexes once the text is normalised.
type renderer struct {
	d     *doc
	b     strings.Builder
	links []Link
	flags []Flag
	// byte offsets in b where each link and flag was found
	linkAt, flagAt []int
	// next ']' and '\n' at or after a position, cached to stay linear
	nextBracket, nextNewline int
}

func renderCell(d *doc, c *Cell, parts []rng) {
	r := &renderer{d: d, nextBracket: -1, nextNewline: -1}
	src := d.src
	for i, p := range parts {
		if i > 0 {
			// Lines of a cell join as MediaWiki renders them: a space within a
			// paragraph, a line break before a list item, after an empty
			// line, after the cell's first line or around a nested table.
			j := p.a
			for j < p.b && isSpace(src[j]) {
				j++
			}
			prev := parts[i-1]
			switch {
			case j < p.b && strings.IndexByte("*#:;", src[j]) >= 0:
				for j < p.b && strings.IndexByte("*#:;", src[j]) >= 0 {
					j++
				}
				r.b.WriteByte('\n')
				p.a = j
			case j == p.b || strings.TrimSpace(src[prev.a:prev.b]) == "" || i == 1:
				// MediaWiki leaves the text on the cell's own line out of the
				// paragraph that the next lines make: a line break.
				r.b.WriteByte('\n')
			default:
				r.b.WriteByte(' ')
			}
		}
		r.render(p.a, p.b, 0)
	}
	text, lineOf := normalize(r.b.String())
	c.Text = text
	for i, l := range r.links {
		l.Line = lineOf(r.linkAt[i])
		c.Links = append(c.Links, l)
	}
	for i, f := range r.flags {
		f.Line = lineOf(r.flagAt[i])
		c.Flags = append(c.Flags, f)
	}
}

// render appends the plain text of src[a:b].
func (r *renderer) render(a, b, depth int) {
	src := r.d.src
	textStart := a
	flush := func(i int) {
		if i > textStart {
			r.b.WriteString(decodeEntities(src[textStart:i]))
		}
	}
	for i := a; i < b; {
		if e, k := r.d.span(i); e > 0 && e <= b {
			flush(i)
			if depth < maxDepth {
				switch k {
				case spanNowiki:
					r.b.WriteString(decodeEntities(tagContent(src[i:e])))
				case spanTemplate:
					r.template(i+2, e-2, depth+1)
				case spanLink:
					r.link(i+2, e-2, depth+1)
				case spanParam:
					r.b.WriteString(decodeEntities(src[i:e]))
				}
			}
			i = e
			textStart = i
			continue
		}
		switch c := src[i]; c {
		case '<':
			if end, block, ok := htmlTag(src, i, b); ok {
				flush(i)
				if block {
					r.b.WriteByte('\n')
				}
				i = end
				textStart = i
				continue
			}
		case '\'':
			j := i
			for j < b && src[j] == '\'' {
				j++
			}
			if n := j - i; n >= 2 {
				flush(i)
				// '''' is an apostrophe then bold; more than five keeps the extra ones.
				switch {
				case n == 4:
					r.b.WriteByte('\'')
				case n > 5:
					r.b.WriteString(strings.Repeat("'", n-5))
				}
				i = j
				textStart = i
				continue
			}
			i = j
			continue
		case '[':
			if end, ok := r.externalLink(i, b); ok {
				flush(i)
				r.renderExternal(i, end, depth)
				i = end
				textStart = i
				continue
			}
		case '\n':
			flush(i)
			// A new line of source is a space, unless it starts a list item
			// or follows an empty line; list markers are not text.
			j := i + 1
			for j < b && (src[j] == ' ' || src[j] == '\t') {
				j++
			}
			if j < b && strings.IndexByte("*#:;", src[j]) >= 0 {
				for j < b && strings.IndexByte("*#:;", src[j]) >= 0 {
					j++
				}
				r.b.WriteByte('\n')
				i = j
			} else if j < b && src[j] == '\n' {
				r.b.WriteByte('\n')
				i = j
			} else {
				r.b.WriteByte(' ')
				i++
			}
			textStart = i
			continue
		case '_':
			if end, ok := behaviourSwitch(src, i, b); ok {
				flush(i)
				i = end
				textStart = i
				continue
			}
		case 'h', 'H':
			if end, ok := freeURL(src, i, b); ok && (i == a || !isWordByte(src[i-1])) {
				flush(i)
				textStart = i
				r.links = append(r.links, Link{Target: src[i:end], Text: src[i:end], External: true})
				r.linkAt = append(r.linkAt, r.b.Len())
				i = end
				continue
			}
		}
		i++
	}
	flush(b)
}

func isWordByte(c byte) bool { return isASCIILetter(c) || c >= '0' && c <= '9' || c == '_' }

// tagContent returns the content of <tag ...>content</tag>, or "" for a
// self-closing tag.
func tagContent(s string) string {
	a := strings.IndexByte(s, '>')
	if a < 0 || s[a-1] == '/' {
		return ""
	}
	z := strings.LastIndex(s, "</")
	if z < a {
		return ""
	}
	return s[a+1 : z]
}

// htmlTags are the HTML tags MediaWiki allows in wikitext; block tags start
// a new line of text.
var htmlTags = map[string]bool{
	"br": true, "p": true, "div": true, "li": true, "ul": false, "ol": false, "dl": false, "dt": true, "dd": true,
	"hr": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "blockquote": true, "center": true,
	"span": false, "small": false, "big": false, "b": false, "i": false, "u": false, "s": false, "strike": false,
	"sup": false, "sub": false, "font": false, "abbr": false, "code": false, "tt": false, "strong": false, "em": false,
	"del": false, "ins": false, "cite": false, "bdi": false, "bdo": false, "q": false, "kbd": false, "samp": false,
	"var": false, "mark": false, "time": false, "data": false, "wbr": false, "noinclude": false, "onlyinclude": false,
	"poem": false, "caption": false,
}

// htmlTag recognises an allowed HTML tag at src[i] ('<') and returns the
// offset after it and whether it breaks the line.
func htmlTag(src string, i, b int) (end int, block, ok bool) {
	j := i + 1
	closing := j < b && src[j] == '/'
	if closing {
		j++
	}
	k := j
	for k < b && k-j < 12 && (isASCIILetter(src[k]) || k > j && src[k] >= '0' && src[k] <= '9') {
		k++
	}
	blk, known := htmlTags[asciiLower(src[j:k])]
	if !known || k >= b {
		return 0, false, false
	}
	if c := src[k]; c != '>' && c != '/' && !isSpace(c) && c != '\n' {
		return 0, false, false
	}
	limit := min(b, k+512)
	e := strings.IndexByte(src[k:limit], '>')
	if e < 0 {
		return 0, false, false
	}
	name := asciiLower(src[j:k])
	// </p>, </div>: the line break comes with the opening tag.
	return k + e + 1, blk && (!closing || name == "br"), true
}

var urlSchemes = []string{"http://", "https://", "//", "ftp://", "mailto:", "irc://", "ircs://", "news:", "sftp://", "ssh://", "git://", "svn://", "geo:", "tel:"}

func hasScheme(s string) int {
	for _, p := range urlSchemes {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return len(p)
		}
	}
	return 0
}

// externalLink recognises [URL label] at src[i] and returns the offset after
// its ']'. The label may not cross a line.
func (r *renderer) externalLink(i, b int) (int, bool) {
	src := r.d.src
	if hasScheme(src[i+1:min(b, i+12)]) == 0 {
		return 0, false
	}
	if r.nextBracket < i {
		r.nextBracket = indexFrom(src, ']', i)
	}
	if r.nextNewline < i {
		r.nextNewline = indexFrom(src, '\n', i)
	}
	e := r.nextBracket
	if e < 0 || e >= b || (r.nextNewline >= 0 && r.nextNewline < e) {
		return 0, false
	}
	return e + 1, true
}

func indexFrom(s string, c byte, from int) int {
	j := strings.IndexByte(s[from:], c)
	if j < 0 {
		return len(s) + 1
	}
	return from + j
}

func (r *renderer) renderExternal(i, end, depth int) {
	src := r.d.src
	inner := src[i+1 : end-1]
	url, label := inner, ""
	if k := strings.IndexAny(inner, " \t"); k >= 0 {
		url, label = inner[:k], inner[k+1:]
	}
	start := r.b.Len()
	if label != "" {
		r.render(i+1+len(url)+1, end-1, depth+1)
	}
	r.links = append(r.links, Link{Target: decodeEntities(url), Text: strings.TrimSpace(r.b.String()[start:]), External: true})
	r.linkAt = append(r.linkAt, start)
}

// freeURL recognises a bare URL at src[i] and returns where it ends.
func freeURL(src string, i, b int) (int, bool) {
	n := 0
	for _, p := range []string{"https://", "http://"} {
		if len(src)-i >= len(p) && strings.EqualFold(src[i:i+len(p)], p) {
			n = len(p)
		}
	}
	if n == 0 {
		return 0, false
	}
	j := i + n
	for j < b && !isSpace(src[j]) && strings.IndexByte("\n<>[]{}|\"", src[j]) < 0 {
		j++
	}
	if j == i+n {
		return 0, false
	}
	return j, true
}

// behaviourSwitches are the __SWITCH__ words MediaWiki removes from the text.
var behaviourSwitches = map[string]bool{
	"NOTOC": true, "FORCETOC": true, "TOC": true, "NOEDITSECTION": true, "NEWSECTIONLINK": true,
	"NONEWSECTIONLINK": true, "NOGALLERY": true, "HIDDENCAT": true, "EXPECTUNUSEDCATEGORY": true,
	"NOCONTENTCONVERT": true, "NOCC": true, "NOTITLECONVERT": true, "NOTC": true, "INDEX": true,
	"NOINDEX": true, "STATICREDIRECT": true, "NOGLOBAL": true, "DISAMBIG": true, "ARCHIVEDTALK": true,
	"NOTALK": true, "EXPECTED_UNCONNECTED_PAGE": true, "NOEXTERNALLANGLINKS": true,
}

func behaviourSwitch(src string, i, b int) (int, bool) {
	if i+1 >= b || src[i+1] != '_' {
		return 0, false
	}
	j := i + 2
	for j < b && j-i < 40 && (src[j] >= 'A' && src[j] <= 'Z' || src[j] == '_' && !(j+1 < b && src[j+1] == '_')) {
		j++
	}
	if j+1 < b && src[j] == '_' && src[j+1] == '_' && behaviourSwitches[src[i+2:j]] {
		return j + 2, true
	}
	return 0, false
}

// decodeEntities decodes HTML character references that end in ';'
// (&amp; &#124; &#x7C;), as MediaWiki does; a lone & stays.
func decodeEntities(s string) string {
	if strings.IndexByte(s, '&') < 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '&' {
			continue
		}
		j := i + 1
		for j < len(s) && j-i < 34 && (isASCIILetter(s[j]) || s[j] >= '0' && s[j] <= '9' || s[j] == '#') {
			j++
		}
		if j < len(s) && s[j] == ';' && j > i+1 {
			ent := s[i : j+1]
			if dec := html.UnescapeString(ent); dec != ent {
				b.WriteString(s[last:i])
				b.WriteString(dec)
				last = j + 1
				i = j
			}
		}
	}
	b.WriteString(s[last:])
	return b.String()
}

// normalize collapses white space the way a reader sees text: runs of
// spaces (and non-breaking spaces and control characters) become one space,
// lines are trimmed, empty lines dropped. It returns the text and a function
// mapping an offset of the raw text to the index of its line in the result.
func normalize(raw string) (string, func(int) int) {
	var out strings.Builder
	var rawLineStart []int // offset in raw of each raw line
	var lineIndex []int    // index in out of each raw line
	n := 0
	for start := 0; ; {
		end := strings.IndexByte(raw[start:], '\n')
		if end < 0 {
			end = len(raw)
		} else {
			end += start
		}
		rawLineStart = append(rawLineStart, start)
		line := collapseSpaces(raw[start:end])
		if line != "" {
			if n > 0 {
				out.WriteByte('\n')
			}
			out.WriteString(line)
			n++
		}
		// A link on a line that turned out empty belongs to the next line.
		lineIndex = append(lineIndex, max(n-1, 0))
		if line == "" {
			lineIndex[len(lineIndex)-1] = n
		}
		if end >= len(raw) {
			break
		}
		start = end + 1
	}
	lineOf := func(off int) int {
		k := max(sort.SearchInts(rawLineStart, off+1)-1, 0)
		return min(lineIndex[k], max(n-1, 0))
	}
	return out.String(), lineOf
}

// NormalizeText is what the reader returns for a cell whose text is s: runs
// of white space, non-breaking spaces and control characters collapsed to
// one space, lines trimmed, empty lines dropped. Write then Parse gives
// NormalizeText of what was written.
func NormalizeText(s string) string {
	t, _ := normalize(strings.ToValidUTF8(s, "\uFFFD"))
	return t
}

func collapseSpaces(s string) string {
	var b strings.Builder
	space := false
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		if r == '\u00a0' || unicode.IsSpace(r) || unicode.IsControl(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
