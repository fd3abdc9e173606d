package wikicities

// TwinningGroup is a Wikimedia group that a twinning row names as active in
// a city that the import has resolved.
type TwinningGroup struct {
	Name    string
	Page    string // its page on the wiki, if the cell linked one
	CityID  int64
	City    string
	Country string
	Line    int
}

// TwinningRow is one row of a twinning table such as Meta-Wiki's twinning
// index, read from wikitext and not yet matched to stored records: a city,
// the Wikimedia group active there, and the city it is twinned with and its
// group. Empty fields were not given.
type TwinningRow struct {
	City          string `json:"city"`
	Country       string `json:"country,omitempty"`
	Group         string `json:"group,omitempty"`
	GroupPage     string `json:"group_page,omitempty"` // the group's page on the wiki, when the cell linked one
	TwinCity      string `json:"twin_city,omitempty"`
	TwinCountry   string `json:"twin_country,omitempty"`
	TwinGroup     string `json:"twin_group,omitempty"`
	TwinGroupPage string `json:"twin_group_page,omitempty"`
	Year          int    `json:"year,omitempty"` // year the twinning began, when a column says
	Line          int    `json:"line"`           // line of the row in the wikitext
}

// RejectedRow is a row an import could not use, with the reason.
type RejectedRow struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}
