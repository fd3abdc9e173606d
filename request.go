package wikicities

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// PartnerRequest is a "partner wanted" notice: a community or institution
// says what it seeks ("a partner in one of our twin cities for a joint photo
// contest"). Open (unexpired) requests feed the matchmaking.
type PartnerRequest struct {
	ID          int64    `json:"id"`
	Party       PartyRef `json:"party"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	// PartnerKinds are community or institution kinds sought; empty means any.
	PartnerKinds []string `json:"partner_kinds"`
	// CityIDs and Countries say where the partner should be; both empty
	// means anywhere.
	CityIDs   []int64   `json:"city_ids"`
	Countries []string  `json:"countries"`
	Languages []string  `json:"languages"`
	Skills    []string  `json:"skills"` // skills wanted from the partner
	Expires   time.Time `json:"expires"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Open reports whether r is still open at now.
func (r *PartnerRequest) Open(now time.Time) bool { return now.Before(r.Expires) }

// Validate checks the fields of r that need no lookup, at time now.
func (r *PartnerRequest) Validate(now time.Time) error {
	var v ValidationErrors
	if r.Party.Kind != PartyCommunity && r.Party.Kind != PartyInstitution {
		v.Add("party.kind", "%q is not community or institution", r.Party.Kind).Because(ProblemNotAllowed, r.Party.Kind)
	}
	if r.Party.ID <= 0 {
		v.Add("party.id", "is required").Because(ProblemRequired)
	}
	switch t := strings.TrimSpace(r.Title); {
	case t == "":
		v.Add("title", "is empty").Because(ProblemRequired)
	case len(r.Title) > 300:
		v.Add("title", "is longer than 300 bytes").Because(ProblemTooLong, 300)
	}
	if len(r.Description) > 10000 {
		v.Add("description", "is longer than 10000 bytes").Because(ProblemTooLong, 10000)
	}
	for i, k := range r.PartnerKinds {
		if !ValidCommunityKind(k) && !ValidInstitutionKind(k) {
			v.Add(fmt.Sprintf("partner_kinds[%d]", i), "%q is neither a community nor an institution kind", k).Because(ProblemNotAllowed, k)
		}
	}
	r.PartnerKinds = dedupe(r.PartnerKinds)
	for i, c := range r.Countries {
		if strings.TrimSpace(c) == "" || len(c) > 200 {
			v.Add(fmt.Sprintf("countries[%d]", i), "is empty or longer than 200 bytes").Because(ProblemLength, 1, 200)
		}
	}
	r.Languages = checkLanguages(&v, "languages", r.Languages)
	r.Skills = checkSkillCodes(&v, "skills", r.Skills)
	switch {
	case r.Expires.IsZero():
		v.Add("expires", "is required").Because(ProblemRequired)
	case !r.Expires.After(now):
		v.Add("expires", "%s is not in the future", r.Expires.Format(time.DateOnly)).Because(ProblemNotFuture, r.Expires.Format(time.DateOnly))
	case r.Expires.After(now.AddDate(2, 0, 0)):
		v.Add("expires", "%s is more than two years ahead", r.Expires.Format(time.DateOnly)).Because(ProblemTooFarAhead, r.Expires.Format(time.DateOnly))
	}
	return v.Err()
}

// RequestAnswer records that a party answered a partner request. Once the
// partnerships work lands, answering may start a partnership proposal; its
// id is then kept in PartnershipID.
type RequestAnswer struct {
	ID            int64     `json:"id"`
	RequestID     int64     `json:"request_id"`
	Party         PartyRef  `json:"party"`
	Message       string    `json:"message"`
	PartnershipID int64     `json:"partnership_id,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
}

// PartyPair is an unordered pair of parties, such as the two parties of a
// partnership; Key gives the same value whatever the order.
type PartyPair struct {
	A PartyRef `json:"a"`
	B PartyRef `json:"b"`
}

// Key returns a canonical form of p for use as a map key.
func (p PartyPair) Key() PartyPair {
	if p.B.Kind < p.A.Kind || (p.B.Kind == p.A.Kind && p.B.ID < p.A.ID) {
		return PartyPair{A: p.B, B: p.A}
	}
	return p
}

// RequestFilter narrows a listing of partner requests.
type RequestFilter struct {
	CityID int64    // requests that seek a partner in this city or its country, or posted from it
	Party  PartyRef // requests posted by this party
	Open   bool     // unexpired only
	Limit  int
	Offset int
}

// RequestService stores partner requests and their answers.
type RequestService interface {
	// Request returns one request. Returns ErrNotFound.
	Request(ctx context.Context, id int64) (*PartnerRequest, error)
	// Requests lists requests matching f, newest first, and the total.
	Requests(ctx context.Context, f RequestFilter) ([]*PartnerRequest, int, error)
	// OpenRequests returns every request that has not expired.
	OpenRequests(ctx context.Context) ([]*PartnerRequest, error)
	// CreateRequest validates and adds r. Returns ErrInvalid, ErrForbidden.
	CreateRequest(ctx context.Context, r *PartnerRequest) error
	// DeleteRequest withdraws a request. Returns ErrNotFound, ErrForbidden.
	DeleteRequest(ctx context.Context, id int64) error
	// Answer records a's answer to its request. Returns ErrNotFound, ErrInvalid
	// (expired request, answering one's own request), ErrForbidden.
	Answer(ctx context.Context, a *RequestAnswer) error
	// Answers lists the answers to a request, oldest first.
	Answers(ctx context.Context, requestID int64) ([]*RequestAnswer, error)
	// SetAnswerPartnership records the partnership an answer proposed.
	SetAnswerPartnership(ctx context.Context, answerID, partnershipID int64) error
}

// SkillService keeps the shared skills vocabulary.
type SkillService interface {
	// Skills lists the vocabulary ordered by code.
	Skills(ctx context.Context) ([]*Skill, error)
	// AddSkill adds a skill (admins only). Returns ErrInvalid, ErrConflict, ErrForbidden.
	AddSkill(ctx context.Context, s *Skill) error
}
