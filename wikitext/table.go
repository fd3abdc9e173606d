// Package wikitext reads and writes MediaWiki tables: the {| ... |} syntax in
// which Meta-Wiki keeps its twinning pages. It is pure Go with no I/O.
//
// The reader follows MediaWiki's own table parser (doTableStuff): lines that
// start with {|, |}, |-, |+, | or ! build the table; || (and !! on header
// lines) separate cells on one line; the first single | of a cell separates
// its attributes from its content; other lines continue the current cell.
// What MediaWiki takes out before it parses tables (templates, links,
// comments, <nowiki>, <ref>) is opaque here too, so a | inside [[a|b]] or
// {{flag|X}} separates nothing. Each cell yields its plain text, the links in
// it and the countries its flag templates name; rowspan and colspan are
// expanded into a grid.
package wikitext

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Table is one {| ... |} table.
type Table struct {
	Line    int               // line of the {|
	Attrs   map[string]string // attributes of the {| line, names lower-cased
	Caption *Cell             // the |+ caption, nil if none
	Rows    []*Row            // rows as written (rows without cells are dropped)
	// Grid is Rows with rowspan and colspan expanded: Grid[r][c] is the cell
	// covering row r, column c (the same *Cell in every slot it spans). Rows
	// may differ in length; a slot no cell covers is nil.
	Grid [][]*Cell
	// Start and End are the byte offsets of the table in the source, from
	// the {| to the end of the |} line.
	Start, End int
}

// Row is one table row.
type Row struct {
	Line  int // line of the |- (or of the first cell when the row has no |-)
	Attrs map[string]string
	Cells []*Cell
}

// Cell is one header (!) or data (|) cell.
type Cell struct {
	Header bool
	Line   int               // line on which the cell starts
	Attrs  map[string]string // names lower-cased, values with entities decoded
	// Rowspan and Colspan are the cell's spans, at least 1.
	Rowspan, Colspan int
	// Text is what a reader sees: markup removed, entities decoded, white
	// space collapsed, one line per <br>, list item or paragraph (joined
	// with "\n").
	Text string
	// Links are the wiki links and external links in the cell, in order.
	Links []Link
	// Flags are the countries named by flag templates ({{flag|Germany}},
	// {{flagicon|DEU}}), in order.
	Flags []Flag
	// Tables are the tables nested in the cell.
	Tables []*Table
	// Source is the cell's wikitext content (without its attributes),
	// trimmed; for a cell spanning lines, the lines joined.
	Source string
}

// Link is a link in a cell's text.
type Link struct {
	// Target is the linked page as written ("w:Munich", "Munich"), or the
	// URL of an external link.
	Target   string
	Text     string // the text the reader sees
	External bool
	Line     int // index in the cell's Text lines
}

// Flag is a country named by a flag template.
type Flag struct {
	Country string // the country's English name when the template gave a code ("DEU" -> "Germany")
	Line    int    // index in the cell's Text lines
	// Text is what the template displays beside the flag ({{flag|Mexico}}
	// shows "Mexico"); empty for a bare flag ({{flagicon|MEX}}).
	Text string
}

// Lines splits the cell's text into its lines.
func (c *Cell) Lines() []string {
	if c == nil || c.Text == "" {
		return nil
	}
	return strings.Split(c.Text, "\n")
}

// SyntaxError is a table the reader cannot read, with the line it is on.
type SyntaxError struct {
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("wikitext: line %d: %s", e.Line, e.Msg) }

// Limits that keep a hostile page from exhausting memory.
const (
	maxColspan   = 1000    // as browsers clamp it
	maxRowspan   = 65534   // as browsers clamp it
	maxGridSlots = 1 << 22 // cells after spans are expanded, per table
)

// rng is a byte range of the source.
type rng struct{ a, b int }

// cellBuild is a cell being read: its content may span several ranges
// (lines, and text around nested tables).
type cellBuild struct {
	cell  *Cell
	parts []rng
}

// tableBuild is a table being read.
type tableBuild struct {
	t       *Table
	row     *Row
	cell    *cellBuild // the open cell (or caption)
	caption bool       // the open cell is the caption
	outer   *cellBuild // the cell of the enclosing table this one is nested in
}

// Parse reads every top-level table of a page (nested tables are in their
// cells' Tables). Text outside tables is ignored. Returns a *SyntaxError for
// a table that is never closed, table syntax (|-, |+, |}) outside any table,
// a table nested in a row outside any cell, or spans that expand into too
// many cells, or text that is not UTF-8 (a file saved in another
// encoding, whose names would be garbled). A byte-order mark, as editors on
// Windows save it, is read past: before the first table it hid the table.
func Parse(src string) ([]*Table, error) {
	src = strings.TrimPrefix(src, "\uFEFF")
	if !utf8.ValidString(src) {
		bad := 0
		for bad < len(src) {
			r, size := utf8.DecodeRuneInString(src[bad:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			bad += size
		}
		return nil, &SyntaxError{1 + strings.Count(src[:bad], "\n"), "the text is not UTF-8 (save the file as UTF-8, as wiki pages are)"}
	}
	d := expandPipeTemplates(newDoc(src))
	p := &parser{d: d}
	return p.run()
}

type parser struct {
	d      *doc
	stack  []*tableBuild
	tables []*Table
}

func (p *parser) run() ([]*Table, error) {
	src := p.d.src
	for ls := 0; ls <= len(src); {
		le := p.lineEnd(ls)
		if err := p.line(ls, le); err != nil {
			return nil, err
		}
		ls = le + 1
	}
	if len(p.stack) > 0 {
		tb := p.stack[len(p.stack)-1]
		return nil, &SyntaxError{tb.t.Line, "table is not closed (no |} before the end of the text)"}
	}
	return p.tables, nil
}

// lineEnd returns the offset of the newline ending the logical line that
// starts at ls (newlines inside templates and comments do not end it).
func (p *parser) lineEnd(ls int) int {
	src := p.d.src
	for i := ls; i < len(src); {
		if e, _ := p.d.span(i); e > 0 {
			i = e
			continue
		}
		if src[i] == '\n' {
			return i
		}
		i++
	}
	return len(src)
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c == 0
}

// line handles one logical line [ls, le).
func (p *parser) line(ls, le int) error {
	src := p.d.src
	// Skip leading white space and comments, as MediaWiki trims the line
	// after it has removed comments.
	s := ls
	for s < le {
		if isSpace(src[s]) {
			s++
			continue
		}
		if e, k := p.d.span(s); e > 0 && k == spanComment {
			s = e
			continue
		}
		break
	}
	lineNo := p.d.lineOf(s)
	at := func(prefix string) bool {
		if e, _ := p.d.span(s); e > 0 {
			return false
		}
		return strings.HasPrefix(src[s:le], prefix)
	}
	var tb *tableBuild
	if len(p.stack) > 0 {
		tb = p.stack[len(p.stack)-1]
	}
	switch {
	case at("{|"):
		t := &Table{Line: lineNo, Attrs: parseAttrs(src[s+2 : le]), Start: s}
		nb := &tableBuild{t: t}
		if tb != nil {
			if tb.cell == nil || tb.caption {
				return &SyntaxError{lineNo, "a nested table must be inside a cell (start a cell with | before {|)"}
			}
			nb.outer = tb.cell
			tb.cell.parts = append(tb.cell.parts, rng{le, le}) // the table breaks the line
			tb.cell.cell.Tables = append(tb.cell.cell.Tables, t)
		}
		p.stack = append(p.stack, nb)
		return nil
	case tb == nil:
		for _, m := range []struct{ prefix, what string }{{"|}", "table end"}, {"|-", "table row"}, {"|+", "table caption"}} {
			if at(m.prefix) {
				return &SyntaxError{lineNo, fmt.Sprintf("%q (%s) outside a table", m.prefix, m.what)}
			}
		}
		return nil
	case at("|}"):
		p.finishCell(tb)
		p.finishRow(tb)
		tb.t.End = le
		if err := buildGrid(tb.t); err != nil {
			return err
		}
		p.stack = p.stack[:len(p.stack)-1]
		if tb.outer == nil {
			p.tables = append(p.tables, tb.t)
		} else if s+2 < le {
			// Text after a nested table's |} continues the outer cell.
			tb.outer.parts = append(tb.outer.parts, rng{s + 2, le})
		}
		return nil
	case at("|-"):
		p.finishCell(tb)
		p.finishRow(tb)
		j := s + 2
		for j < le && src[j] == '-' {
			j++
		}
		tb.row = &Row{Line: lineNo, Attrs: parseAttrs(src[j:le])}
		return nil
	case at("|+"):
		p.finishCell(tb)
		attrs, a := p.splitAttrs(s+2, le)
		c := &Cell{Line: lineNo, Attrs: attrs}
		if tb.t.Caption == nil {
			tb.t.Caption = c
		}
		tb.cell = &cellBuild{cell: c, parts: []rng{{a, le}}}
		tb.caption = true
		return nil
	case at("|"), at("!"):
		header := src[s] == '!'
		if tb.row == nil {
			tb.row = &Row{Line: lineNo}
		}
		for _, piece := range p.splitCells(s+1, le, header) {
			p.finishCell(tb)
			attrs, a := p.splitAttrs(piece.a, piece.b)
			c := &Cell{Header: header, Line: lineNo, Attrs: attrs, Rowspan: 1, Colspan: 1}
			c.Rowspan = spanAttr(attrs["rowspan"], 1, maxRowspan)
			c.Colspan = spanAttr(attrs["colspan"], 1, maxColspan)
			tb.cell = &cellBuild{cell: c, parts: []rng{{a, piece.b}}}
			tb.row.Cells = append(tb.row.Cells, c)
		}
		return nil
	}
	// Any other line continues the open cell (or caption).
	if tb.cell != nil {
		tb.cell.parts = append(tb.cell.parts, rng{ls, le})
	}
	return nil
}

func (p *parser) finishCell(tb *tableBuild) {
	if tb.cell == nil {
		return
	}
	cb := tb.cell
	tb.cell, tb.caption = nil, false
	var src strings.Builder
	for i, r := range cb.parts {
		if i > 0 {
			src.WriteByte('\n')
		}
		src.WriteString(p.d.src[r.a:r.b])
	}
	cb.cell.Source = strings.TrimSpace(src.String())
	renderCell(p.d, cb.cell, cb.parts)
}

func (p *parser) finishRow(tb *tableBuild) {
	if tb.row != nil && len(tb.row.Cells) > 0 {
		tb.t.Rows = append(tb.t.Rows, tb.row)
	}
	tb.row = nil
}

// splitCells splits the rest of a cell line at || (and !! on header lines)
// outside opaque regions.
func (p *parser) splitCells(a, b int, header bool) []rng {
	src := p.d.src
	var out []rng
	start := a
	for i := a; i < b; {
		if e, _ := p.d.span(i); e > 0 {
			i = e
			continue
		}
		if i+1 < b && (src[i] == '|' && src[i+1] == '|' || header && src[i] == '!' && src[i+1] == '!') {
			out = append(out, rng{start, i})
			i += 2
			start = i
			continue
		}
		i++
	}
	return append(out, rng{start, b})
}

// splitAttrs separates a cell's attributes from its content at the first |
// outside opaque regions. As in MediaWiki, what precedes the | is content,
// not attributes, when it holds a link (or a template outside a quoted
// attribute value, which would expand to one). It returns the attributes
// and where the content starts.
func (p *parser) splitAttrs(a, b int) (map[string]string, int) {
	src := p.d.src
	var quote byte
	for i := a; i < b; {
		c := src[i]
		if quote != 0 {
			if c == quote {
				quote = 0
			}
			i++
			continue
		}
		if e, k := p.d.span(i); e > 0 {
			if k == spanLink || k == spanTemplate || k == spanParam {
				return nil, a
			}
			i = e
			continue
		}
		switch c {
		case '"', '\'':
			quote = c
		case '|':
			return parseAttrs(src[a:i]), i + 1
		case '[':
			if i+1 < b && src[i+1] == '[' {
				return nil, a
			}
		}
		i++
	}
	return nil, a
}

func spanAttr(v string, def, limit int) int {
	v = strings.TrimSpace(v)
	if v == "" {
		return def
	}
	j := 0
	for j < len(v) && j < 9 && v[j] >= '0' && v[j] <= '9' {
		j++
	}
	n, err := strconv.Atoi(v[:j])
	if err != nil || n < 1 {
		return def
	}
	return min(n, limit)
}

// parseAttrs reads HTML attributes: name="value", name='value', name=value
// or a bare name. Names are lower-cased; values have entities decoded.
// Garbage is skipped, as MediaWiki's sanitizer drops it.
func parseAttrs(s string) map[string]string {
	var m map[string]string
	i := 0
	for i < len(s) {
		for i < len(s) && !isAttrNameChar(s[i]) {
			i++
		}
		j := i
		for j < len(s) && isAttrNameChar(s[j]) {
			j++
		}
		if j == i {
			break
		}
		name := asciiLower(s[i:j])
		i = j
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		val := ""
		if i < len(s) && s[i] == '=' {
			i++
			for i < len(s) && isSpace(s[i]) {
				i++
			}
			if i < len(s) && (s[i] == '"' || s[i] == '\'') {
				q := s[i]
				k := strings.IndexByte(s[i+1:], q)
				if k < 0 {
					val, i = s[i+1:], len(s)
				} else {
					val, i = s[i+1:i+1+k], i+2+k
				}
			} else {
				k := i
				for k < len(s) && !isSpace(s[k]) {
					k++
				}
				val, i = s[i:k], k
			}
		}
		if m == nil {
			m = map[string]string{}
		}
		if _, dup := m[name]; !dup {
			m[name] = decodeEntities(val)
		}
	}
	return m
}

func isAttrNameChar(c byte) bool {
	return isASCIILetter(c) || c >= '0' && c <= '9' || c == '-' || c == '_' || c == ':' || c == '.'
}

// buildGrid expands rowspan and colspan as HTML's table model does: a cell
// takes the first column not covered by a rowspan from above; spans stop at
// the last row.
func buildGrid(t *Table) error {
	type pending struct {
		cell *Cell
		left int
	}
	var cover []pending // per column: the cell spanning down into the next rows
	active := 0         // columns of cover still spanning down
	slots := 0
	t.Grid = make([][]*Cell, len(t.Rows))
	for r, row := range t.Rows {
		if active > 0 {
			// This row walks the covered columns: count them against the limit.
			slots += len(cover)
		}
		var out []*Cell
		put := func(col int, c *Cell) {
			for len(out) <= col {
				out = append(out, nil)
			}
			out[col] = c
		}
		take := func(col int) {
			put(col, cover[col].cell)
			cover[col].left--
			if cover[col].left == 0 {
				active--
			}
		}
		col := 0
		for _, c := range row.Cells {
			for col < len(cover) && cover[col].left > 0 {
				take(col)
				col++
			}
			rows := c.Rowspan
			if rest := len(t.Rows) - r; rows > rest {
				rows = rest
			}
			slots += rows * c.Colspan
			if slots > maxGridSlots {
				return &SyntaxError{t.Line, fmt.Sprintf("rowspan and colspan expand the table into more than %d cells", maxGridSlots)}
			}
			for k := 0; k < c.Colspan; k++ {
				for len(cover) <= col {
					cover = append(cover, pending{})
				}
				if cover[col].left > 0 {
					active-- // overlapping spans: the later cell wins
				}
				put(col, c)
				cover[col] = pending{c, rows - 1}
				if rows > 1 {
					active++
				}
				col++
			}
		}
		// Columns to the right still covered from above.
		for ; active > 0 && col < len(cover); col++ {
			if cover[col].left > 0 {
				take(col)
			}
		}
		if slots > maxGridSlots {
			return &SyntaxError{t.Line, fmt.Sprintf("rowspan and colspan expand the table into more than %d cells", maxGridSlots)}
		}
		t.Grid[r] = out
	}
	return nil
}
