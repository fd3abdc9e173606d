package http

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
)

// Registering and editing an institution on the web, like a community
// (pages_party_form.go): the person who registers it becomes its
// coordinator; its coordinators edit it.

func (s *Server) registerInstitutionForms() {
	registerPartyForms(s, "/institutions", s.institutionForms)
}

// institutionFields are the fields of the institution form, by the names
// the domain's validation uses.
var institutionFields = []string{"name", "kind", "city", "qid", "website", "programmes", "skills_wanted"}

// institutionAliases file the domain's field names under the form's.
var institutionAliases = map[string]string{"city_id": "city"}

// Programmes of an institution, the values of the form's checkboxes.
const (
	programmeWiR      = "wir"
	programmeWikiClub = "wiki_club"
)

// institutionNotices are the notices of ?done= on an institution's page.
var institutionNotices = map[string]string{"created": "institution-created", "saved": "community-saved"}

// institutionForms are the institution's register and edit forms.
func (s *Server) institutionForms() partyForms[*wikicities.Institution] {
	return partyForms[*wikicities.Institution]{s: s, template: "institution-form", path: "/institutions",
		newTitle: "institution-new-title", defaultKind: string(wikicities.InstMuseum),
		fields: institutionFields, aliases: institutionAliases,
		choices: func(pr *i18n.Printer, d *partyForm[*wikicities.Institution]) {
			for _, k := range wikicities.InstitutionKinds {
				d.Kinds = append(d.Kinds, option{string(k), institutionKindLabel(pr, k)})
			}
			d.Programmes = []option{{programmeWiR, pr.Msg("directory-wir")}, {programmeWikiClub, pr.Msg("directory-wiki-club")}}
		},
		fromForm: s.institutionFromForm,
		values:   s.institutionValues,
		name:     func(in *wikicities.Institution) string { return in.Name },
		version:  func(in *wikicities.Institution) int64 { return in.Version },
		keep: func(in, cur *wikicities.Institution, version int64) {
			in.ID, in.Region, in.Archived, in.Version = cur.ID, cur.Region, cur.Archived, version
		},
		load:    s.Institutions.Institution,
		similar: s.similarInstitutions,
		create:  s.Institutions.CreateInstitution,
		update:  s.Institutions.UpdateInstitution,
	}
}

// institutionFromForm builds an institution from the form's values.
func (s *Server) institutionFromForm(f *Form, pr *i18n.Printer) *wikicities.Institution {
	return &wikicities.Institution{
		Name: strings.TrimSpace(f.Get("name")), Kind: wikicities.InstitutionKind(f.Get("kind")),
		CityID: s.resolveCity(f, pr), QID: strings.ToUpper(strings.TrimSpace(f.Get("qid"))), Website: strings.TrimSpace(f.Get("website")),
		HasWikimedianInResidence: f.Has("programmes", programmeWiR), HostsWikiClub: f.Has("programmes", programmeWikiClub),
		SkillsWanted: f.Values["skills_wanted"],
	}
}

// institutionValues fills a form with an institution's fields.
func (s *Server) institutionValues(in *wikicities.Institution, _ *i18n.Printer) url.Values {
	v := url.Values{"name": {in.Name}, "kind": {string(in.Kind)}, "city": {s.cityFieldValue(in.CityID)}, "qid": {in.QID},
		"website": {in.Website}, "skills_wanted": in.SkillsWanted, "version": {strconv.FormatInt(in.Version, 10)}}
	if in.HasWikimedianInResidence {
		v.Add("programmes", programmeWiR)
	}
	if in.HostsWikiClub {
		v.Add("programmes", programmeWikiClub)
	}
	return v
}
