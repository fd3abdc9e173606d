package http

import (
	"net/http"

	"github.com/wikicities/wikicities"
)

// registerKnowledgeRoutes registers the Knowledge Park's API: capacities,
// mentoring and the training library.
func (s *Server) registerKnowledgeRoutes() {
	s.handle("GET /api/v1/capacities", s.apiCapacities)
	s.handle("GET /api/v1/capacities/{kind}/{id}", s.apiHolderCapacities)
	s.handle("PUT /api/v1/capacities/{kind}/{id}", s.apiSetHolderCapacities)
	s.handle("GET /api/v1/mentoring/{kind}/{id}/suggestions", s.apiMentorSuggestions)
	s.handle("GET /api/v1/mentoring/{kind}/{id}/mentorships", s.apiMentorships)
	s.handle("POST /api/v1/mentorships", s.apiRequestMentorship)
	s.handle("GET /api/v1/mentorships/{id}", s.apiMentorship)
	s.handle("POST /api/v1/mentorships/{id}/transitions", s.apiMentorshipAction)
	s.handle("POST /api/v1/mentorships/{id}/check-ins", s.apiCheckIn)
	s.handle("GET /api/v1/training/resources", s.apiResources)
	s.handle("GET /api/v1/communities/{id}/training-recommendations", s.apiRecommendResources)
}

// holderParam reads the {kind}/{id} of a holder.
func holderParam(r *http.Request) (wikicities.Holder, error) {
	h := wikicities.Holder{Kind: wikicities.HolderKind(r.PathValue("kind"))}
	var err error
	if h.ID, err = pathID(r, "id"); err != nil {
		return h, err
	}
	if !h.Valid() {
		return h, wikicities.Invalidf("kind", "%q is not person or group", h.Kind)
	}
	return h, nil
}

func (s *Server) apiCapacities(w http.ResponseWriter, r *http.Request) {
	cs, err := s.Capacities.Capacities(r.Context())
	s.writeResult(w, r, http.StatusOK, map[string]any{"capacities": cs}, err)
}

func (s *Server) apiHolderCapacities(w http.ResponseWriter, r *http.Request) {
	h, err := holderParam(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	hc, err := s.Capacities.HolderCapacities(r.Context(), h)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeVersionedJSON(w, http.StatusOK, hc.Version, hc)
}

func (s *Server) apiSetHolderCapacities(w http.ResponseWriter, r *http.Request) {
	h, err := holderParam(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var hc wikicities.HolderCapacities
	if err := s.decodeWrite(w, r, &hc, 16<<10); err != nil {
		s.writeError(w, r, err)
		return
	}
	if hc.Holder.Kind != "" && hc.Holder.Kind != h.Kind {
		s.writeError(w, r, wikicities.Invalidf("holder.kind", "%q is not the holder of the address (%q): leave it out, or send the capacities to their own address", hc.Holder.Kind, h.Kind))
		return
	}
	if err := sameRecord("holder.id", hc.Holder.ID, h.ID); err != nil {
		s.writeError(w, r, err)
		return
	}
	version, err := versionOrMissing(r, hc.Version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	hc.Holder, hc.Version = h, version
	if err := s.Capacities.SetHolderCapacities(r.Context(), &hc); err != nil {
		s.writeError(w, r, versionError(err, version))
		return
	}
	out, err := s.Capacities.HolderCapacities(r.Context(), h)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeVersionedJSON(w, http.StatusOK, out.Version, out)
}

func (s *Server) apiMentorSuggestions(w http.ResponseWriter, r *http.Request) {
	h, err := holderParam(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	limit, _, err := page(r, 10, 100)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ss, err := s.Mentorships.SuggestMentors(r.Context(), h, r.URL.Query().Get("capacity"), limit)
	s.writeResult(w, r, http.StatusOK, map[string]any{"suggestions": ss}, err)
}

func (s *Server) apiMentorships(w http.ResponseWriter, r *http.Request) {
	h, err := holderParam(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ms, err := s.Mentorships.Mentorships(r.Context(), h)
	s.writeResult(w, r, http.StatusOK, map[string]any{"mentorships": ms}, err)
}

func (s *Server) apiRequestMentorship(w http.ResponseWriter, r *http.Request) {
	var m wikicities.Mentorship
	if err := s.decodeWrite(w, r, &m, 8<<10); err != nil {
		s.writeError(w, r, err)
		return
	}
	err := s.Mentorships.RequestMentorship(r.Context(), &m)
	s.writeResult(w, r, http.StatusCreated, &m, err)
}

func (s *Server) apiMentorship(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	m, err := s.Mentorships.Mentorship(r.Context(), id)
	s.writeResult(w, r, http.StatusOK, m, err)
}

func (s *Server) apiMentorshipAction(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var body struct {
		Action string `json:"action"`
	}
	if err := s.decodeWrite(w, r, &body, 1<<10); err != nil {
		s.writeError(w, r, err)
		return
	}
	m, err := s.Mentorships.MentorshipAction(r.Context(), id, body.Action)
	s.writeResult(w, r, http.StatusOK, m, err)
}

func (s *Server) apiCheckIn(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var body struct {
		Note string `json:"note"`
	}
	if err := s.decodeWrite(w, r, &body, 8<<10); err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.Mentorships.AddCheckIn(r.Context(), id, body.Note)
	s.writeResult(w, r, http.StatusCreated, c, err)
}

func (s *Server) apiResources(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	rs, err := s.Training.Resources(r.Context(), wikicities.ResourceFilter{Language: q.Get("language"), Skill: q.Get("skill"), Query: q.Get("q")})
	s.writeResult(w, r, http.StatusOK, map[string]any{"resources": rs}, err)
}

func (s *Server) apiRecommendResources(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	limit, _, err := page(r, 10, 100)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	recs, err := s.Training.RecommendResources(r.Context(), id, limit)
	s.writeResult(w, r, http.StatusOK, map[string]any{"recommendations": recs}, err)
}
