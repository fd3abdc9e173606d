package wikicities

import "context"

// CityLists is what a city's page lists besides its twins, read in one
// round: the communities and institutions based in the city (archived ones
// left out, by name), the open partner requests that concern it (newest
// first) and the names of those requests' parties.
type CityLists struct {
	Communities  []*Community
	Institutions []*Institution
	Requests     []*PartnerRequest
	PartyNames   map[PartyRef]string
}

// PageLists reads the lists of the city, community and institution
// pages in one round each, instead of one query per section or row.
type PageLists interface {
	// CityLists returns at most limit of each list for city id.
	// Returns ErrNotFound if the city is unknown.
	CityLists(ctx context.Context, id int64, limit int) (*CityLists, error)
	// ActivitiesOf returns the activities of each of the partnerships ids,
	// ordered by start, keyed by partnership id.
	ActivitiesOf(ctx context.Context, ids []int64) (map[int64][]*Activity, error)
}
