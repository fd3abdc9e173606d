package wikitext

import (
	"sort"

	"github.com/wikicities/wikicities"
)

// PartnershipList is a party's partnerships as a table to write: the
// partner, the kind of partnership, its level and state, since when it is in
// that state and the date of its last activity, ordered by partner name (so
// that the page's diffs stay small). Partnerships self is not a party to are
// left out.
func PartnershipList(caption string, self wikicities.PartyRef, ps []*wikicities.Partnership) TableData {
	t := TableData{
		Caption: caption,
		Header:  []string{"Partner", "Partner kind", "Type", "Level", "State", "Since", "Last activity"},
	}
	date := func(p *wikicities.Partnership, last bool) string {
		d := p.StateChangedAt
		if last {
			d = p.LastActivity
		}
		if d.IsZero() {
			return ""
		}
		return d.UTC().Format("2006-01-02")
	}
	type row struct {
		p     *wikicities.Partnership
		other wikicities.Party
	}
	var rows []row
	for _, p := range ps {
		switch p.SideOf(self) {
		case wikicities.SideA:
			rows = append(rows, row{p, p.B})
		case wikicities.SideB:
			rows = append(rows, row{p, p.A})
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := wikicities.NameKey(rows[i].other.Name), wikicities.NameKey(rows[j].other.Name)
		return a < b || a == b && rows[i].p.ID < rows[j].p.ID
	})
	for _, r := range rows {
		p, other := r.p, r.other
		t.Rows = append(t.Rows, []Text{
			{Text: flat(other.Name)}, {Text: string(other.Kind)}, {Text: string(p.Type)}, {Text: string(p.Level)},
			{Text: string(p.State)}, {Text: date(p, false)}, {Text: date(p, true)},
		})
	}
	return t
}
