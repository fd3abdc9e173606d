package match

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/wikicities/wikicities"
)

// Weights are every number the ranking uses, in one place. Scores add up
// the weights of a candidate's reasons; DefaultWeights gives the values
// WikiCities ships with.
type Weights struct {
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
}

// DefaultWeights returns the shipped weights: a direct twin outranks a
// second-degree twin whatever their languages and skills, unless several
// reasons add up.
func DefaultWeights() Weights {
	return Weights{
		DirectTwin:     10,
		SecondDegree:   4,
		NearTwin:       6,
		SharedLanguage: 1.5,
		Skill:          1,
		Institution:    5,
		Request:        5,
		Recruit:        3,
		DormantFactor:  0.5,
		RadiusKm:       150,
	}
}

// Validate reports weights that cannot be used, naming the field.
func (w Weights) Validate() error {
	var v wikicities.ValidationErrors
	for name, x := range map[string]float64{
		"direct_twin": w.DirectTwin, "second_degree": w.SecondDegree, "near_twin": w.NearTwin,
		"shared_language": w.SharedLanguage, "skill": w.Skill, "institution": w.Institution,
		"request": w.Request, "recruit": w.Recruit,
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
	return v.Err()
}

// ReadWeights reads weights as JSON over the defaults (fields left out keep
// their default). Unknown fields and bad values are errors naming the field.
func ReadWeights(r io.Reader) (Weights, error) {
	w := DefaultWeights()
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil && err != io.EOF {
		return w, fmt.Errorf("match weights: %w", err)
	}
	if err := w.Validate(); err != nil {
		return w, fmt.Errorf("match weights: %w", err)
	}
	return w, nil
}
