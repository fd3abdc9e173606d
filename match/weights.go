package match

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/wikicities/wikicities"
)

// Weights are every number the ranking uses; DefaultWeights gives the
// values WikiCities ships with.
type Weights = wikicities.MatchWeights

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
		NearHome:       3,
		HomeRadiusKm:   50,
		CoversCountry:  3,
		TwinRegion:     3,
	}
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
