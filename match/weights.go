package match

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

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
		return w, fmt.Errorf("match weights: %w", decodeError(err))
	}
	if err := w.Validate(); err != nil {
		return w, fmt.Errorf("match weights: %w", err)
	}
	return w, nil
}

// decodeError says what is wrong with a weights file in its own words: the
// field of a value that is not a number, an unknown field with the known
// ones (a reason code such as "twin_city" is not a weight), the byte of a
// syntax error.
func decodeError(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te) && te.Field != "":
		return wikicities.Invalidf(te.Field, "must be a number, not %s", te.Value)
	case errors.As(err, &te):
		return fmt.Errorf("want an object of weights ({\"radius_km\": 100}), not %s", te.Value)
	case errors.As(err, &se):
		return fmt.Errorf("not JSON at byte %d: %s", se.Offset, strings.TrimPrefix(se.Error(), "json: "))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("the file ends before the object does (a missing })")
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return fmt.Errorf("unknown weight %s; the weights are %s", name, strings.Join(weightNames(), ", "))
	}
	return err
}

// weightNames lists the JSON names of the weights.
func weightNames() []string {
	t := reflect.TypeFor[Weights]()
	names := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		if n, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); n != "" && n != "-" {
			names = append(names, n)
		}
	}
	return names
}
