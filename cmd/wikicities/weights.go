package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/wikicities/wikicities/match"
)

// weightsEnv names the environment variable that points at a JSON file of
// match weights, read by loadWeights.
const weightsEnv = "WIKICITIES_MATCH_WEIGHTS"

// radiusEnv names the environment variable that overrides radius_km alone.
const radiusEnv = "WIKICITIES_MATCH_RADIUS_KM"

// loadWeights returns the match weights in the JSON file path, or in the
// file named by $WIKICITIES_MATCH_WEIGHTS when path is empty, or the
// defaults; $WIKICITIES_MATCH_RADIUS_KM then overrides the radius. Errors
// name the file and field.
func loadWeights(path string) (match.Weights, error) {
	if path == "" {
		path = os.Getenv(weightsEnv)
	}
	w := match.DefaultWeights()
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return w, err
		}
		defer f.Close()
		if w, err = match.ReadWeights(f); err != nil {
			return w, fmt.Errorf("%s: %w", path, err)
		}
	}
	if s := strings.TrimSpace(os.Getenv(radiusEnv)); s != "" {
		r, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return w, fmt.Errorf("%s: %q is not a number", radiusEnv, s)
		}
		w.RadiusKm = r
		if err := w.Validate(); err != nil {
			return w, fmt.Errorf("%s: %w", radiusEnv, err)
		}
	}
	return w, nil
}
