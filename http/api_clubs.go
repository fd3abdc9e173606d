package http

import (
	"net/http"

	"github.com/wikicities/wikicities"
)

// The Wiki Clubs API and the library's writes: clubs are listed, started
// by a coordinator of their host and updated by their coordinators; sister
// clubs are the clubs of twin cities not yet partners. A resource is added
// by any signed-in account and edited (If-Match, or a version field) by
// whoever added it and admins; its slides and uses are read by anyone.

func (s *Server) registerClubRoutes() {
	s.handle("GET /api/v1/clubs", s.apiClubs)
	s.handle("POST /api/v1/clubs", s.apiStartClub)
	s.handle("GET /api/v1/clubs/{id}", s.apiClub)
	s.handle("PUT /api/v1/clubs/{id}", s.apiUpdateClub)
	s.handle("GET /api/v1/clubs/{id}/sisters", s.apiSisterClubs)
	s.handle("POST /api/v1/training/resources", s.apiAddResource)
	s.handle("GET /api/v1/training/resources/{id}", s.apiResource)
	s.handle("PUT /api/v1/training/resources/{id}", s.apiUpdateResource)
	s.handle("GET /api/v1/training/resources/{id}/slides", s.apiSlides)
	s.handle("GET /api/v1/training/resources/{id}/uses", s.apiResourceUses)
	s.handle("POST /api/v1/training/resources/{id}/uses", s.apiAttachResource)
	s.handle("DELETE /api/v1/training/resources/{id}/uses/{kind}/{target}", s.apiDetachResource)
}

func (s *Server) apiClubs(w http.ResponseWriter, r *http.Request) {
	cs, err := s.Clubs.Clubs(r.Context())
	s.writeResult(w, r, http.StatusOK, map[string]any{"clubs": cs}, err)
}

func (s *Server) apiStartClub(w http.ResponseWriter, r *http.Request) {
	var c wikicities.WikiClub
	if err := s.decodeWrite(w, r, &c, 16<<10); err != nil {
		s.writeError(w, r, err)
		return
	}
	c.CommunityID, c.HostName, c.CityID = 0, "", 0
	if err := s.Clubs.StartClub(r.Context(), &c); err != nil {
		s.writeError(w, r, err)
		return
	}
	out, err := s.Clubs.Club(r.Context(), c.CommunityID)
	s.writeResult(w, r, http.StatusCreated, out, err)
}

func (s *Server) apiClub(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.Clubs.Club(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeVersionedJSON(w, http.StatusOK, c.Version, c)
}

func (s *Server) apiUpdateClub(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var c wikicities.WikiClub
	if err := s.decodeWrite(w, r, &c, 16<<10); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := sameRecord("community_id", c.CommunityID, id); err != nil {
		s.writeError(w, r, err)
		return
	}
	version, err := versionOrMissing(r, c.Version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c.CommunityID, c.Version = id, version
	if err := s.Clubs.UpdateClub(r.Context(), &c); err != nil {
		s.writeError(w, r, versionError(err, version))
		return
	}
	out, err := s.Clubs.Club(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeVersionedJSON(w, http.StatusOK, out.Version, out)
}

func (s *Server) apiSisterClubs(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	cs, err := s.Clubs.SisterClubs(r.Context(), id)
	if cs == nil {
		cs = []*wikicities.WikiClub{}
	}
	s.writeResult(w, r, http.StatusOK, map[string]any{"clubs": cs}, err)
}

func (s *Server) apiAddResource(w http.ResponseWriter, r *http.Request) {
	var x wikicities.TrainingResource
	if err := s.decodeWrite(w, r, &x, 16<<10); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.Training.AddResource(r.Context(), &x); err != nil {
		s.writeError(w, r, err)
		return
	}
	out, err := s.Training.Resource(r.Context(), x.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeVersionedJSON(w, http.StatusCreated, out.Version, out)
}

func (s *Server) apiResource(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	x, err := s.Training.Resource(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeVersionedJSON(w, http.StatusOK, x.Version, x)
}

func (s *Server) apiUpdateResource(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var x wikicities.TrainingResource
	if err := s.decodeWrite(w, r, &x, 16<<10); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := sameRecord("id", x.ID, id); err != nil {
		s.writeError(w, r, err)
		return
	}
	// Who may edit it is checked before the version: 403, then 428.
	if x.Version, err = versionOrMissing(r, x.Version); err != nil {
		s.writeError(w, r, err)
		return
	}
	x.ID = id
	if err := s.Training.UpdateResource(r.Context(), &x); err != nil {
		s.writeError(w, r, versionError(err, x.Version))
		return
	}
	out, err := s.Training.Resource(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeVersionedJSON(w, http.StatusOK, out.Version, out)
}

func (s *Server) apiSlides(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sl, err := s.Training.Slides(r.Context(), id)
	s.writeResult(w, r, http.StatusOK, map[string]any{"slides": sl}, err)
}

func (s *Server) apiResourceUses(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	us, err := s.Training.ResourceUses(r.Context(), id)
	s.writeResult(w, r, http.StatusOK, map[string]any{"uses": us}, err)
}

// apiAttachResource attaches the resource to the partnership,
// responsibility, event or campaign the body names ({"kind", "id"}), for
// those the store lets attach, and answers where the resource is used.
func (s *Server) apiAttachResource(w http.ResponseWriter, r *http.Request) {
	var target wikicities.ResourceTarget
	ids, ok := s.writeBody(w, r, &target, 4<<10, "id")
	if !ok {
		return
	}
	if err := s.Training.AttachResource(r.Context(), ids[0], target); err != nil {
		s.writeError(w, r, err)
		return
	}
	us, err := s.Training.ResourceUses(r.Context(), ids[0])
	s.writeResult(w, r, http.StatusCreated, map[string]any{"uses": us}, err)
}

// apiDetachResource removes the resource from the partnership,
// responsibility, event or campaign the path names, for those the store
// lets attach there, and answers where the resource is used now.
func (s *Server) apiDetachResource(w http.ResponseWriter, r *http.Request) {
	ids, ok := s.writeIDs(w, r, "id", "target")
	if !ok {
		return
	}
	target := wikicities.ResourceTarget{Kind: wikicities.ResourceTargetKind(r.PathValue("kind")), ID: ids[1]}
	if err := s.Training.DetachResource(r.Context(), ids[0], target); err != nil {
		s.writeError(w, r, err)
		return
	}
	us, err := s.Training.ResourceUses(r.Context(), ids[0])
	s.writeResult(w, r, http.StatusOK, map[string]any{"uses": nonNilList(us)}, err)
}
