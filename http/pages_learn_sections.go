package http

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/labels"
)

// communityLearn is what a community's page shows of the learning pages:
// the club page of a Wiki Club, the group's capacities, and the library's
// recommendations for it.
type communityLearn struct {
	ClubURL     string
	Capacities  *capacitiesView
	Recommended []resourceItem
}

func (s *Server) communityLearnOf(r *http.Request, p *Page, c *wikicities.Community) (communityLearn, error) {
	var l communityLearn
	if c.Kind == wikicities.KindWikiClub && s.Clubs != nil {
		if _, err := s.Clubs.Club(r.Context(), c.ID); err == nil {
			l.ClubURL = fmt.Sprintf("/clubs/%d", c.ID)
		} else if !errors.Is(err, wikicities.ErrNotFound) {
			return l, err
		}
	}
	var err error
	if l.Capacities, err = s.capacitiesOf(r, p, wikicities.Holder{Kind: wikicities.HolderGroup, ID: c.ID}); err != nil {
		return l, err
	}
	if s.Training == nil {
		return l, nil
	}
	recs, err := s.Training.RecommendResources(r.Context(), c.ID, 3)
	if err != nil {
		return l, err
	}
	for _, rec := range recs {
		it := resourceItemOf(p.Printer(), rec.Resource)
		for _, why := range rec.Reasons {
			it.Reasons = append(it.Reasons, labels.ResourceReason(p.Printer(), why))
		}
		l.Recommended = append(l.Recommended, it)
	}
	return l, nil
}
