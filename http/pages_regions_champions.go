package http

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/regions"
)

// fillChampionForms offers the reader the communities they may make
// champion of the region (those they coordinate; an admin also the
// region's own) and marks the champions they may remove.
func (rd *regionsData) fillChampionForms(r *http.Request, d *regionPageData, reg *regions.Region) {
	a := wikicities.ActorFrom(r.Context())
	if !a.CanWrite() {
		return
	}
	d.CanRemove = map[int64]bool{}
	taken := map[int64]bool{}
	for _, ch := range d.Champions {
		taken[ch.CommunityID] = true
		d.CanRemove[ch.CommunityID] = a.CoordinatorOf(wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: ch.CommunityID})
	}
	seen := map[int64]bool{}
	add := func(id int64, name string) {
		if !taken[id] && !seen[id] {
			seen[id] = true
			d.ChampionOptions = append(d.ChampionOptions, option{strconv.FormatInt(id, 10), name})
		}
	}
	for _, ref := range a.Coordinates {
		if ref.Kind != wikicities.PartyCommunity {
			continue
		}
		if c, err := rd.s.Communities.Community(r.Context(), ref.ID); err == nil && !c.Archived {
			add(c.ID, c.Name)
		}
	}
	if a.IsAdmin() {
		for _, c := range reg.Communities {
			add(c.Ref.ID, c.Name)
		}
	}
}

// addChampion makes a community champion of the region: POST community,
// note. A coordinator of the community (or an admin) may.
func (rd *regionsData) addChampion(w http.ResponseWriter, r *http.Request) {
	if !rd.s.requireSignIn(w, r) || !rd.s.postedForm(w, r) {
		return
	}
	reg, err := rd.region(r)
	if err != nil {
		rd.s.renderError(w, r, err)
		return
	}
	id, err := strconv.ParseInt(r.PostForm.Get("community"), 10, 64)
	if err != nil || id <= 0 {
		rd.s.renderError(w, r, wikicities.Invalidf("community", "%q is not a community id", r.PostForm.Get("community")))
		return
	}
	ch := &wikicities.RegionChampion{Region: reg.Key, CommunityID: id, Note: r.PostForm.Get("note")}
	if err := rd.s.Regions.AddChampion(r.Context(), ch); err != nil {
		rd.s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, regionPath(reg.Key)+"?done=champion#wc-champions", http.StatusSeeOther)
}

// removeChampion ends a community's championship of the region.
func (rd *regionsData) removeChampion(w http.ResponseWriter, r *http.Request) {
	if !rd.s.requireSignIn(w, r) || !rd.s.postedForm(w, r) {
		return
	}
	reg, err := rd.region(r)
	if err != nil {
		rd.s.renderError(w, r, err)
		return
	}
	id, err := pathID(r, "community")
	if err != nil {
		rd.s.renderError(w, r, errNoPage)
		return
	}
	if err := rd.s.Regions.RemoveChampion(r.Context(), reg.Key, id); err != nil {
		rd.s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, regionPath(reg.Key)+"?done=unchampion#wc-champions", http.StatusSeeOther)
}

// regionCityData is the Data of a city page's region section.
type regionCityData struct {
	City, Name, Path, CountryName string
	Figures                       regions.Figures
	Method                        string
}

// citySection adds a city's region to its page: its name, a few figures
// and the link to the region's potential partners.
func (rd *regionsData) citySection(r *http.Request, c *wikicities.City) (*CitySection, error) {
	rep, err := rd.get(r.Context())
	if err != nil {
		return nil, err
	}
	a := rd.assignment(c.ID)
	if a.Region == nil {
		return nil, nil
	}
	reg := rep.Region(a.Region.Key)
	pr := rd.s.Printer(r)
	lang := pr.Lang()
	d := regionCityData{City: c.NameIn(lang), Name: reg.NameIn(lang), Path: regionPath(reg.Key),
		CountryName: countryName(lang, reg.Region.Country), Figures: reg.Figures, Method: string(a.Method)}
	body, err := rd.s.Fragment(r, "region-city", d)
	if err != nil {
		return nil, fmt.Errorf("region section: %w", err)
	}
	return &CitySection{ID: "wc-region", Heading: pr.Msg("region-city-heading"), Body: body}, nil
}
