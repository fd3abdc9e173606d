package training

import (
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/wikicities/wikicities"
)

// Reason codes of resource recommendations.
const (
	ReasonWantedSkill    = "wanted_skill"
	ReasonResponsibility = "responsibility"
	ReasonLanguage       = "resource_language"
	ReasonUsed           = "used_by_others"
)

// Need is what a community needs help with: the skills it wants, the open
// responsibilities of its partnerships and its languages.
type Need struct {
	WantedSkills     []string
	Responsibilities []string
	Languages        []string
}

// words are the lower-cased words of s of four letters or more (short ones
// are mostly stop words), each once.
func words(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len([]rune(w)) >= 4 && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// Recommend ranks resources for need: a resource teaching a wanted skill
// first, then one whose title or topic shares words with a responsibility,
// raised a little when it exists in one of the languages and by how often
// others used it. Outdated resources and resources with no reason are left
// out. Best first, ties by id; at most limit (0: 10).
func Recommend(rs []*wikicities.TrainingResource, need Need, limit int) []*wikicities.ResourceRecommendation {
	if limit <= 0 {
		limit = 10
	}
	var out []*wikicities.ResourceRecommendation
	for _, r := range rs {
		if r.Outdated {
			continue
		}
		rec := &wikicities.ResourceRecommendation{Resource: r}
		add := func(code string, w float64, params map[string]any, text string) {
			rec.Score += w
			rec.Reasons = append(rec.Reasons, wikicities.Reason{Code: code, Weight: w, Params: params, Text: text})
		}
		if r.Skill != "" && slices.Contains(need.WantedSkills, r.Skill) {
			add(ReasonWantedSkill, 10, map[string]any{"skill": r.Skill}, "teaches "+r.Skill)
		}
		mine := words(r.Title + " " + r.Topic)
		for _, resp := range need.Responsibilities {
			var shared []string
			for _, w := range words(resp) {
				if slices.Contains(mine, w) {
					shared = append(shared, w)
				}
			}
			if len(shared) > 0 {
				add(ReasonResponsibility, 3*float64(min(len(shared), 3)), map[string]any{"responsibility": resp, "words": shared},
					"helps with: "+resp)
				break
			}
		}
		if len(rec.Reasons) == 0 {
			continue
		}
		for _, l := range need.Languages {
			if slices.Contains(r.Languages, l) {
				add(ReasonLanguage, 2, map[string]any{"language": l}, "available in "+l)
				break
			}
		}
		if r.Uses > 0 {
			add(ReasonUsed, math.Log1p(float64(r.Uses)), map[string]any{"uses": r.Uses}, "used by others")
		}
		out = append(out, rec)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Resource.ID < out[j].Resource.ID
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}
