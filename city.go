package wikicities

import (
	"context"
	"strings"
	"time"
)

// City is a place in the twin-city graph. ID is stable for the life of the
// store; QID is the Wikidata item when known.
type City struct {
	ID         int64    `json:"id"`
	QID        string   `json:"qid,omitempty"`
	Name       string   `json:"name"`
	Country    string   `json:"country"`
	Region     string   `json:"region,omitempty"`
	Lat        float64  `json:"lat"`
	Lng        float64  `json:"lng"`
	HasCoords  bool     `json:"has_coords"`
	Population int64    `json:"population,omitempty"`
	Labels     []string `json:"labels,omitempty"` // other "name, country" labels merged into this city
	// Names are the city's names in other languages (Wikimedia language
	// code → name), from its Wikidata item's labels.
	Names map[string]string `json:"names,omitempty"`
}

// NameIn returns the city's name in language lang ("de", "ar"), or its
// own name when no label in that language is known.
func (c *City) NameIn(lang string) string {
	if n := c.Names[lang]; n != "" {
		return n
	}
	return c.Name
}

// LinkSource says where a twin link came from.
type LinkSource string

// Twin link sources.
const (
	SourceWikidata LinkSource = "wikidata"
	SourceCSV      LinkSource = "csv"
	SourceWikitext LinkSource = "wikitext"
	SourceManual   LinkSource = "manual"
)

// Valid reports whether s is a known source.
func (s LinkSource) Valid() bool {
	switch s {
	case SourceWikidata, SourceCSV, SourceWikitext, SourceManual:
		return true
	}
	return false
}

// FirstTwinningYear and LastTwinningYear bound the year a twinning began,
// where one is given: Paderborn and Le Mans have been linked since 836.
const (
	FirstTwinningYear = 800
	LastTwinningYear  = 2200
)

// TwinLink is an undirected twin-town link between two cities. A is always
// the smaller id, so one pair has one link whatever the order it was read in.
type TwinLink struct {
	A          int64      `json:"a"`
	B          int64      `json:"b"`
	Source     LinkSource `json:"source"`
	Year       int        `json:"year,omitempty"`
	Provenance string     `json:"provenance,omitempty"` // file and line, query, or page and revision
	CreatedAt  time.Time  `json:"created_at"`
}

// Normalize orders A and B so that A < B.
func (l *TwinLink) Normalize() {
	if l.A > l.B {
		l.A, l.B = l.B, l.A
	}
}

// CityFilter narrows a city search.
type CityFilter struct {
	Query   string // matches name or label, case-insensitively
	Country string
	Limit   int
	Offset  int
}

// GraphStats summarises the twin-city graph.
type GraphStats struct {
	Cities        int `json:"cities"`
	TwinLinks     int `json:"twin_links"`
	Countries     int `json:"countries"`
	IsolatedNodes int `json:"isolated_cities"`
	// WithQID counts the cities tied to a Wikidata item.
	WithQID int `json:"cities_with_qid"`
	// Labels counts the "name, country" labels recorded for cities.
	Labels int `json:"labels"`
	// BySource counts the twin links by where they came from.
	BySource map[LinkSource]int `json:"links_by_source"`
}

// CityService stores cities and twin links.
type CityService interface {
	// City returns the city with id. Returns ErrNotFound if id is unknown.
	City(ctx context.Context, id int64) (*City, error)
	// Cities lists cities matching f, ordered by name then country.
	Cities(ctx context.Context, f CityFilter) ([]*City, error)
	// LookupCity returns the one city a query names: a city id, a Wikidata
	// id, a name or "name, country" (package resolve has the rules).
	// Returns ErrInvalid for an empty query, ErrNotFound when no city
	// matches and an *AmbiguousError (ErrAmbiguous) naming the candidates
	// when several do.
	LookupCity(ctx context.Context, query string) (*City, error)
	// AllCities returns every city, for building the in-memory graph.
	AllCities(ctx context.Context) ([]*City, error)
	// AllTwinLinks returns every twin link, for building the in-memory graph.
	AllTwinLinks(ctx context.Context) ([]*TwinLink, error)
	// CreateCity adds c and sets its ID. Returns ErrConflict if its QID exists.
	CreateCity(ctx context.Context, c *City) error
	// AddTwinLink adds l; adding an existing pair changes nothing and reports false.
	AddTwinLink(ctx context.Context, l *TwinLink) (bool, error)
	// LinkTwins adds l as AddTwinLink does, on behalf of the actor in ctx,
	// and records the addition in the audit log.
	LinkTwins(ctx context.Context, l *TwinLink) (bool, error)
}

// ValidateCity checks a city's fields.
func ValidateCity(c *City) error {
	var v ValidationErrors
	if strings.TrimSpace(c.Name) == "" {
		v.Add("name", "is empty")
	}
	if len(c.Name) > 200 {
		v.Add("name", "is longer than 200 bytes")
	}
	if len(c.Country) > 200 {
		v.Add("country", "is longer than 200 bytes")
	}
	if c.HasCoords && (c.Lat < -90 || c.Lat > 90) {
		v.Add("lat", "%g is out of range [-90, 90]", c.Lat)
	}
	if c.HasCoords && (c.Lng < -180 || c.Lng > 180) {
		v.Add("lng", "%g is out of range [-180, 180]", c.Lng)
	}
	if c.QID != "" && !ValidQID(c.QID) {
		v.Add("qid", "%q is not a Wikidata item id such as Q1726", c.QID)
	}
	return v.Err()
}
