package http

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/csvsafe"
	"github.com/wikicities/wikicities/export"
)

func (s *Server) registerDirectoryRoutes() {
	communities := s.Communities
	registerDirectoryParty(s, directoryParty[wikicities.Community]{
		name: "communities", list: communities.Communities, get: communities.Community, kinds: kindNames(wikicities.CommunityKinds),
		create: communities.CreateCommunity, update: communities.UpdateCommunity, delete: communities.DeleteCommunity,
		fields:    func(c *wikicities.Community) (id, version *int64) { return &c.ID, &c.Version },
		admit:     s.checkDuplicateCommunity,
		forReader: func(a *wikicities.Actor, c *wikicities.Community) *wikicities.Community { return c.ForReader(a) },
	})
	s.handle("GET /api/v1/communities/{id}/suggestions", s.apiSuggestions)
	institutions := s.Institutions
	registerDirectoryParty(s, directoryParty[wikicities.Institution]{
		name: "institutions", list: institutions.Institutions, get: institutions.Institution, kinds: kindNames(wikicities.InstitutionKinds),
		create: institutions.CreateInstitution, update: institutions.UpdateInstitution, delete: institutions.DeleteInstitution,
		fields: func(i *wikicities.Institution) (id, version *int64) { return &i.ID, &i.Version },
		admit:  s.checkDuplicateInstitution,
	})
	s.handle("GET /api/v1/skills", s.apiSkills)
	s.handle("POST /api/v1/skills", s.apiAddSkill)
	s.handle("GET /api/v1/requests", s.apiRequests)
	s.handle("POST /api/v1/requests", s.apiCreateRequest)
	s.handle("GET /api/v1/requests/{id}", s.apiRequest)
	s.handle("DELETE /api/v1/requests/{id}", s.apiDeleteRequest)
	s.handle("POST /api/v1/requests/{id}/answers", s.apiAnswerRequest)
	s.handle("GET /api/v1/cities/{id}/requests", s.apiCityRequests)
	s.handle("GET /api/v1/recruit", s.apiRecruit)
	s.handle("GET /api/v1/export/{file}", s.apiExport)
	s.registerDirectorySections()
}

// directoryFilter reads the listing parameters shared by communities and
// institutions, whose kinds are kinds. A kind, status or archived that is
// none of its values is ErrInvalid naming it: "kind=chapters" listed
// nothing and "archived=1" left the archived out, without a word.
func directoryFilter(r *http.Request, kinds []string) (wikicities.DirectoryFilter, error) {
	limit, offset, err := page(r, 50, 500)
	if err != nil {
		return wikicities.DirectoryFilter{}, err
	}
	q := r.URL.Query()
	f := wikicities.DirectoryFilter{Query: q.Get("q"), Country: q.Get("country"), Language: q.Get("language"),
		Kind: q.Get("kind"), Skill: q.Get("skill"), Status: wikicities.Status(q.Get("status")), Limit: limit, Offset: offset}
	if f.Kind != "" && !slices.Contains(kinds, f.Kind) {
		return f, invalid("kind", wikicities.ProblemNotAllowed, f.Kind, "%q is not one of %s", f.Kind, strings.Join(kinds, ", "))
	}
	switch f.Status {
	case "", wikicities.StatusActive, wikicities.StatusDormant, wikicities.StatusClosed:
	default:
		return f, invalid("status", wikicities.ProblemNotAllowed, f.Status, "%q is not one of active, dormant, closed", f.Status)
	}
	if f.Archived, err = queryBool(r, "archived"); err != nil {
		return f, err
	}
	if v := q.Get("city"); v != "" {
		if f.CityID, err = strconv.ParseInt(v, 10, 64); err != nil || f.CityID <= 0 {
			return f, invalid("city", wikicities.ProblemNotID, v, "%q is not a city id", v)
		}
	}
	return f, nil
}

// directoryParty is what the community and institution routes differ in;
// T is wikicities.Community or wikicities.Institution. Their list, read,
// create, update (versioned) and delete routes are otherwise the same.
type directoryParty[T any] struct {
	name   string // the path segment and the listing's key: "communities"
	list   func(context.Context, wikicities.DirectoryFilter) ([]*T, int, error)
	get    func(context.Context, int64) (*T, error)
	create func(context.Context, *T) error
	update func(context.Context, *T) error
	delete func(ctx context.Context, id, version int64) error
	fields func(*T) (id, version *int64)
	// admit, when set, may refuse a new record before it is created (it
	// answers the request itself and returns false); confirm is the body's
	// "confirm_duplicate" field, which only such parties accept.
	admit func(w http.ResponseWriter, r *http.Request, x *T, confirm bool) bool
	// kinds are the values of the list's ?kind=.
	kinds []string
	// forReader, when set, gives a record as the reader may read it
	// (without what is not public).
	forReader func(a *wikicities.Actor, x *T) *T
}

// registerDirectoryParty registers /api/v1/{name} and /api/v1/{name}/{id}.
func registerDirectoryParty[T any](s *Server, p directoryParty[T]) {
	base := "/api/v1/" + p.name
	s.handle("GET "+base, func(w http.ResponseWriter, r *http.Request) {
		f, err := directoryFilter(r, p.kinds)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		xs, total, err := p.list(r.Context(), f)
		if p.forReader != nil {
			reader := wikicities.ActorFrom(r.Context())
			for i, x := range xs {
				xs[i] = p.forReader(reader, x)
			}
		}
		s.writeResult(w, r, http.StatusOK, map[string]any{p.name: xs, "total": total, "limit": f.Limit, "offset": f.Offset}, err)
	})
	s.handle("POST "+base, func(w http.ResponseWriter, r *http.Request) {
		var x T
		confirm := false
		if p.admit != nil {
			var err error
			if confirm, err = takeConfirmDuplicate(w, r, 64<<10); err != nil {
				s.writeError(w, r, err)
				return
			}
		}
		if err := s.decodeWrite(w, r, &x, 64<<10); err != nil {
			s.writeError(w, r, err)
			return
		}
		if p.admit != nil && !p.admit(w, r, &x, confirm) {
			return
		}
		if err := p.create(r.Context(), &x); err != nil {
			s.writeError(w, r, err)
			return
		}
		id, version := p.fields(&x)
		w.Header().Set("Location", fmt.Sprintf("%s/%d", base, *id))
		writeVersionedJSON(w, http.StatusCreated, *version, &x)
	})
	s.handle("GET "+base+"/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "id")
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		x, err := p.get(r.Context(), id)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		_, version := p.fields(x)
		if p.forReader != nil {
			x = p.forReader(wikicities.ActorFrom(r.Context()), x)
		}
		writeVersionedJSON(w, http.StatusOK, *version, x)
	})
	s.handle("PUT "+base+"/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "id")
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		var x T
		if err := s.decodeWrite(w, r, &x, 64<<10); err != nil {
			s.writeError(w, r, err)
			return
		}
		xid, version := p.fields(&x)
		if err := sameRecord("id", *xid, id); err != nil {
			s.writeError(w, r, err)
			return
		}
		if *version, err = versionOrMissing(r, *version); err != nil {
			s.writeError(w, r, err)
			return
		}
		*xid = id
		attempted := *version
		if err := p.update(r.Context(), &x); err != nil {
			s.writeError(w, r, versionError(err, attempted))
			return
		}
		writeVersionedJSON(w, http.StatusOK, *version, &x)
	})
	s.handle("DELETE "+base+"/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "id")
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		// If-Match, when sent, is honoured: a delete based on a read that
		// someone's edit has overtaken is 412, not carried out.
		version, _, err := ifMatch(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := p.delete(r.Context(), id, version); err != nil {
			s.writeError(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

// apiSuggestions ranks partners for a community, with reasons.
func (s *Server) apiSuggestions(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	limit, _, err := page(r, 20, 200)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sug, err := s.Suggestions.Suggest(r.Context(), id, limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if sug == nil {
		sug = []wikicities.Suggestion{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"community_id": id, "suggestions": sug, "weights": s.Suggestions.Weights()})
}

func (s *Server) apiSkills(w http.ResponseWriter, r *http.Request) {
	ks, err := s.Skills.Skills(r.Context())
	s.writeResult(w, r, http.StatusOK, map[string]any{"skills": ks}, err)
}

func (s *Server) apiAddSkill(w http.ResponseWriter, r *http.Request) {
	var k wikicities.Skill
	if err := s.decodeWrite(w, r, &k, 4<<10); err != nil {
		s.writeError(w, r, err)
		return
	}
	err := s.Skills.AddSkill(r.Context(), &k)
	s.writeResult(w, r, http.StatusCreated, &k, err)
}

func (s *Server) listRequests(w http.ResponseWriter, r *http.Request, f wikicities.RequestFilter) {
	limit, offset, err := page(r, 50, 500)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f.Limit, f.Offset = limit, offset
	open, err := queryBool(r, "open")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f.Open = f.Open || open
	rs, total, err := s.Requests.Requests(r.Context(), f)
	s.writeResult(w, r, http.StatusOK, map[string]any{"requests": rs, "total": total, "limit": limit, "offset": offset}, err)
}

// apiRequests lists partner requests; ?city= narrows to a city, ?open=true
// to unexpired ones.
func (s *Server) apiRequests(w http.ResponseWriter, r *http.Request) {
	var f wikicities.RequestFilter
	if v := r.URL.Query().Get("city"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			s.writeError(w, r, wikicities.Invalidf("city", "%q is not a city id", v))
			return
		}
		f.CityID = id
	}
	s.listRequests(w, r, f)
}

// apiCityRequests lists the open requests that concern a city, for city pages.
func (s *Server) apiCityRequests(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if s.Graph.City(id) == nil {
		if _, err := s.Cities.City(r.Context(), id); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	s.listRequests(w, r, wikicities.RequestFilter{CityID: id, Open: true})
}

func (s *Server) apiRequest(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	req, err := s.Requests.Request(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	answers, err := s.Requests.Answers(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"request": req, "answers": wikicities.AnswersForReader(wikicities.ActorFrom(r.Context()), req, answers)})
}

func (s *Server) apiCreateRequest(w http.ResponseWriter, r *http.Request) {
	var req wikicities.PartnerRequest
	if err := s.decodeWrite(w, r, &req, 64<<10); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.Requests.CreateRequest(r.Context(), &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/requests/%d", req.ID))
	writeJSON(w, http.StatusCreated, &req)
}

func (s *Server) apiDeleteRequest(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.Requests.DeleteRequest(r.Context(), id); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// apiAnswerRequest records an answer to a request. With "propose" in the
// body it also proposes a partnership from the answering community to the
// requester (the partnerships work's Propose, with its rules and checks) and
// records the proposal on the answer.
func (s *Server) apiAnswerRequest(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var body struct {
		Party   wikicities.PartyRef `json:"party"`
		Message string              `json:"message"`
		Propose *struct {
			Type  wikicities.PartnershipType `json:"type"`
			Level wikicities.Level           `json:"level"`
		} `json:"propose"`
	}
	if err := s.decodeWrite(w, r, &body, 16<<10); err != nil {
		s.writeError(w, r, err)
		return
	}
	if body.Propose != nil && body.Party.Kind != wikicities.PartyCommunity {
		s.writeError(w, r, wikicities.Invalidf("propose", "only a community proposes a partnership; an institution answers, and the requesting community proposes"))
		return
	}
	a := wikicities.RequestAnswer{RequestID: id, Party: body.Party, Message: body.Message}
	rs := s.Requests
	if err := rs.Answer(r.Context(), &a); err != nil {
		s.writeError(w, r, err)
		return
	}
	if body.Propose != nil {
		req, err := rs.Request(r.Context(), id)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		p := wikicities.Partnership{A: wikicities.Party{Kind: wikicities.PartyCommunity, ID: a.Party.ID},
			B: wikicities.Party{Kind: req.Party.Kind, ID: req.Party.ID}, Type: body.Propose.Type, Level: body.Propose.Level, Message: a.Message}
		if err := s.Partnerships.Propose(r.Context(), &p, fmt.Sprintf("in answer to partner request %d", id)); err != nil {
			s.writeError(w, r, fmt.Errorf("the answer was recorded (answer %d), but the partnership proposal was refused: %w", a.ID, err))
			return
		}
		if err := rs.SetAnswerPartnership(r.Context(), a.ID, p.ID); err != nil {
			s.writeError(w, r, err)
			return
		}
		a.PartnershipID = p.ID
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/requests/%d", id))
	writeJSON(w, http.StatusCreated, &a)
}

// apiRecruit lists, for ?city=ID or ?country=NAME, the twin cities with no
// community, ordered by how many communities a group there would connect.
func (s *Server) apiRecruit(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, offset, err := page(r, 50, 500)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var from []int64
	switch {
	case q.Get("city") != "" && q.Get("country") != "":
		err = wikicities.Invalidf("city", "give city or country, not both")
	case q.Get("city") != "":
		id, perr := strconv.ParseInt(q.Get("city"), 10, 64)
		if perr != nil || s.Graph.City(id) == nil {
			err = wikicities.Invalidf("city", "%q is not the id of a city in the graph", q.Get("city"))
		}
		from = []int64{id}
	case q.Get("country") != "":
		if from, err = s.Suggestions.CitiesIn(r.Context(), q.Get("country")); err == nil && len(from) == 0 {
			err = wikicities.Invalidf("country", "no city of the graph is in %q", q.Get("country"))
		}
	default:
		err = wikicities.Invalidf("city", "give city=ID or country=NAME")
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	places, err := s.Suggestions.Recruit(r.Context(), from)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	total := len(places)
	places = places[min(offset, total):min(offset+limit, total)]
	writeJSON(w, http.StatusOK, map[string]any{"places": places, "total": total, "limit": limit, "offset": offset})
}

// apiExport serves /api/v1/export/{what}.{format}: communities,
// institutions or twins as csv, json or geojson.
func (s *Server) apiExport(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	name, format, _ := strings.Cut(file, ".")
	what, f, err := export.Parse(name, format)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	bom, err := csvBOM(r, f == export.CSV)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := ExportData(r.Context(), s.Services, what)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var b bytes.Buffer
	if bom {
		b.WriteString(csvsafe.BOM)
	}
	if err := export.Write(&b, what, f, d); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", f.ContentType())
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="wikicities-%s.%s"`, what, f))
	w.Write(b.Bytes())
}

// ExportData loads from svc what an export of what needs.
func ExportData(ctx context.Context, svc wikicities.Services, what export.What) (export.Data, error) {
	var d export.Data
	var err error
	switch what {
	case export.Communities:
		d.Communities, err = svc.Communities.AllCommunities(ctx)
	case export.Institutions:
		d.Institutions, err = svc.Institutions.AllInstitutions(ctx)
	case export.Twins:
		d.Links, err = svc.Cities.AllTwinLinks(ctx)
	}
	if err != nil {
		return d, err
	}
	cities, err := svc.Cities.AllCities(ctx)
	if err != nil {
		return d, err
	}
	byID := make(map[int64]*wikicities.City, len(cities))
	for _, c := range cities {
		byID[c.ID] = c
	}
	d.City = func(id int64) *wikicities.City { return byID[id] }
	return d, nil
}
