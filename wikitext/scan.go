package wikitext

import (
	"sort"
	"strings"
)

// spanKind says what an opaque region of the source is. Table syntax is only
// recognised outside such regions: a "|" inside [[a|b]], {{t|x}}, a comment
// or <nowiki> is not a cell separator.
type spanKind uint8

const (
	spanComment  spanKind = iota + 1 // <!-- ... -->: invisible
	spanNowiki                       // <nowiki>...</nowiki>, <pre>: literal text
	spanHidden                       // <ref>, <math>, <gallery>, ...: not part of the cell text
	spanTemplate                     // {{...}}
	spanParam                        // {{{...}}}
	spanLink                         // [[...]]
)

// extTags are the tags whose content MediaWiki takes out before it parses
// tables, with what their content becomes in plain text.
var extTags = map[string]spanKind{
	"nowiki": spanNowiki, "pre": spanNowiki,
	"ref": spanHidden, "references": spanHidden, "math": spanHidden, "chem": spanHidden,
	"syntaxhighlight": spanHidden, "source": spanHidden, "gallery": spanHidden,
	"timeline": spanHidden, "graph": spanHidden, "templatedata": spanHidden,
	"score": spanHidden, "hiero": spanHidden, "includeonly": spanHidden,
	"mapframe": spanHidden, "maplink": spanHidden, "imagemap": spanHidden,
}

// doc is a source text with its opaque regions found: end[i] > 0 means a
// region of kind[i] starts at byte i and ends before end[i]. Regions nest
// properly, so one forward scan that jumps over them sees the top level.
type doc struct {
	src      string
	end      []int32
	kind     []spanKind
	newlines []int // offsets of '\n', for line numbers
}

// lineOf returns the 1-based line number of byte offset p.
func (d *doc) lineOf(p int) int {
	return sort.SearchInts(d.newlines, p) + 1
}

type opener struct {
	pos  int
	kind spanKind
}

// closeFinder finds the next occurrence of a closing marker at or after a
// position, remembering the last answer so that many unclosed openers cost
// one scan in total instead of one scan each.
type closeFinder struct {
	lower   string // the source, ASCII letters lower-cased
	needle  string
	from    int  // the last search started here
	at      int  // and found the needle here, -1 if nowhere after from
	checked bool // a search was made
}

func (f *closeFinder) next(p int) int {
	if f.checked && p >= f.from && (f.at == -1 || f.at >= p) {
		return f.at
	}
	f.checked, f.from = true, p
	if i := strings.Index(f.lower[p:], f.needle); i >= 0 {
		f.at = p + i
	} else {
		f.at = -1
	}
	return f.at
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// newDoc finds the opaque regions of src in one pass. Unbalanced openers are
// left as literal text, as MediaWiki does.
func newDoc(src string) *doc {
	n := len(src)
	d := &doc{src: src, end: make([]int32, n+1), kind: make([]spanKind, n+1),
		newlines: make([]int, 0, strings.Count(src, "\n"))}
	var lower string
	finders := map[string]*closeFinder{}
	finder := func(needle string) *closeFinder {
		f := finders[needle]
		if f == nil {
			if lower == "" {
				lower = asciiLower(src)
			}
			f = &closeFinder{lower: lower, needle: needle}
			finders[needle] = f
		}
		return f
	}
	mark := func(start, end int, k spanKind) {
		d.end[start] = int32(end)
		d.kind[start] = k
	}
	var stack []opener
	for i := 0; i < n; {
		c := src[i]
		switch c {
		case '\n':
			d.newlines = append(d.newlines, i)
			// A link cannot span lines: openers of links left on this line
			// are literal text.
			for len(stack) > 0 && stack[len(stack)-1].kind == spanLink {
				stack = stack[:len(stack)-1]
			}
		case '<':
			if strings.HasPrefix(src[i:], "<!--") {
				e := n
				if j := finder("-->").next(i + 4); j >= 0 {
					e = j + 3
				}
				d.countNewlines(i, e)
				mark(i, e, spanComment)
				i = e
				continue
			}
			if name, tagEnd, selfClosing := extTagOpen(src, i); name != "" {
				k := extTags[name]
				if selfClosing {
					d.countNewlines(i, tagEnd)
					mark(i, tagEnd, k)
					i = tagEnd
					continue
				}
				if j := finder("</" + name).next(tagEnd); j >= 0 {
					e := strings.IndexByte(src[j:], '>')
					if e >= 0 {
						e += j + 1
						d.countNewlines(i, e)
						mark(i, e, k)
						i = e
						continue
					}
				}
			}
		case '{':
			if i+1 < n && src[i+1] == '{' {
				if i+2 < n && src[i+2] == '{' {
					stack = append(stack, opener{i, spanParam})
					i += 3
				} else {
					stack = append(stack, opener{i, spanTemplate})
					i += 2
				}
				continue
			}
		case '[':
			if i+1 < n && src[i+1] == '[' {
				stack = append(stack, opener{i, spanLink})
				i += 2
				continue
			}
		case '}':
			if i+1 < n && src[i+1] == '}' && len(stack) > 0 {
				top := stack[len(stack)-1]
				if top.kind == spanParam && i+2 < n && src[i+2] == '}' {
					mark(top.pos, i+3, spanParam)
					stack = stack[:len(stack)-1]
					i += 3
					continue
				}
				if top.kind == spanTemplate {
					mark(top.pos, i+2, spanTemplate)
					stack = stack[:len(stack)-1]
					i += 2
					continue
				}
			}
		case ']':
			if i+1 < n && src[i+1] == ']' && len(stack) > 0 && stack[len(stack)-1].kind == spanLink {
				mark(stack[len(stack)-1].pos, i+2, spanLink)
				stack = stack[:len(stack)-1]
				i += 2
				continue
			}
		}
		i++
	}
	return d
}

// countNewlines records the newlines inside a region that the scan jumps over.
func (d *doc) countNewlines(from, to int) {
	for {
		j := strings.IndexByte(d.src[from:to], '\n')
		if j < 0 {
			return
		}
		d.newlines = append(d.newlines, from+j)
		from += j + 1
	}
}

// extTagOpen recognises the opening tag of an extension tag at src[i] ('<'):
// it returns the lower-case tag name, the offset after the tag's '>' and
// whether it closes itself (<ref name="a" />). The name is "" otherwise.
func extTagOpen(src string, i int) (name string, end int, selfClosing bool) {
	j := i + 1
	for j < len(src) && j-i < 20 && isASCIILetter(src[j]) {
		j++
	}
	name = asciiLower(src[i+1 : j])
	if _, ok := extTags[name]; !ok || j >= len(src) {
		return "", 0, false
	}
	if c := src[j]; c != '>' && c != '/' && c != ' ' && c != '\t' && c != '\n' {
		return "", 0, false
	}
	// Attributes are short; a bounded look-ahead keeps unclosed tags linear.
	limit := min(len(src), j+1024)
	k := strings.IndexByte(src[j:limit], '>')
	if k < 0 {
		return "", 0, false
	}
	end = j + k + 1
	return name, end, src[end-2] == '/'
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// span returns the end and kind of the region starting at i, or 0.
func (d *doc) span(i int) (int, spanKind) {
	return int(d.end[i]), d.kind[i]
}

// pipeTemplates are the templates that MediaWiki wikis use to write table
// syntax inside template arguments; they expand before tables are parsed.
var pipeTemplates = map[string]string{"!": "|", "!!": "||", "(!": "{|", "!)": "|}", "!-": "|-"}

// expandPipeTemplates replaces top-level {{!}}, {{!!}}, {{(!}}, {{!)}} and
// {{!-}} by the table syntax they stand for, as MediaWiki's preprocessor does
// before the table parser runs. No newline is added or removed, so line
// numbers stay those of the source.
func expandPipeTemplates(d *doc) *doc {
	var b strings.Builder
	last := 0
	for i := 0; i < len(d.src); {
		e, k := d.span(i)
		if e == 0 {
			i++
			continue
		}
		if k == spanTemplate {
			inner := d.src[i+2 : e-2]
			if r, ok := pipeTemplates[strings.TrimSpace(inner)]; ok && !strings.Contains(inner, "\n") {
				b.WriteString(d.src[last:i])
				b.WriteString(r)
				last = e
			}
		}
		i = e
	}
	if last == 0 {
		return d
	}
	b.WriteString(d.src[last:])
	return newDoc(b.String())
}
