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

// duplicateCandidate is an existing community that a new registration
// looks like: the same or a similar name in the same city.
type duplicateCandidate struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	URL    string `json:"url"`
	Match  string `json:"match"` // "exact", "normalised" or "probable"
	Reason string `json:"reason"`
}

// similarCommunities lists the communities of c's city whose name matches
// c's (groupmatch: exact, normalised or probable), archived ones included:
// registering one of them again is what the check is for.
func (s *Server) similarCommunities(ctx context.Context, c *wikicities.Community) ([]duplicateCandidate, error) {
	if c.CityID == 0 || c.Name == "" {
		return nil, nil
	}
	there, _, err := s.Communities.Communities(ctx, wikicities.DirectoryFilter{CityID: c.CityID, Archived: true, Limit: 500})
	if err != nil {
		return nil, err
	}
	var out []duplicateCandidate
	for _, x := range there {
		if x.ID == c.ID {
			continue
		}
		ix := groupmatch.New([]groupmatch.Group{{ID: x.ID, Name: x.Name, MetaPage: x.MetaPage}})
		m := ix.Find(groupmatch.Group{Name: c.Name, MetaPage: c.MetaPage})
		if m.Level == groupmatch.Probable && !s.similarBeyondCity(c, x) {
			continue
		}
		if m.Level == groupmatch.None {
			continue
		}
		out = append(out, duplicateCandidate{ID: x.ID, Name: x.Name, URL: partyLink{Kind: wikicities.PartyCommunity, ID: x.ID}.URL(),
			Match: m.Level.String(), Reason: m.Reason})
	}
	return out, nil
}

// similarBeyondCity reports whether the names of c and x, both in c's city,
// still match once the city's name is taken out of both: every group of a
// city may carry its name ("Wiki Loves Berlin", "Wikimedians of Berlin"),
// which alone makes no duplicate.
func (s *Server) similarBeyondCity(c, x *wikicities.Community) bool {
	city := s.Graph.City(c.CityID)
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
	ix := groupmatch.New([]groupmatch.Group{{ID: x.ID, Name: strip(x.Name)}})
	return ix.Find(groupmatch.Group{Name: strip(c.Name)}).Level != groupmatch.None
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
	if confirm {
		return true
	}
	if err := wikicities.ActorFrom(r.Context()).RequireWrite(); err != nil {
		s.writeError(w, r, err) // who may not register learns nothing more
		return false
	}
	dups, err := s.similarCommunities(r.Context(), c)
	if err != nil {
		s.writeError(w, r, err)
		return false
	}
	if len(dups) == 0 {
		return true
	}
	writeJSON(w, http.StatusConflict, duplicateConflict{
		Error:      "a community with the same or a similar name exists in this city; ask to coordinate it, or send \"confirm_duplicate\": true to register this one anyway",
		Candidates: dups})
	return false
}
