package http

import (
	"errors"
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
	pr := rd.s.Printer(r)
	f := newForm(r.PostForm)
	id, err := strconv.ParseInt(f.Get("community"), 10, 64)
	if err != nil || id <= 0 {
		f.Errors["community"] = pr.Msg("form-required")
	}
	ch := &wikicities.RegionChampion{Region: reg.Key, CommunityID: id, Note: f.Get("note")}
	// A refusal is said in the form, which keeps the note: a note of 300
	// Arabic letters (600 bytes, though the field counts 300) and a
	// community made champion from another tab meanwhile were an English
	// error page.
	status := rd.s.submit(w, r, pr, f, formSave{fields: []string{"community", "note"},
		conflict: pr.Msg("region-champion-taken"),
		check:    func() error { return wikicities.ValidateRegionChampion(ch) },
		save: func() (string, error) {
			if err := rd.s.Regions.AddChampion(r.Context(), ch); err != nil {
				return "", err
			}
			return regionPath(reg.Key) + "?done=champion#wc-champions", nil
		}})
	if status != 0 {
		rd.renderRegion(w, r, status, f)
	}
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
	// Removed already (from another tab, or a second press): what the
	// reader asked for holds, where a "page not found" said otherwise.
	if err := rd.s.Regions.RemoveChampion(r.Context(), reg.Key, id); err != nil && !errors.Is(err, wikicities.ErrNotFound) {
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
