package wikicities

import (
	"context"
	"time"
)

// Listing says where a listed community comes from: an entry of the
// movement's affiliate lists (Meta-Wiki's lists of chapters, thematic
// organizations and user groups, Wikidata's items about them) that the
// directory imported rather than a coordinator wrote. A listed entry is
// unclaimed until a coordinator takes it over; imports keep it current
// without overwriting what a coordinator edited.
type Listing struct {
	// QID is the affiliate's Wikidata item, when known.
	QID string `json:"qid,omitempty"`
	// Sources are the lists it was read from: "meta", "wikidata".
	Sources []string `json:"sources"`
	// Provenance names the page revisions and the query read:
	// "meta:Wikimedia chapters@123456; wikidata query 1a2b3c4d5e6f".
	Provenance string    `json:"provenance"`
	ImportedAt time.Time `json:"imported_at"`
	// Inception and Dissolved are dates as the source gives them
	// ("2004-06-13"), empty when unknown.
	Inception string `json:"inception,omitempty"`
	Dissolved string `json:"dissolved,omitempty"`
	// Claimed is set once a coordinator has taken the entry over.
	Claimed bool `json:"claimed"`
}

// Affiliate is one group of the movement's affiliate lists as an import
// read it, before it is matched to the directory.
type Affiliate struct {
	Name      string
	Kind      CommunityKind
	QID       string
	MetaPage  string
	Website   string
	Country   string // as the source names it
	City      string // headquarters, when known
	CityQID   string
	Inception string
	Dissolved string // a date, or "yes" when the list only says it is gone
	Sources   []string
	// Place is where it was read: "Wikimedia chapters:12" (page and line)
	// or "wikidata:Q123".
	Place string
}

// AffiliateChange is one line of what an affiliates import did.
type AffiliateChange struct {
	Action    string `json:"action"` // added, updated, dissolved, unchanged, kept, probable
	Community int64  `json:"community,omitempty"`
	Name      string `json:"name"`
	// Fields lists the fields written (updated) or kept because a
	// coordinator edited them (kept).
	Fields []string `json:"fields,omitempty"`
	Detail string   `json:"detail,omitempty"`
}

// CityNameService stores the names of cities in other languages.
type CityNameService interface {
	// SetCityNames replaces the names of the cities in names (city id →
	// language → name) and reports how many it added, changed and removed.
	SetCityNames(ctx context.Context, names map[int64]map[string]string) (added, changed, removed int, err error)
	// CityNames returns every city's names by language.
	CityNames(ctx context.Context) (map[int64]map[string]string, error)
}
