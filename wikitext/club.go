package wikitext

import (
	"strconv"

	"github.com/wikicities/wikicities"
)

// ClubSection is a Wiki Club's facts as a table for its page on Meta: host,
// agreement, meetings, first meeting and the measures of success. Every
// value is escaped by Write, so a name cannot inject markup.
func ClubSection(c *wikicities.WikiClub) TableData {
	first := ""
	if !c.FirstMeeting.IsZero() {
		first = c.FirstMeeting.UTC().Format("2006-01-02")
	}
	row := func(k, v string) []Text { return []Text{{Text: k}, {Text: v}} }
	return TableData{
		Caption: c.Name,
		Header:  []string{"", ""},
		Rows: [][]Text{
			row("Host", c.HostName),
			row("Host agreement", c.HostAgreement),
			row("Meetings", c.MeetingSchedule),
			row("First meeting", first),
			row("Members", strconv.Itoa(c.Members)),
			row("Regular editors", strconv.Itoa(c.RegularEditors)),
			row("Outreach events", strconv.Itoa(c.OutreachEvents)),
		},
	}
}
