package http

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/groupmatch"
)

// duplicateCandidate is an existing community or institution that a new
// registration looks like: the same or a similar name in the same city.
type duplicateCandidate struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	URL    string `json:"url"`
	Match  string `json:"match"` // "exact", "normalised" or "probable"
	Reason string `json:"reason"`
}

// listedGroup is a community or institution as the duplicate check reads it.
type listedGroup struct {
	ID             int64
	Name, MetaPage string
}

// similarGroups lists the groups of kind among there (all in cityID) whose
// name matches name (groupmatch: exact, normalised or, when probable is
// set, probable), except the group self; a probable match must survive
// taking the city's name out of both names.
func (s *Server) similarGroups(kind wikicities.PartyKind, cityID, self int64, name, metaPage string, there []listedGroup, probable bool) []duplicateCandidate {
	var out []duplicateCandidate
	for _, x := range there {
		if x.ID == self {
			continue
		}
		ix := groupmatch.New([]groupmatch.Group{{ID: x.ID, Name: x.Name, MetaPage: x.MetaPage}})
		m := ix.Find(groupmatch.Group{Name: name, MetaPage: metaPage})
		if m.Level == groupmatch.None || (m.Level == groupmatch.Probable && (!probable || !s.similarBeyondCity(cityID, name, x.Name))) {
			continue
		}
		out = append(out, duplicateCandidate{ID: x.ID, Name: x.Name, URL: partyLink{Kind: kind, ID: x.ID}.URL(),
			Match: m.Level.String(), Reason: m.Reason})
	}
	return out
}

// similarCommunities lists the communities of c's city whose name matches
// c's, archived ones included: registering one of them again is what the
// check is for.
func (s *Server) similarCommunities(ctx context.Context, c *wikicities.Community) ([]duplicateCandidate, error) {
	if c.CityID == 0 || c.Name == "" {
		return nil, nil
	}
	there, _, err := s.Communities.Communities(ctx, wikicities.DirectoryFilter{CityID: c.CityID, Archived: true, Limit: 500})
	if err != nil {
		return nil, err
	}
	groups := make([]listedGroup, len(there))
	for i, x := range there {
		groups[i] = listedGroup{x.ID, x.Name, x.MetaPage}
	}
	return s.similarGroups(wikicities.PartyCommunity, c.CityID, c.ID, c.Name, c.MetaPage, groups, true), nil
}

// similarInstitutions lists the institutions of in's city whose name
// matches in's exactly or once normalised (not merely probably: "Musée
// Gadagne" and "Musée Carnavalet" share the word that says what they are,
// which makes no duplicate), archived ones included; the same Wikidata
// item is a match whatever the names.
func (s *Server) similarInstitutions(ctx context.Context, in *wikicities.Institution) ([]duplicateCandidate, error) {
	if in.CityID == 0 || in.Name == "" {
		return nil, nil
	}
	there, _, err := s.Institutions.Institutions(ctx, wikicities.DirectoryFilter{CityID: in.CityID, Archived: true, Limit: 500})
	if err != nil {
		return nil, err
	}
	var groups []listedGroup
	var out []duplicateCandidate
	for _, x := range there {
		if in.QID != "" && x.QID == in.QID && x.ID != in.ID {
			out = append(out, duplicateCandidate{ID: x.ID, Name: x.Name, URL: partyLink{Kind: wikicities.PartyInstitution, ID: x.ID}.URL(),
				Match: "exact", Reason: "the same Wikidata item " + x.QID})
			continue
		}
		groups = append(groups, listedGroup{ID: x.ID, Name: x.Name})
	}
	return append(out, s.similarGroups(wikicities.PartyInstitution, in.CityID, in.ID, in.Name, "", groups, false)...), nil
}

// similarBeyondCity reports whether name and other, of two groups in
// cityID, still match once the city's name is taken out of both: every
// group of a city may carry its name ("Wiki Loves Berlin", "Wikimedians of
// Berlin"), which alone makes no duplicate.
func (s *Server) similarBeyondCity(cityID int64, name, other string) bool {
	city := s.Graph.City(cityID)
	if city == nil {
		return true
	}
	drop := map[string]bool{}
	for _, w := range strings.Fields(wikicities.NameKey(city.Name)) {
		drop[w] = true
	}
	strip := func(name string) string {
		var kept []string
		for _, w := range strings.FieldsFunc(wikicities.NameKey(name), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if !drop[w] {
				kept = append(kept, w)
			}
		}
		return strings.Join(kept, " ")
	}
	ix := groupmatch.New([]groupmatch.Group{{ID: 1, Name: strip(other)}})
	return ix.Find(groupmatch.Group{Name: strip(name)}).Level != groupmatch.None
}

// takeConfirmDuplicate removes the "confirm_duplicate" field from the JSON
// object of r's body (of at most limit bytes) and returns its value; the
// rest of the body is left for decodeJSON, which rejects any other unknown
// field. A body that is not a valid JSON object is left as it is, for
// decodeJSON to report.
func takeConfirmDuplicate(w http.ResponseWriter, r *http.Request, limit int64) (bool, error) {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return false, ErrTooLarge
		}
		return false, badRequest("body", "%v", err)
	}
	r.Body = io.NopCloser(bytes.NewReader(raw))
	var m map[string]json.RawMessage
	if !utf8.Valid(raw) || json.Unmarshal(raw, &m) != nil {
		return false, nil
	}
	v, ok := m["confirm_duplicate"]
	if !ok {
		return false, nil
	}
	var confirm bool
	if err := json.Unmarshal(v, &confirm); err != nil {
		return false, badRequest("confirm_duplicate", "must be true or false")
	}
	delete(m, "confirm_duplicate")
	rest, err := json.Marshal(m)
	if err != nil {
		return false, badRequest("body", "%v", err)
	}
	r.Body = io.NopCloser(bytes.NewReader(rest))
	return confirm, nil
}

// duplicateConflict is the API's answer to a registration that looks like
// existing groups: 409 with the candidates.
type duplicateConflict struct {
	Error      string               `json:"error"`
	Candidates []duplicateCandidate `json:"candidates"`
}

// checkDuplicateCommunity answers 409 with the candidates and returns
// false when c looks like communities of its city and confirm is not set.
func (s *Server) checkDuplicateCommunity(w http.ResponseWriter, r *http.Request, c *wikicities.Community, confirm bool) bool {
	return s.checkDuplicate(w, r, confirm, "a community", func() ([]duplicateCandidate, error) { return s.similarCommunities(r.Context(), c) })
}

// checkDuplicateInstitution answers 409 with the candidates and returns
// false when in looks like institutions of its city and confirm is not set.
func (s *Server) checkDuplicateInstitution(w http.ResponseWriter, r *http.Request, in *wikicities.Institution, confirm bool) bool {
	return s.checkDuplicate(w, r, confirm, "an institution", func() ([]duplicateCandidate, error) { return s.similarInstitutions(r.Context(), in) })
}

// checkDuplicate answers 409 with the candidates similar finds, and
// returns false, unless confirm is set or there are none; what names the
// kind of record for the message ("a community").
func (s *Server) checkDuplicate(w http.ResponseWriter, r *http.Request, confirm bool, what string, similar func() ([]duplicateCandidate, error)) bool {
	if confirm {
		return true
	}
	if err := wikicities.ActorFrom(r.Context()).RequireWrite(); err != nil {
		s.writeError(w, r, err) // who may not register learns nothing more
		return false
	}
	dups, err := similar()
	if err != nil {
		s.writeError(w, r, err)
		return false
	}
	if len(dups) == 0 {
		return true
	}
	writeJSON(w, http.StatusConflict, duplicateConflict{
		Error:      what + " with the same or a similar name exists in this city; ask to coordinate it, or send \"confirm_duplicate\": true to register this one anyway",
		Candidates: dups})
	return false
}
