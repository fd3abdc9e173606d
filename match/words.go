package match

import (
	"fmt"
	"sort"
	"strings"
)

// words puts reason r of candidate c into words and parameters. Called
// only for the suggestions returned, under the matcher's read lock.
func (q *query) words(c *candidate, r lazyReason) (string, map[string]any) {
	m := q.m
	switch r.code {
	case ReasonTwinCity, ReasonInstitution:
		name := q.cityName(r.city)
		format := "based in %s, a twin city of %s"
		if r.code == ReasonInstitution {
			format = "in %s, a twin city of %s"
		}
		return fmt.Sprintf(format, name, q.cityName(q.us.CityID)), map[string]any{"city_id": r.city, "city": name}
	case ReasonSecondDegree:
		name := q.cityName(r.city)
		names := q.cityNames(r.via)
		return fmt.Sprintf("based in %s, a twin of our twin %s", name, strings.Join(names, ", ")),
			map[string]any{"city_id": r.city, "city": name, "via": names, "via_ids": r.via}
	case ReasonLanguages:
		l := intersect(q.us.Languages, m.comms[c.s.ID].Languages)
		return "works in " + strings.Join(l, ", ") + " as we do", map[string]any{"languages": l}
	case ReasonTheyOffer:
		s := intersect(m.comms[c.s.ID].SkillsOffered, q.us.SkillsWanted)
		return "offers " + strings.Join(s, ", ") + ", which we want", map[string]any{"skills": s}
	case ReasonTheyWant:
		var wanted []string
		if c.s.Kind == KindCommunity {
			wanted = m.comms[c.s.ID].SkillsWanted
		} else {
			wanted = m.insts[c.s.ID].SkillsWanted
		}
		s := intersect(q.us.SkillsOffered, wanted)
		return "wants " + strings.Join(s, ", ") + ", which we offer", map[string]any{"skills": s}
	case ReasonDormant:
		return "dormant at the moment", map[string]any{}
	case ReasonRecruit:
		name, ours := q.cityName(r.city), q.cityName(q.us.CityID)
		return fmt.Sprintf("%s is a twin city of %s with no Wikimedia group yet: a place to recruit", name, ours),
			map[string]any{"city_id": r.city, "city": name, "our_city": ours, "our_city_id": q.us.CityID}
	case ReasonNoneNear:
		return fmt.Sprintf("no active community within %g km", m.w.RadiusKm), map[string]any{"city_id": r.city, "city": q.cityName(r.city), "radius_km": m.w.RadiusKm}
	case ReasonNearTwin:
		name := q.cityName(r.city)
		return fmt.Sprintf("no group in %s yet; nearest: %s (%g km)", name, r.nearest.s.Name, r.km),
			map[string]any{"twin_city_id": r.city, "twin_city": name, "distance_km": r.km}
	case ReasonRecruitNearest:
		return fmt.Sprintf("nearest community: %s (%g km)", r.nearest.s.Name, r.km),
			map[string]any{"community_id": r.nearest.s.ID, "community": r.nearest.s.Name, "distance_km": r.km}
	case ReasonTheirRequest:
		return fmt.Sprintf("we answer their request %q", r.req.Title), map[string]any{"request_id": r.req.ID, "title": r.req.Title}
	case ReasonOurRequest:
		return fmt.Sprintf("answers our request %q", r.req.Title), map[string]any{"request_id": r.req.ID, "title": r.req.Title}
	case ReasonNearHome:
		ours := q.cityName(r.city)
		return fmt.Sprintf("%g km from %s", r.km, ours), map[string]any{"city_id": r.city, "city": ours, "distance_km": r.km}
	case ReasonTwinRegion:
		names := q.cityNames(r.land.twins)
		return fmt.Sprintf("in %s, the region of your twin city %s", r.land.label, strings.Join(names, ", ")),
			map[string]any{"region": r.land.label, "region_key": r.land.key, "twin_city": names[0], "twin_cities": names, "twin_city_ids": r.land.twins}
	case ReasonCoversCountry:
		names := q.cityNames(r.land.twins)
		return fmt.Sprintf("covers %s, where your twin city %s is", r.land.label, strings.Join(names, ", ")),
			map[string]any{"country": r.land.label, "twin_city": names[0], "twin_cities": names, "twin_city_ids": r.land.twins}
	}
	panic("match: no words for reason " + r.code)
}

// cityNames returns the names of cities ids, sorted.
func (q *query) cityNames(ids []int64) []string {
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		names = append(names, q.cityName(id))
	}
	sort.Strings(names)
	return names
}
