package wikicities

import (
	"context"
	"regexp"
	"strings"
	"time"
)

// RegionChampion is a community that takes responsibility for a region (a
// first-level subdivision of a country, named by its key: the ISO 3166-2
// code, "DE-BY"): the group partners there are pointed to, as OER World
// Map's regional champions are.
type RegionChampion struct {
	Region      string `json:"region"`
	CommunityID int64  `json:"community_id"`
	// Community is the community's name (read-only).
	Community string `json:"community"`
	// Note says what the group offers in the region (optional).
	Note  string    `json:"note,omitempty"`
	Since time.Time `json:"since"`
}

var regionKey = regexp.MustCompile(`^[A-Z0-9]{2,3}(-[A-Z0-9]{1,4})?$`)

// ValidRegionKey reports whether s has the shape of a region key: an ISO
// 3166-2 code ("DE-BY", "FR-974") or one of Natural Earth's own ("XK-X02").
func ValidRegionKey(s string) bool { return regionKey.MatchString(s) }

// ValidateRegionChampion checks a champion's fields.
func ValidateRegionChampion(ch *RegionChampion) error {
	var v ValidationErrors
	if !ValidRegionKey(ch.Region) {
		v.Add("region", "%q is not a region code such as DE-BY", ch.Region)
	}
	if ch.CommunityID <= 0 {
		v.Add("community", "is missing").Because(ProblemRequired)
	}
	if len(ch.Note) > 500 || strings.ContainsAny(ch.Note, "\n\r") {
		v.Add("note", "must be one line of at most 500 bytes").Because(ProblemOneLineMax, 500)
	}
	return v.Err()
}

// RegionService stores the regional champions.
type RegionService interface {
	// Champions lists every champion, by region, then community name.
	Champions(ctx context.Context) ([]*RegionChampion, error)
	// AddChampion makes a community champion of a region; a coordinator of
	// the community (or an admin) may. Returns ErrInvalid, ErrNotFound for
	// an unknown or archived community, ErrConflict if it is champion
	// there already, ErrUnauthorized and ErrForbidden.
	AddChampion(ctx context.Context, ch *RegionChampion) error
	// RemoveChampion ends a community's championship of a region; the
	// same people may. Returns ErrNotFound if it is not champion there,
	// ErrUnauthorized and ErrForbidden.
	RemoveChampion(ctx context.Context, region string, communityID int64) error
}
