package http

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/resolve"
)

func (s *Server) registerTwinLinkRoutes() {
	s.handle("POST /api/v1/twin-links", s.apiCreateTwinLink)
	s.handle("GET /api/v1/twins", s.cached(s.apiTwinsOf))
	s.handle("GET /api/v1/twin-links/worklist", s.apiWorklist)
}

// apiTwinsOf resolves ?city= (a QID, a name, or "name, country") in the
// in-memory graph and lists the twins; an ambiguous name answers 409 with
// the candidates instead of guessing.
func (s *Server) apiTwinsOf(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("city"))
	if q == "" || len(q) > 400 {
		s.writeError(w, r, wikicities.Invalidf("city", "give a Wikidata id, a name, or \"name, country\" (at most 400 bytes)"))
		return
	}
	c, err := s.lookupCity(r.Context(), q)
	var amb *wikicities.AmbiguousError
	switch {
	case errors.As(err, &amb):
		writeJSON(w, ErrorStatus(amb), map[string]any{"error": amb.Error(), "candidates": amb.Candidates})
	case err != nil:
		s.writeError(w, r, err)
	default:
		ts := s.Graph.TwinCities(c.ID) // never nil: JSON [] for none
		writeJSON(w, http.StatusOK, map[string]any{"city": c, "twins": ts})
	}
}

// lookupCity returns the one city a query names, by the rules of package
// resolve over the in-memory graph: ErrNotFound, or an
// *wikicities.AmbiguousError naming the candidates.
func (s *Server) lookupCity(ctx context.Context, q string) (*wikicities.City, error) {
	return resolve.Lookup(ctx, resolve.InGraph(s.Graph), q)
}

// twinLinkRequest is the body of POST /api/v1/twin-links.
type twinLinkRequest struct {
	A          int64  `json:"a"`
	B          int64  `json:"b"`
	Year       int    `json:"year"`
	Provenance string `json:"provenance"`
}

// apiCreateTwinLink records a twin link stated by a person (source manual)
// and adds it to the in-memory graph. 201 when created, 200 when the pair
// was known already.
func (s *Server) apiCreateTwinLink(w http.ResponseWriter, r *http.Request) {
	actor := wikicities.ActorFrom(r.Context())
	if err := actor.RequireWrite(); err != nil {
		s.writeError(w, r, err)
		return
	}
	var req twinLinkRequest
	if err := decodeJSON(w, r, &req, 4<<10); err != nil {
		s.writeError(w, r, err)
		return
	}
	var v wikicities.ValidationErrors
	if s.Graph.City(req.A) == nil {
		v.Add("a", "no city with id %d", req.A)
	}
	if s.Graph.City(req.B) == nil {
		v.Add("b", "no city with id %d", req.B)
	}
	if req.A == req.B {
		v.Add("b", "a city cannot be twinned with itself")
	}
	if req.Year != 0 && (req.Year < wikicities.FirstTwinningYear || req.Year > wikicities.LastTwinningYear) {
		v.Add("year", "%d is not a plausible year of twinning", req.Year)
	}
	if len(req.Provenance) > 500 {
		v.Add("provenance", "is longer than 500 bytes")
	}
	if err := v.Err(); err != nil {
		s.writeError(w, r, err)
		return
	}
	prov := req.Provenance
	if prov == "" {
		prov = fmt.Sprintf("stated by %s", actor.Username)
	}
	link := &wikicities.TwinLink{A: req.A, B: req.B, Source: wikicities.SourceManual, Year: req.Year, Provenance: prov}
	added, err := s.Cities.LinkTwins(r.Context(), link)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.Graph.AddLink(link.A, link.B)
	code := http.StatusOK
	if added {
		code = http.StatusCreated
	}
	writeJSON(w, code, map[string]any{"link": link, "created": added})
}
