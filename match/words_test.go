package match_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/match"
)

// wordsWorld is nearWorld with a request of Dunedin's we answer, one of
// ours that Vicenza's group answers, Dunedin's group dormant and the Munich
// Wiki Club wanting photography: every reason but no_community_near appears.
func wordsWorld() match.Input {
	in := nearWorld()
	in.Requests = []*wikicities.PartnerRequest{{
		ID: 1, Party: wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: 5},
		Title: `photos "for" Germany`, Countries: []string{"Germany"},
		Expires: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
	}, {
		ID: 2, Party: wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: 1},
		Title: "an Italian-speaking partner in Vicenza", CityIDs: []int64{5}, Languages: []string{"it"},
		Expires: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
	}}
	for _, c := range in.Communities {
		switch c.ID {
		case 5:
			c.Status = wikicities.StatusDormant
		case 12:
			c.SkillsWanted = []string{"photography"}
		}
	}
	return in
}

func reasonLines(s []match.Suggestion) string {
	var b strings.Builder
	for _, x := range s {
		for _, r := range x.Reasons {
			keys := slices.Sorted(maps.Keys(r.Params))
			params := make([]string, len(keys))
			for i, k := range keys {
				params[i] = fmt.Sprintf("%s=%v (%T)", k, r.Params[k], r.Params[k])
			}
			fmt.Fprintf(&b, "%s %d %s %g | %s | %s\n", x.Kind, x.ID, r.Code, r.Weight, r.Text, strings.Join(params, ", "))
		}
	}
	return b.String()
}

// TestSuggestPutsEveryReasonIntoWords pins the text and parameters of each
// kind of reason: pages translate by code and parameters, the API shows
// both.
func TestSuggestPutsEveryReasonIntoWords(t *testing.T) {
	got := reasonLines(suggest(t, match.New(wordsWorld(), match.DefaultWeights()), 1))
	w := match.DefaultWeights()
	w.RadiusKm = 10
	got += reasonLines(suggest(t, match.New(world(), w), 1))
	want := `
community 2 twin_city 10 | based in Edinburgh, a twin city of Munich | city=Edinburgh (string), city_id=2 (int64)
community 2 shared_languages 1.5 | works in en as we do | languages=[en] ([]string)
community 2 offers_skills_we_want 1 | offers wikidata, which we want | skills=[wikidata] ([]string)
community 2 wants_skills_we_offer 1 | wants photography, which we offer | skills=[photography] ([]string)
community 3 twin_city 10 | based in Harare, a twin city of Munich | city=Harare (string), city_id=3 (int64)
community 3 shared_languages 1.5 | works in en as we do | languages=[en] ([]string)
community 4 near_twin 6 | no group in Verona yet; nearest: Wikimedia Vicenza (44 km) | distance_km=44 (float64), twin_city=Verona (string), twin_city_id=4 (int64)
community 4 answers_our_request 5 | answers our request "an Italian-speaking partner in Vicenza" | request_id=2 (int64), title=an Italian-speaking partner in Vicenza (string)
institution 1 institution_in_twin_city 5 | in Edinburgh, a twin city of Munich | city=Edinburgh (string), city_id=2 (int64)
institution 1 wants_skills_we_offer 1 | wants photography, which we offer | skills=[photography] ([]string)
community 5 second_degree 4 | based in Dunedin, a twin of our twin Edinburgh | city=Dunedin (string), city_id=6 (int64), via=[Edinburgh] ([]string), via_ids=[2] ([]int64)
community 5 answers_their_request 5 | we answer their request "photos \"for\" Germany" | request_id=1 (int64), title=photos "for" Germany (string)
community 5 shared_languages 1.5 | works in en as we do | languages=[en] ([]string)
community 5 dormant 0 | dormant at the moment | 
community 20 covers_twin_country 3 | covers United Kingdom, where your twin city Edinburgh is | country=United Kingdom (string), twin_cities=[Edinburgh] ([]string), twin_city=Edinburgh (string), twin_city_ids=[2] ([]int64)
community 20 shared_languages 1.5 | works in en as we do | languages=[en] ([]string)
community 21 covers_twin_country 3 | covers Zimbabwe, where your twin city Harare is | country=Zimbabwe (string), twin_cities=[Harare] ([]string), twin_city=Harare (string), twin_city_ids=[3] ([]int64)
community 21 shared_languages 1.5 | works in en as we do | languages=[en] ([]string)
community 12 near_our_city 3 | 0 km from Munich | city=Munich (string), city_id=1 (int64), distance_km=0 (float64)
community 12 wants_skills_we_offer 1 | wants photography, which we offer | skills=[photography] ([]string)
institution 10 near_our_city 3 | 32 km from Munich | city=Munich (string), city_id=1 (int64), distance_km=32 (float64)
institution 10 wants_skills_we_offer 1 | wants photography, which we offer | skills=[photography] ([]string)
community 10 near_our_city 3 | 32 km from Munich | city=Munich (string), city_id=1 (int64), distance_km=32 (float64)
community 23 near_our_city 3 | 32 km from Munich | city=Munich (string), city_id=1 (int64), distance_km=32 (float64)
city 4 recruit 3 | Verona is a twin city of Munich with no Wikimedia group yet: a place to recruit | city=Verona (string), city_id=4 (int64), our_city=Munich (string), our_city_id=1 (int64)
city 4 recruit_nearest 0 | nearest community: Wikimedia Vicenza (44 km) | community=Wikimedia Vicenza (string), community_id=4 (int64), distance_km=44 (float64)
community 2 twin_city 10 | based in Edinburgh, a twin city of Munich | city=Edinburgh (string), city_id=2 (int64)
community 2 shared_languages 1.5 | works in en as we do | languages=[en] ([]string)
community 2 offers_skills_we_want 1 | offers wikidata, which we want | skills=[wikidata] ([]string)
community 2 wants_skills_we_offer 1 | wants photography, which we offer | skills=[photography] ([]string)
community 3 twin_city 10 | based in Harare, a twin city of Munich | city=Harare (string), city_id=3 (int64)
community 3 shared_languages 1.5 | works in en as we do | languages=[en] ([]string)
institution 1 institution_in_twin_city 5 | in Edinburgh, a twin city of Munich | city=Edinburgh (string), city_id=2 (int64)
institution 1 wants_skills_we_offer 1 | wants photography, which we offer | skills=[photography] ([]string)
community 5 second_degree 4 | based in Dunedin, a twin of our twin Edinburgh | city=Dunedin (string), city_id=6 (int64), via=[Edinburgh] ([]string), via_ids=[2] ([]int64)
community 5 shared_languages 1.5 | works in en as we do | languages=[en] ([]string)
city 4 recruit 3 | Verona is a twin city of Munich with no Wikimedia group yet: a place to recruit | city=Verona (string), city_id=4 (int64), our_city=Munich (string), our_city_id=1 (int64)
city 4 no_community_near 0 | no active community within 10 km | city=Verona (string), city_id=4 (int64), radius_km=10 (float64)

`
	if strings.TrimSpace(got) != strings.TrimSpace(want) {
		t.Errorf("reasons:\n%s\nwant:\n%s", got, want)
	}
}
