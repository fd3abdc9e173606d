package http

import (
	"net/http"

	"github.com/wikicities/wikicities"
)

// Editing events and campaigns through the API (issue 17): the pages edited
// them, the API and the CLI could not. A PUT sends the whole record as GET
// returned it, changed, with the version it was based on (If-Match, or the
// version field): a stale version is refused with 412, none with 428, so a
// concurrent edit is never overwritten.
func (s *Server) registerEventEditRoutes() {
	s.handle("PUT /api/v1/events/{id}", s.apiUpdateEvent)
	s.handle("PUT /api/v1/campaigns/{id}", s.apiUpdateCampaign)
}

func (s *Server) apiUpdateEvent(w http.ResponseWriter, r *http.Request) {
	var e wikicities.Event
	ids, ok := s.writeBody(w, r, &e, eventBodyLimit, "id")
	if !ok {
		return
	}
	if err := sameRecord("id", e.ID, ids[0]); err != nil {
		s.writeError(w, r, err)
		return
	}
	version, err := versionOrMissing(r, e.Version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	e.ID, e.Version = ids[0], version
	if _, err := s.Events.UpdateEvent(r.Context(), &e); err != nil {
		s.writeError(w, r, versionError(err, version))
		return
	}
	writeVersionedJSON(w, http.StatusOK, e.Version, e)
}

func (s *Server) apiUpdateCampaign(w http.ResponseWriter, r *http.Request) {
	var c wikicities.Campaign
	ids, ok := s.writeBody(w, r, &c, eventBodyLimit, "id")
	if !ok {
		return
	}
	if err := sameRecord("id", c.ID, ids[0]); err != nil {
		s.writeError(w, r, err)
		return
	}
	version, err := versionOrMissing(r, c.Version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c.ID, c.Version = ids[0], version
	if err := s.Campaigns.UpdateCampaign(r.Context(), &c); err != nil {
		s.writeError(w, r, versionError(err, version))
		return
	}
	writeVersionedJSON(w, http.StatusOK, c.Version, c)
}
