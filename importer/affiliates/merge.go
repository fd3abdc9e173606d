package affiliates

import (
	"slices"
	"strconv"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/groupmatch"
)

// Merge joins the affiliates of Meta-Wiki's lists and of Wikidata: an item
// whose Meta-Wiki page is a list entry's page, or whose name matches the
// entry's exactly or after normalisation, is that entry. The merged entry
// takes Meta-Wiki's name, page and kind, and Wikidata's item, headquarters
// and dates; the website and country of either, Meta first. Dissolution
// stated by either source counts, with the more precise date. Entries are
// in Meta's order, then the items no list names.
func Merge(meta, wd []wikicities.Affiliate) []wikicities.Affiliate {
	groups := make([]groupmatch.Group, len(meta))
	for i, a := range meta {
		groups[i] = groupmatch.Group{ID: int64(i + 1), Name: a.Name, MetaPage: a.MetaPage}
	}
	ix := groupmatch.New(groups)
	out := slices.Clone(meta)
	taken := map[int64]bool{}
	for _, w := range wd {
		m := ix.Find(groupmatch.Group{Name: w.Name, MetaPage: w.MetaPage})
		if m.Level < groupmatch.Normalised || taken[m.Group.ID] {
			out = append(out, w)
			continue
		}
		taken[m.Group.ID] = true
		a := &out[m.Group.ID-1]
		a.QID, a.City, a.CityQID = w.QID, w.City, w.CityQID
		fill := func(dst *string, v string) {
			if *dst == "" {
				*dst = v
			}
		}
		fill(&a.Website, w.Website)
		fill(&a.Country, w.Country)
		fill(&a.Inception, w.Inception)
		fill(&a.MetaPage, w.MetaPage)
		if w.Dissolved != "" && (a.Dissolved == "" || a.Dissolved == "yes" || strings.HasPrefix(w.Dissolved, a.Dissolved)) {
			a.Dissolved = w.Dissolved
		}
		a.Sources = append(a.Sources, "wikidata")
		a.Place += "; wikidata:" + w.QID
	}
	return out
}

// Provenance names what an import read: each page with its revision and
// the query.
func Provenance(pages map[string]int64, queried bool) string {
	var parts []string
	titles := make([]string, 0, len(pages))
	for t := range pages {
		titles = append(titles, t)
	}
	slices.Sort(titles)
	for _, t := range titles {
		parts = append(parts, "meta:"+t+"@"+strconv.FormatInt(pages[t], 10))
	}
	if queried {
		parts = append(parts, "wikidata query "+QueryID)
	}
	return strings.Join(parts, "; ")
}
