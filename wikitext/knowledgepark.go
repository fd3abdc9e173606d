package wikitext

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
)

// CampaignParticipants is the table of who takes part in a campaign, for
// its page on Meta: one row per national or regional edition (year,
// country, region, community, partners, upload campaign), by year, then
// country, then community; then one row per twin edition. Every name is
// escaped when written.
func CampaignParticipants(caption string, editions []*wikicities.Edition, ns []*wikicities.NationalEdition, ts []*wikicities.TwinEdition) TableData {
	year := map[int64]int{}
	for _, e := range editions {
		year[e.ID] = e.Year
	}
	t := TableData{Caption: caption, Header: []string{"Year", "Country", "Region", "Community", "Partners", "Twinned with", "Upload campaign"}}
	twins := map[[2]int64][]string{} // edition and community: the communities it is twinned with
	for _, tw := range ts {
		twins[[2]int64{tw.EditionID, tw.A.ID}] = append(twins[[2]int64{tw.EditionID, tw.A.ID}], tw.B.Name)
		twins[[2]int64{tw.EditionID, tw.B.ID}] = append(twins[[2]int64{tw.EditionID, tw.B.ID}], tw.A.Name)
	}
	rows := append([]*wikicities.NationalEdition{}, ns...)
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if year[a.EditionID] != year[b.EditionID] {
			return year[a.EditionID] > year[b.EditionID]
		}
		if a.Country != b.Country {
			return a.Country < b.Country
		}
		return wikicities.NameKey(a.Community.Name) < wikicities.NameKey(b.Community.Name)
	})
	for _, n := range rows {
		partners := make([]string, len(n.Partners))
		for i, p := range n.Partners {
			partners[i] = flat(p.Name)
		}
		tw := twins[[2]int64{n.EditionID, n.Community.ID}]
		for i := range tw {
			tw[i] = flat(tw[i])
		}
		t.Rows = append(t.Rows, []Text{{Text: yearText(year[n.EditionID])}, {Text: n.Country}, {Text: flat(n.Region)},
			{Text: flat(n.Community.Name)}, {Text: strings.Join(partners, ", ")}, {Text: strings.Join(tw, ", ")},
			{Text: n.UploadCampaign}})
	}
	return t
}

func yearText(y int) string {
	if y == 0 {
		return ""
	}
	return fmt.Sprint(y)
}

// GroupEvents is the table of a group's events, for its page on Meta:
// date and time in the event's zone, title, type, where, organisers and
// status, soonest first.
func GroupEvents(caption string, events []*wikicities.Event) TableData {
	t := TableData{Caption: caption, Header: []string{"Date", "Event", "Type", "Where", "Organisers", "Status"}}
	rows := append([]*wikicities.Event{}, events...)
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Start.Before(rows[j].Start) })
	for _, e := range rows {
		where := e.CityName
		if e.Mode == wikicities.ModeOnline {
			where = "online"
		} else if e.Mode == wikicities.ModeHybrid {
			where += " + online"
		}
		orgs := make([]string, len(e.Organisers))
		for i, o := range e.Organisers {
			orgs[i] = flat(o.Name)
		}
		t.Rows = append(t.Rows, []Text{{Text: e.Start.In(e.Location()).Format(time.DateOnly + " 15:04 MST")},
			{Text: flat(e.Title)}, {Text: strings.ReplaceAll(string(e.Type), "_", " ")}, {Text: flat(where)},
			{Text: strings.Join(orgs, ", ")}, {Text: string(e.Status)}})
	}
	return t
}
