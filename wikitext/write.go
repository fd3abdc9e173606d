package wikitext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

var flatReplacer = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")

// flat puts a name on one line, a line break becoming a space, for the
// tables written from the store: Escape would write it as <br />, and a
// twinning cell of several lines reads back as several cities.
func flat(s string) string { return flatReplacer.Replace(s) }

// Escape returns wikitext that displays s as plain text inside a table cell
// (or any inline text): no name can break the table or inject markup. It
// uses HTML character references, which every wiki understands, rather than
// templates such as {{!}} that the target wiki may lack:
//
//   - | ! { } [ ] < > & are always encoded (&#124; &#33; ...), which
//     neutralises cell separators, templates, links, external links, tags,
//     comments, <nowiki> and entities;
//   - ' is encoded when next to another ' (bold and italic);
//   - _ is encoded when next to another _ (behaviour switches __NOTOC__);
//   - ~ is encoded (signatures ~~~~), : is encoded (free links and
//     interwiki prefixes), and so is the first letter of ISBN, RFC and PMID
//     (magic links);
//   - a leading - + * # ; = is encoded (row, caption, list, heading syntax);
//   - a newline becomes <br />; other control characters become spaces;
//     invalid UTF-8 becomes U+FFFD.
//
// Parse reads the result back as NormalizeText(s).
func Escape(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s) + 16)
	lineStart := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		prev, next := byte(0), byte(0)
		if i > 0 {
			prev = s[i-1]
		}
		if i+size < len(s) {
			next = s[i+size]
		}
		i += size
		switch {
		case r == '\n':
			b.WriteString("<br />")
			lineStart = true
			continue
		case r == '\t' || r == ' ':
			b.WriteRune(r)
			continue
		case unicode.IsControl(r):
			b.WriteByte(' ')
			continue
		}
		switch r {
		case '|', '!', '{', '}', '[', ']', '<', '>', '&', '~', ':':
			writeRef(&b, r)
		case '\'':
			if prev == '\'' || next == '\'' {
				writeRef(&b, r)
			} else {
				b.WriteRune(r)
			}
		case '_':
			if prev == '_' || next == '_' {
				writeRef(&b, r)
			} else {
				b.WriteRune(r)
			}
		case '-', '+', '*', '#', ';', '=':
			if lineStart {
				writeRef(&b, r)
			} else {
				b.WriteRune(r)
			}
		case 'I', 'R', 'P':
			rest := s[i-size:]
			if strings.HasPrefix(rest, "ISBN") || strings.HasPrefix(rest, "RFC") || strings.HasPrefix(rest, "PMID") {
				writeRef(&b, r)
			} else {
				b.WriteRune(r)
			}
		default:
			b.WriteRune(r)
		}
		lineStart = false
	}
	return b.String()
}

func writeRef(b *strings.Builder, r rune) {
	b.WriteString("&#")
	b.WriteString(itoa(int(r)))
	b.WriteByte(';')
}

func itoa(n int) string {
	var buf [12]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return string(buf[i:])
}

// validLinkTarget reports whether t can be written inside [[...]] as it is:
// a plausible page title with nothing the parser would read as markup.
func validLinkTarget(t string) bool {
	if t == "" || len(t) > 255 || strings.TrimSpace(t) != t || !utf8.ValidString(t) {
		return false
	}
	if strings.ContainsAny(t, "#<>[]|{}&~") || strings.Contains(t, "__") || strings.Contains(t, "''") {
		return false
	}
	for _, r := range t {
		if unicode.IsControl(r) {
			return false
		}
	}
	return !strings.HasPrefix(t, ":") && !strings.HasPrefix(t, "/")
}

// Text is one cell to write: plain text, linked to the page Link when it
// is set (and a valid title).
type Text struct {
	Text string
	Link string
}

// TableData is a table to write.
type TableData struct {
	Caption string
	Header  []string
	Rows    [][]Text
}

// Write returns the wikitext of t as a sortable wikitable, one cell a line
// so that diffs of the page stay readable. Every text is escaped with Escape
// and every link target checked, so no user-supplied name can break the
// table or inject markup.
func Write(t TableData) string {
	var b strings.Builder
	b.WriteString("{| class=\"wikitable sortable\"\n")
	if t.Caption != "" {
		b.WriteString("|+ ")
		b.WriteString(Escape(t.Caption))
		b.WriteByte('\n')
	}
	if len(t.Header) > 0 {
		b.WriteString("|-\n")
		for _, h := range t.Header {
			b.WriteString("! ")
			b.WriteString(Escape(h))
			b.WriteByte('\n')
		}
	}
	for _, row := range t.Rows {
		b.WriteString("|-\n")
		for _, c := range row {
			b.WriteByte('|')
			if t := cellText(c); t != "" {
				b.WriteByte(' ')
				b.WriteString(t)
			}
			b.WriteByte('\n')
		}
	}
	b.WriteString("|}\n")
	return b.String()
}

func cellText(c Text) string {
	text := Escape(c.Text)
	if c.Link == "" || !validLinkTarget(c.Link) || NormalizeText(c.Text) == "" {
		return text
	}
	// The leading colon makes every target an inline link: [[:Category:X]]
	// does not categorise the page, [[:File:X]] does not embed an image,
	// [[:de:X]] is not an interlanguage link.
	return "[[:" + c.Link + "|" + text + "]]"
}
