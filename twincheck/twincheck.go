// Package twincheck finds twin data that may not be true: links known
// from one source only, links a Wikidata item states on one side only, and
// pairs that two sources place in different countries. It turns them into
// a worklist for Wikidata editors (CSV and wikitext). It does no I/O.
package twincheck

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/csvsafe"
	"github.com/wikicities/wikicities/wikitext"
)

// Kind is a kind of finding.
type Kind string

// Kinds of findings, in report order.
const (
	// OneSided: one item states the P190 link, the other item does not.
	OneSided Kind = "one_sided"
	// NotInWikidata: a file or a wiki page states the link, Wikidata does not.
	NotInWikidata Kind = "not_in_wikidata"
	// OnlyInWikidata: Wikidata states the link, no other source does.
	OnlyInWikidata Kind = "only_in_wikidata"
	// Contradiction: two sources name the same pair in different countries.
	Contradiction Kind = "contradiction"
)

// Kinds lists the kinds in report order.
var Kinds = []Kind{OneSided, NotInWikidata, OnlyInWikidata, Contradiction}

// Statement is one source's statement of a link (A < B); StatedBy is the
// city whose Wikidata item states it, 0 when the source has no direction.
type Statement = wikicities.LinkStatement

// Place is a city as a finding names it.
type Place struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Country string `json:"country"`
	QID     string `json:"qid,omitempty"`
}

// Finding is one line of the report.
type Finding struct {
	Kind    Kind     `json:"kind"`
	A       Place    `json:"a"`
	B       Place    `json:"b"`
	Sources []string `json:"sources"`
	// Action says what an editor can do about it, in English.
	Action string `json:"action"`
}

// Report is every finding, with counts by kind.
type Report struct {
	Links    int          `json:"links"`
	Counts   map[Kind]int `json:"counts"`
	Findings []Finding    `json:"findings"`
}

// Check compares the statements of the links between cities.
func Check(cities []*wikicities.City, statements []Statement) *Report {
	byID := make(map[int64]*wikicities.City, len(cities))
	for _, c := range cities {
		byID[c.ID] = c
	}
	place := func(id int64) Place {
		c := byID[id]
		if c == nil {
			return Place{ID: id}
		}
		return Place{ID: id, Name: c.Name, Country: c.Country, QID: c.QID}
	}
	type pair struct{ a, b int64 }
	type facts struct {
		sources  []string
		statedBy []int64
	}
	links := map[pair]*facts{}
	var order []pair
	for _, s := range statements {
		k := pair{s.A, s.B}
		f := links[k]
		if f == nil {
			f = &facts{}
			links[k] = f
			order = append(order, k)
		}
		if !slices.Contains(f.sources, string(s.Source)) {
			f.sources = append(f.sources, string(s.Source))
		}
		if s.StatedBy != 0 && !slices.Contains(f.statedBy, s.StatedBy) {
			f.statedBy = append(f.statedBy, s.StatedBy)
		}
	}
	r := &Report{Links: len(links), Counts: map[Kind]int{}, Findings: []Finding{}}
	add := func(f Finding) {
		r.Counts[f.Kind]++
		r.Findings = append(r.Findings, f)
	}
	for _, k := range order {
		f := links[k]
		slices.Sort(f.sources)
		a, b := place(k.a), place(k.b)
		wd := slices.Contains(f.sources, string(wikicities.SourceWikidata))
		switch {
		case !wd:
			add(Finding{Kind: NotInWikidata, A: a, B: b, Sources: f.sources, Action: addBoth(a, b)})
		case len(f.sources) == 1:
			add(Finding{Kind: OnlyInWikidata, A: a, B: b, Sources: f.sources, Action: "check the statements against a source (no other list has this link)"})
		}
		if wd && len(f.statedBy) == 1 {
			by, other := a, b
			if f.statedBy[0] == k.b {
				by, other = b, a
			}
			add(Finding{Kind: OneSided, A: by, B: other, Sources: f.sources,
				Action: fmt.Sprintf("add P190 %s to %s (the reverse of %s's statement)", orName(by), orName(other), orName(by))})
		}
	}
	infos := make([]linkInfo, len(order))
	for i, k := range order {
		infos[i] = linkInfo{k.a, k.b, links[k].sources}
	}
	contradictions(infos, place, add)
	sort.SliceStable(r.Findings, func(i, j int) bool {
		return slices.Index(Kinds, r.Findings[i].Kind) < slices.Index(Kinds, r.Findings[j].Kind)
	})
	return r
}

// linkInfo is a link with its sources, for the contradiction check.
type linkInfo struct {
	a, b    int64
	sources []string
}

// contradictions finds pairs of names linked twice, in different countries,
// by different sources: "Boston, England – Xiamen" in one list and
// "Boston, United States – Xiamen" in another.
func contradictions(links []linkInfo, place func(int64) Place, add func(Finding)) {
	byNames := map[string][]linkInfo{}
	var keys []string
	for _, l := range links {
		a, b := place(l.a), place(l.b)
		ka, kb := wikicities.NameKey(a.Name), wikicities.NameKey(b.Name)
		if ka > kb {
			ka, kb = kb, ka
		}
		k := ka + "|" + kb
		if byNames[k] == nil {
			keys = append(keys, k)
		}
		byNames[k] = append(byNames[k], l)
	}
	for _, k := range keys {
		ls := byNames[k]
		for i := 1; i < len(ls); i++ {
			first, l := ls[0], ls[i]
			if slices.Equal(first.sources, l.sources) {
				continue
			}
			a, b := place(l.a), place(l.b)
			fa, fb := place(first.a), place(first.b)
			add(Finding{Kind: Contradiction, A: a, B: b, Sources: append(slices.Clone(l.sources), first.sources...),
				Action: fmt.Sprintf("%s places it as %s – %s, %s as %s – %s: check which countries are right",
					strings.Join(l.sources, "+"), label(a), label(b), strings.Join(first.sources, "+"), label(fa), label(fb))})
		}
	}
}

func label(p Place) string { return wikicities.LabelString(p.Name, p.Country) }

func orName(p Place) string {
	if p.QID != "" {
		return p.QID
	}
	return label(p)
}

func addBoth(a, b Place) string {
	if a.QID == "" || b.QID == "" {
		return fmt.Sprintf("find the items of %s and %s, then add P190 on both", label(a), label(b))
	}
	return fmt.Sprintf("add P190 %s to %s and P190 %s to %s, with a reference", b.QID, a.QID, a.QID, b.QID)
}

// Filter keeps the findings of the kinds given (all when none).
func (r *Report) Filter(kinds ...Kind) []Finding {
	if len(kinds) == 0 {
		return r.Findings
	}
	var out []Finding
	for _, f := range r.Findings {
		if slices.Contains(kinds, f.Kind) {
			out = append(out, f)
		}
	}
	return out
}

var csvHeader = []string{"kind", "city", "country", "qid", "twin", "twin_country", "twin_qid", "sources", "action"}

// WriteCSV writes findings as CSV, cells a spreadsheet would run as
// formulas prefixed with '.
func WriteCSV(w io.Writer, fs []Finding) error {
	cw := csvsafe.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, f := range fs {
		if err := cw.Write([]string{string(f.Kind), f.A.Name, f.A.Country, f.A.QID, f.B.Name, f.B.Country, f.B.QID,
			strings.Join(f.Sources, " "), f.Action}); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// Wikitext returns findings as a sortable wikitable for a worklist page,
// the cities linked to their Wikidata items; names are escaped.
func Wikitext(caption string, fs []Finding) string {
	t := wikitext.TableData{Caption: caption, Header: []string{"Kind", "City", "Twin", "Sources", "What to do"}}
	cell := func(p Place) wikitext.Text {
		c := wikitext.Text{Text: label(p)}
		if p.QID != "" {
			c.Link = "d:" + p.QID
		}
		return c
	}
	for _, f := range fs {
		t.Rows = append(t.Rows, []wikitext.Text{{Text: string(f.Kind)}, cell(f.A), cell(f.B),
			{Text: strings.Join(f.Sources, ", ")}, {Text: f.Action}})
	}
	return wikitext.Write(t)
}
