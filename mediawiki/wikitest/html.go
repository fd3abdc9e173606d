package wikitest

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/wikicities/wikicities/wikitext"
)

// HTMLCell is a cell of a table in MediaWiki's rendered HTML.
type HTMLCell struct {
	Header bool
	Text   string
}

// HTMLTable is a table of MediaWiki's rendered HTML: its caption and rows,
// with nested tables kept apart from their cells' text.
type HTMLTable struct {
	Caption string
	Rows    [][]HTMLCell
	Nested  []*HTMLTable
}

// HTMLTables reads the top-level tables of an HTML fragment, such as
// action=parse returns, to compare with what the wikitext reader reads.
func HTMLTables(fragment string) ([]*HTMLTable, error) {
	nodes, err := html.ParseFragment(strings.NewReader(fragment), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return nil, err
	}
	var out []*HTMLTable
	var find func(n *html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Table {
			out = append(out, readHTMLTable(n))
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	for _, n := range nodes {
		find(n)
	}
	return out, nil
}

func readHTMLTable(t *html.Node) *HTMLTable {
	ht := &HTMLTable{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Caption:
				ht.Caption = textOf(c, ht)
			case atom.Tr:
				var row []HTMLCell
				for td := c.FirstChild; td != nil; td = td.NextSibling {
					if td.Type == html.ElementNode && (td.DataAtom == atom.Td || td.DataAtom == atom.Th) {
						row = append(row, HTMLCell{Header: td.DataAtom == atom.Th, Text: textOf(td, ht)})
					}
				}
				ht.Rows = append(ht.Rows, row)
			case atom.Tbody, atom.Thead, atom.Tfoot:
				walk(c)
			}
		}
	}
	walk(t)
	return ht
}

// textOf is the text a reader sees in n: <br> and block elements break
// lines, nested tables are collected into ht.Nested, white space is
// normalised as the wikitext reader does.
func textOf(n *html.Node, ht *HTMLTable) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				// HTML collapses white space, newlines included.
				b.WriteString(strings.ReplaceAll(c.Data, "\n", " "))
			case html.ElementNode:
				switch c.DataAtom {
				case atom.Table:
					ht.Nested = append(ht.Nested, readHTMLTable(c))
					b.WriteByte('\n')
					continue
				case atom.Br:
					b.WriteByte('\n')
					continue
				case atom.Style, atom.Script:
					continue
				}
				block := isBlock(c.DataAtom)
				if block {
					b.WriteByte('\n')
				}
				walk(c)
				if block {
					b.WriteByte('\n')
				}
			}
		}
	}
	walk(n)
	return wikitext.NormalizeText(b.String())
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Li, atom.Ul, atom.Ol, atom.Dl, atom.Dd, atom.Dt, atom.Pre,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Blockquote, atom.Hr:
		return true
	}
	return false
}
