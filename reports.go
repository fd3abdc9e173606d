package wikicities

// PartyPlace is a community or an institution reduced to what the country
// and region reports count: where it is and whether it is alive.
type PartyPlace struct {
	Ref    PartyRef `json:"ref"`
	Name   string   `json:"name"`
	CityID int64    `json:"city_id"`
	// Status is the community's life state; empty for an institution.
	Status   Status `json:"status,omitempty"`
	Archived bool   `json:"archived"`
	// Kind, WiR (has a Wikimedian in Residence) and QID describe an
	// institution; they are empty for a community.
	Kind InstitutionKind `json:"kind,omitempty"`
	WiR  bool            `json:"wir,omitempty"`
	QID  string          `json:"qid,omitempty"`
}

// ReportParties is what the reports read from the store besides the twin
// graph: every community and institution (archived ones included, so that
// an old partnership still has a place) and every partnership, in any state.
type ReportParties struct {
	Communities  []PartyPlace
	Institutions []PartyPlace
	Partnerships []PartnershipParties
}
