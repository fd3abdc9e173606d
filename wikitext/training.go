package wikitext

import (
	"sort"
	"strconv"
	"strings"

	"github.com/wikicities/wikicities"
)

// TrainingLibrary is the Knowledge Park library as a table to write on
// Meta: title, languages, topic, skill, level, format, length, licence,
// maintainer and link, ordered by topic then title; outdated links are
// marked. Every field is escaped by Write, and the link is written as
// plain text because it may point outside the wiki.
func TrainingLibrary(caption string, rs []wikicities.TrainingResource) TableData {
	t := TableData{
		Caption: caption,
		Header:  []string{"Title", "Languages", "Topic", "Skill", "Level", "Format", "Minutes", "Licence", "Maintainer", "Link"},
	}
	rs = append([]wikicities.TrainingResource(nil), rs...)
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if a.Topic != b.Topic {
			return wikicities.NameKey(a.Topic) < wikicities.NameKey(b.Topic)
		}
		return wikicities.NameKey(a.Title) < wikicities.NameKey(b.Title)
	})
	for _, r := range rs {
		minutes := ""
		if r.Minutes > 0 {
			minutes = strconv.Itoa(r.Minutes)
		}
		link := r.Link
		if r.Outdated {
			link += " (outdated)"
		}
		t.Rows = append(t.Rows, []Text{
			{Text: flat(r.Title)}, {Text: strings.Join(r.Languages, ", ")}, {Text: flat(r.Topic)},
			{Text: r.Skill}, {Text: string(r.Level)}, {Text: string(r.Format)}, {Text: minutes},
			{Text: r.Licence}, {Text: flat(r.Maintainer)}, {Text: link},
		})
	}
	return t
}
