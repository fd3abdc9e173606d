package http

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// The directory's list pages: every community, every institution, with
// filters a coordinator looking for partners uses, a map of the cities
// where they are based and links to the exports.

// listPageSize is how many rows a list page shows at once.
const listPageSize = 50

func (s *Server) registerListPages() {
	s.handle("GET /communities", s.cached(s.handleCommunityList))
	s.handle("GET /institutions", s.cached(s.handleInstitutionList))
	s.handle("GET /partnerships", s.cached(s.handlePartnershipList))
	s.handle("GET /requests", s.cached(s.handleRequestList))
	s.handle("GET /requests/{id}", s.cached(s.handleRequestPage))
	s.handle("POST /requests/{id}/answers", s.handleRequestAnswer)
}

// listRow is one row of a list page.
type listRow struct {
	URL, Name string
	City      *wikicities.City // nil when only a country is known
	Country   string
	Details   []string // kind, status, languages, skills: translated
}

// directoryList is the Data of the communities and institutions pages.
type directoryList struct {
	Heading, Lead string
	Form          *Form
	Filters       []filterField
	Rows          []listRow
	Total         int
	Prev, Next    string
	Exports       []exportLink
	// RegisterURL and RegisterLabel are the button that registers a new
	// record, for those who may.
	RegisterURL, RegisterLabel string
}

// filterField is one select of a list's filter form.
type filterField struct {
	Name, Label string
	Options     []option
}

// exportLink is a download of the whole list.
type exportLink struct{ URL, Label string }

// listOffset reads ?offset=, a whole number from 0 to 100000.
func listOffset(r *http.Request) (int, error) {
	v := r.URL.Query().Get("offset")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 100000 {
		return 0, (&wikicities.FieldError{Field: "offset", Message: "must be a whole number from 0 to 100000"}).
			Because(wikicities.ProblemNumberRange, 0, 100000)
	}
	return n, nil
}

// pageLinks returns the links to the previous and next pages of a list at
// offset with total rows, keeping the request's filters.
func pageLinks(r *http.Request, offset, total int) (prev, next string) {
	link := func(o int) string {
		q := r.URL.Query()
		q.Del("offset")
		if o > 0 {
			q.Set("offset", strconv.Itoa(o))
		}
		if len(q) == 0 {
			return r.URL.Path
		}
		return r.URL.Path + "?" + q.Encode()
	}
	if offset > 0 {
		prev = link(max(0, offset-listPageSize))
	}
	if offset+listPageSize < total {
		next = link(offset + listPageSize)
	}
	return prev, next
}

// anyOption is the first option of every filter: no filtering.
func anyOption(p *i18n.Printer) option { return option{"", p.Msg("list-filter-any")} }

// countryOptions lists the countries of cities, by their translated name.
func (s *Server) countryOptions(p *i18n.Printer, cityIDs []int64, extra ...string) []option {
	seen := map[string]bool{}
	var opts []option
	add := func(c string) {
		if c != "" && !seen[c] {
			seen[c] = true
			opts = append(opts, option{c, labels.Country(p, c)})
		}
	}
	for _, id := range cityIDs {
		if c := s.Graph.City(id); c != nil {
			add(c.Country)
		}
	}
	for _, c := range extra {
		add(c)
	}
	sort.Slice(opts, func(i, j int) bool { return opts[i].Label < opts[j].Label })
	return append([]option{anyOption(p)}, opts...)
}

// languageOptions lists language codes by their name in the reader's language.
func languageOptions(p *i18n.Printer, codes []string) []option {
	slices.Sort(codes)
	codes = slices.Compact(codes)
	opts := make([]option, 0, len(codes))
	for _, c := range codes {
		opts = append(opts, option{c, labels.Language(p, c)})
	}
	sort.Slice(opts, func(i, j int) bool { return opts[i].Label < opts[j].Label })
	return append([]option{anyOption(p)}, opts...)
}

// skillOptions lists the skills vocabulary in the reader's language.
func (s *Server) skillOptions(r *http.Request, p *i18n.Printer) ([]option, error) {
	skills, err := s.Skills.Skills(r.Context())
	if err != nil {
		return nil, err
	}
	opts := []option{anyOption(p)}
	for _, sk := range skills {
		opts = append(opts, option{sk.Code, labels.Skill(p, sk.Code, sk.Label)})
	}
	return opts, nil
}

func (s *Server) handleCommunityList(w http.ResponseWriter, r *http.Request) {
	filter, err := directoryFilter(r, kindNames(wikicities.CommunityKinds))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	ex, err := directoryExtraFilter(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	filter.Archived, filter.Limit = false, listPageSize
	offset := filter.Offset
	all, err := s.Communities.AllCommunities(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	comms, total, err := listDirectory(r.Context(), s, filter, ex, s.Communities.Communities,
		(*wikicities.Community).Ref, func(c *wikicities.Community) int64 { return c.CityID })
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	var cities, langs []string
	var cityIDs []int64
	for _, c := range all {
		if !c.Archived {
			cityIDs = append(cityIDs, c.CityID)
			cities = append(cities, c.Country)
			langs = append(langs, c.Languages...)
		}
	}
	skills, err := s.skillOptions(r, pr)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	kinds := []option{anyOption(pr)}
	for _, k := range wikicities.CommunityKinds {
		kinds = append(kinds, option{string(k), communityKindLabel(pr, k)})
	}
	statuses := []option{anyOption(pr)}
	for _, st := range []wikicities.Status{wikicities.StatusActive, wikicities.StatusDormant, wikicities.StatusClosed} {
		statuses = append(statuses, option{string(st), labels.CommunityStatus(pr, st)})
	}
	d := directoryList{Heading: pr.Msg("communities-heading"), Lead: pr.Msg("communities-lead"), Form: newForm(r.URL.Query()), Total: total,
		Filters: []filterField{
			{"country", pr.Msg("list-filter-country"), s.countryOptions(pr, cityIDs, cities...)},
			{"region", pr.Msg("list-filter-region"), s.regionOptions(pr, cityIDs, filter.Country)},
			{"kind", pr.Msg("list-filter-kind"), kinds},
			{"language", pr.Msg("list-filter-language"), languageOptions(pr, langs)},
			{"skill", pr.Msg("list-filter-skill"), skills},
			{"status", pr.Msg("list-filter-status"), statuses},
			{"coordinator", pr.Msg("list-filter-coordinator"), coordinatorOptions(pr)},
		},
		Exports: []exportLink{{"/api/v1/export/communities.csv?bom=true", "CSV"}, {"/api/v1/export/communities.geojson", "GeoJSON"}},
	}
	if p.Actor.CanWrite() {
		d.RegisterURL, d.RegisterLabel = "/communities/new", pr.Msg("communities-register")
	}
	for _, c := range comms {
		row := listRow{URL: fmt.Sprintf("/communities/%d", c.ID), Name: c.Name, City: s.Graph.City(c.CityID), Country: c.Country,
			Details: []string{communityKindLabel(pr, c.Kind)}}
		if c.Status != wikicities.StatusActive {
			row.Details = append(row.Details, labels.CommunityStatus(pr, c.Status))
		}
		for _, l := range c.Languages {
			row.Details = append(row.Details, labels.Language(pr, l))
		}
		d.Rows = append(d.Rows, row)
	}
	d.Filters = usefulFilters(d.Filters)
	d.Prev, d.Next = pageLinks(r, offset, total)
	p.Title = d.Heading
	p.Map = &MapConfig{CitiesURL: "/map/cities.geojson?of=groups" + mapLang("&", p.Lang), Label: pr.Msg("communities-map-label"), Small: true}
	p.Scripts = []string{"map.js"}
	p.Data = d
	s.render(w, r, http.StatusOK, "directory-list", p)
}

func (s *Server) handleInstitutionList(w http.ResponseWriter, r *http.Request) {
	filter, err := directoryFilter(r, kindNames(wikicities.InstitutionKinds))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	ex, err := directoryExtraFilter(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	filter.Archived, filter.Limit = false, listPageSize
	offset := filter.Offset
	all, err := s.Institutions.AllInstitutions(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	insts, total, err := listDirectory(r.Context(), s, filter, ex, s.Institutions.Institutions,
		(*wikicities.Institution).Ref, func(i *wikicities.Institution) int64 { return i.CityID })
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	var cityIDs []int64
	for _, i := range all {
		cityIDs = append(cityIDs, i.CityID)
	}
	skills, err := s.skillOptions(r, pr)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	kinds := []option{anyOption(pr)}
	for _, k := range wikicities.InstitutionKinds {
		kinds = append(kinds, option{string(k), institutionKindLabel(pr, k)})
	}
	d := directoryList{Heading: pr.Msg("institutions-heading"), Lead: pr.Msg("institutions-lead"), Form: newForm(r.URL.Query()), Total: total,
		Filters: []filterField{
			{"country", pr.Msg("list-filter-country"), s.countryOptions(pr, cityIDs)},
			{"region", pr.Msg("list-filter-region"), s.regionOptions(pr, cityIDs, filter.Country)},
			{"kind", pr.Msg("list-filter-kind"), kinds},
			{"skill", pr.Msg("list-filter-skill-wanted"), skills},
			{"coordinator", pr.Msg("list-filter-coordinator"), coordinatorOptions(pr)},
		},
		Exports: []exportLink{{"/api/v1/export/institutions.csv?bom=true", "CSV"}, {"/api/v1/export/institutions.geojson", "GeoJSON"}},
	}
	if p.Actor.CanWrite() {
		d.RegisterURL, d.RegisterLabel = "/institutions/new", pr.Msg("institutions-register")
	}
	for _, i := range insts {
		row := listRow{URL: fmt.Sprintf("/institutions/%d", i.ID), Name: i.Name, City: s.Graph.City(i.CityID),
			Details: []string{institutionKindLabel(pr, i.Kind)}}
		if i.HasWikimedianInResidence {
			row.Details = append(row.Details, pr.Msg("directory-wir"))
		}
		d.Rows = append(d.Rows, row)
	}
	d.Filters = usefulFilters(d.Filters)
	d.Prev, d.Next = pageLinks(r, offset, total)
	p.Title = d.Heading
	p.Map = &MapConfig{CitiesURL: "/map/cities.geojson?of=groups" + mapLang("&", p.Lang), Label: pr.Msg("communities-map-label"), Small: true}
	p.Scripts = []string{"map.js"}
	p.Data = d
	s.render(w, r, http.StatusOK, "directory-list", p)
}

// groupCities lists the cities where communities and institutions are
// based, those with communities first: the map of the directory.
func (s *Server) groupCities(ctx context.Context) ([]int64, error) {
	ids, err := s.Communities.CommunityCities(ctx)
	if err != nil {
		return nil, err
	}
	insts, err := s.Institutions.AllInstitutions(ctx)
	if err != nil {
		return nil, err
	}
	for _, i := range insts {
		if i.CityID != 0 && !slices.Contains(ids, i.CityID) {
			ids = append(ids, i.CityID)
		}
	}
	return ids[:min(len(ids), mapMaxLimit)], nil
}
