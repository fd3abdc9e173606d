package wikicities

import "context"

// Suggestion kinds.
const (
	SuggestCommunity   = "community"
	SuggestInstitution = "institution"
	SuggestCity        = "city" // a twin city with no community: a place to recruit
)

// Suggestion is one ranked partner candidate with the reasons for it.
type Suggestion struct {
	Kind    string   `json:"kind"`
	ID      int64    `json:"id"`
	Name    string   `json:"name"`
	CityID  int64    `json:"city_id"`
	City    string   `json:"city"`
	Score   float64  `json:"score"`
	Reasons []Reason `json:"reasons"`
}

// Reason explains part of a score: a machine code (pages translate by it),
// its parameters, and an English sentence.
type Reason struct {
	Code   string         `json:"code"`
	Params map[string]any `json:"params"`
	Text   string         `json:"text"`
	Weight float64        `json:"weight"`
}

// Reason codes.
const (
	ReasonTwinCity       = "twin_city"
	ReasonSecondDegree   = "second_degree"
	ReasonNearTwin       = "near_twin"
	ReasonLanguages      = "shared_languages"
	ReasonTheyOffer      = "offers_skills_we_want"
	ReasonTheyWant       = "wants_skills_we_offer"
	ReasonInstitution    = "institution_in_twin_city"
	ReasonTheirRequest   = "answers_their_request"
	ReasonOurRequest     = "answers_our_request"
	ReasonDormant        = "dormant"
	ReasonRecruit        = "recruit"
	ReasonNoneNear       = "no_community_near"
	ReasonRecruitNearest = "recruit_nearest"
	ReasonNearHome       = "near_our_city"
	ReasonCoversCountry  = "covers_twin_country"
	ReasonTwinRegion     = "in_twin_region"
)

// RecruitPlace is a city to recruit a community in: a twin of one of the
// given cities with no community yet.
type RecruitPlace struct {
	City *City `json:"city"`
	// Connects is how many communities a group there would be twinned with:
	// the communities in its twin cities.
	Connects int `json:"connects"`
	// Via are the given cities it is a twin of.
	Via []int64 `json:"via"`
}

// MatchWeights are every number the ranking of suggestions uses, in one
// place. Scores add up the weights of a candidate's reasons.
type MatchWeights struct {
	// DirectTwin: the candidate is based in a twin city of ours.
	DirectTwin float64 `json:"direct_twin"`
	// SecondDegree: the candidate is in a twin of one of our twins.
	SecondDegree float64 `json:"second_degree"`
	// NearTwin: one of our twin cities has no community; the candidate is
	// the nearest active one to it, within RadiusKm.
	NearTwin float64 `json:"near_twin"`
	// SharedLanguage, for each working language both have.
	SharedLanguage float64 `json:"shared_language"`
	// Skill, for each skill one offers that the other wants (both directions).
	Skill float64 `json:"skill"`
	// Institution: an institution in a twin city of ours wants a skill we offer.
	Institution float64 `json:"institution"`
	// Request: the candidate answers an open partner request (theirs or ours).
	Request float64 `json:"request"`
	// Recruit: a twin city of ours with no community, a place to recruit.
	Recruit float64 `json:"recruit"`
	// DormantFactor multiplies the score of a dormant community.
	DormantFactor float64 `json:"dormant_factor"`
	// RadiusKm bounds the nearest-community fallback.
	RadiusKm float64 `json:"radius_km"`
	// NearHome: the candidate is within HomeRadiusKm of our own city.
	NearHome float64 `json:"near_home"`
	// HomeRadiusKm bounds NearHome; 0 turns it off.
	HomeRadiusKm float64 `json:"home_radius_km"`
	// CoversCountry: a chapter, user group or thematic organisation of the
	// country of one of our twin cities.
	CoversCountry float64 `json:"covers_country"`
	// TwinRegion: a community in the region (first-level subdivision) of
	// one of our twin cities, elsewhere than in that city.
	TwinRegion float64 `json:"twin_region"`
}

// Validate reports weights that cannot be used, naming the field.
func (w MatchWeights) Validate() error {
	var v ValidationErrors
	for name, x := range map[string]float64{
		"direct_twin": w.DirectTwin, "second_degree": w.SecondDegree, "near_twin": w.NearTwin,
		"shared_language": w.SharedLanguage, "skill": w.Skill, "institution": w.Institution,
		"request": w.Request, "recruit": w.Recruit, "near_home": w.NearHome, "covers_country": w.CoversCountry,
		"twin_region": w.TwinRegion,
	} {
		if x < 0 || x > 1000 {
			v.Add(name, "%g is outside [0, 1000]", x)
		}
	}
	if w.DormantFactor < 0 || w.DormantFactor > 1 {
		v.Add("dormant_factor", "%g is outside [0, 1]", w.DormantFactor)
	}
	if w.RadiusKm <= 0 || w.RadiusKm > 2000 {
		v.Add("radius_km", "%g is outside (0, 2000]", w.RadiusKm)
	}
	if w.HomeRadiusKm < 0 || w.HomeRadiusKm > 2000 {
		v.Add("home_radius_km", "%g is outside [0, 2000]", w.HomeRadiusKm)
	}
	return v.Err()
}

// SuggestionService is the matchmaking index: it suggests partners and
// places to recruit from the directory and the twin graph, and keeps
// itself current as the directory changes.
type SuggestionService interface {
	// Suggest ranks at most limit partners for community id, best first.
	// Returns ErrNotFound for an unknown community.
	Suggest(ctx context.Context, communityID int64, limit int) ([]Suggestion, error)
	// Weights returns the weights the ranking uses.
	Weights() MatchWeights
	// Recruit returns the twin cities of cities that have no community,
	// most connecting first.
	Recruit(ctx context.Context, cities []int64) ([]RecruitPlace, error)
	// NearestCommunity returns the active community nearest to city within
	// the ranking's radius (MatchWeights.RadiusKm) and its distance in km;
	// id 0 when there is none, or the city has no coordinates.
	NearestCommunity(ctx context.Context, city int64) (id int64, km float64, err error)
	// CitiesIn returns the ids of the graph's cities in country, ascending.
	CitiesIn(ctx context.Context, country string) ([]int64, error)
}
