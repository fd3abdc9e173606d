package wikicities

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"
)

// CommunityKind is the kind of a Wikimedia community.
type CommunityKind string

// Community kinds.
const (
	KindChapter    CommunityKind = "chapter"
	KindUserGroup  CommunityKind = "user_group"
	KindLocalGroup CommunityKind = "local_group" // a local group or city meetup
	KindWikiClub   CommunityKind = "wiki_club"
	KindThematic   CommunityKind = "thematic_organization"
)

// CommunityKinds lists the valid kinds, in display order.
var CommunityKinds = []CommunityKind{KindChapter, KindUserGroup, KindLocalGroup, KindWikiClub, KindThematic}

// Status is the life state of a community.
type Status string

// Community statuses.
const (
	StatusActive  Status = "active"
	StatusDormant Status = "dormant"
	StatusClosed  Status = "closed"
)

// Community is a Wikimedia volunteer community: a chapter, user group, local
// group or meetup, Wiki Club, or thematic organization, based in a city.
type Community struct {
	ID     int64         `json:"id"`
	Kind   CommunityKind `json:"kind"`
	Name   string        `json:"name"`
	CityID int64         `json:"city_id"` // 0 for a listed community known only by its country
	// Country places a listed community whose city is unknown (CityID 0).
	Country       string    `json:"country,omitempty"`
	Languages     []string  `json:"languages"` // Wikimedia language codes: "de", "en", "ar", "zh-hans"
	Projects      []string  `json:"projects"`  // "wikipedia", "commons", "wikidata", ...
	MetaPage      string    `json:"meta_page"` // title on Meta-Wiki
	Website       string    `json:"website"`   // http(s) URL
	Contact       string    `json:"contact"`   // email or wiki user page
	Status        Status    `json:"status"`
	LastActivity  time.Time `json:"last_activity,omitzero"`
	SkillsOffered []string  `json:"skills_offered"` // skill codes from the vocabulary
	SkillsWanted  []string  `json:"skills_wanted"`
	Version       int64     `json:"version"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	Archived      bool      `json:"archived"`
	// Listing is set for an entry imported from the movement's affiliate
	// lists (see Listing); nil for one written by a coordinator.
	Listing *Listing `json:"listing,omitempty"`
}

// Ref returns the party reference of c.
func (c *Community) Ref() PartyRef { return PartyRef{Kind: PartyCommunity, ID: c.ID} }

// InstitutionKind is the kind of a partner institution outside the movement.
type InstitutionKind string

// Institution kinds.
const (
	InstMuseum     InstitutionKind = "museum"
	InstLibrary    InstitutionKind = "library"
	InstArchive    InstitutionKind = "archive"
	InstGallery    InstitutionKind = "gallery"
	InstUniversity InstitutionKind = "university"
	InstSchool     InstitutionKind = "school"
	InstNGO        InstitutionKind = "ngo"
	InstGovernment InstitutionKind = "government"
	InstCompany    InstitutionKind = "company"
)

// InstitutionKinds lists the valid kinds, in display order.
var InstitutionKinds = []InstitutionKind{InstMuseum, InstLibrary, InstArchive, InstGallery, InstUniversity, InstSchool, InstNGO, InstGovernment, InstCompany}

// Institution is a partner outside the movement: a museum, library, archive,
// university, school and so on.
type Institution struct {
	ID                       int64           `json:"id"`
	Kind                     InstitutionKind `json:"kind"`
	Name                     string          `json:"name"`
	CityID                   int64           `json:"city_id"`
	Region                   string          `json:"region"`
	QID                      string          `json:"qid,omitempty"`
	Website                  string          `json:"website"`
	HostsWikiClub            bool            `json:"hosts_wiki_club"`
	HasWikimedianInResidence bool            `json:"has_wikimedian_in_residence"`
	SkillsWanted             []string        `json:"skills_wanted"`
	Version                  int64           `json:"version"`
	CreatedAt                time.Time       `json:"created_at"`
	UpdatedAt                time.Time       `json:"updated_at"`
	Archived                 bool            `json:"archived"`
}

// Ref returns the party reference of i.
func (i *Institution) Ref() PartyRef { return PartyRef{Kind: PartyInstitution, ID: i.ID} }

// Skill is an entry of the shared skills vocabulary.
type Skill struct {
	Code  string `json:"code"`  // "photography"
	Label string `json:"label"` // English label; pages translate by code
}

// DefaultSkills is the vocabulary a new store starts with; more can be added.
var DefaultSkills = []string{
	"photography", "glam", "education", "wikidata", "translation", "tools_and_bots",
	"events", "outreach", "editing_training", "fundraising", "communications",
	"research", "accessibility", "open_licensing",
}

// DirectoryFilter narrows a listing of communities or institutions.
type DirectoryFilter struct {
	Query    string // name, case-insensitive substring
	CityID   int64
	Country  string
	Language string
	Kind     string
	Skill    string // offered or wanted
	Status   Status
	Archived bool // include archived records
	Limit    int
	Offset   int
}

// CommunityService stores communities.
type CommunityService interface {
	// Community returns the community with id. Returns ErrNotFound.
	Community(ctx context.Context, id int64) (*Community, error)
	// Communities lists communities matching f and the total count.
	Communities(ctx context.Context, f DirectoryFilter) ([]*Community, int, error)
	// AllCommunities returns every community, archived ones included, by id.
	AllCommunities(ctx context.Context) ([]*Community, error)
	// CommunityCities returns the ids of the cities where communities that
	// are not archived are based, the city with most communities first.
	CommunityCities(ctx context.Context) ([]int64, error)
	// CreateCommunity validates and adds c, setting ID and Version. Returns
	// ErrInvalid (a ValidationErrors naming each field).
	CreateCommunity(ctx context.Context, c *Community) error
	// UpdateCommunity writes c if c.Version is current. Returns a
	// *StaleError (ErrStale, ErrConflict) for a stale version, ErrNotFound,
	// ErrInvalid.
	UpdateCommunity(ctx context.Context, c *Community) error
	// DeleteCommunity removes a community if version is current (0:
	// whatever its version). Returns *StaleError, ErrConflict if it is a
	// party to a partnership (archive it instead).
	DeleteCommunity(ctx context.Context, id, version int64) error
}

// InstitutionService stores institutions; errors as CommunityService.
type InstitutionService interface {
	Institution(ctx context.Context, id int64) (*Institution, error)
	Institutions(ctx context.Context, f DirectoryFilter) ([]*Institution, int, error)
	AllInstitutions(ctx context.Context) ([]*Institution, error)
	CreateInstitution(ctx context.Context, i *Institution) error
	UpdateInstitution(ctx context.Context, i *Institution) error
	DeleteInstitution(ctx context.Context, id, version int64) error
}

// Projects lists the Wikimedia projects a community can work on, by code.
var Projects = []string{
	"wikipedia", "commons", "wikidata", "wikisource", "wiktionary", "wikivoyage", "wikibooks",
	"wikinews", "wikiquote", "wikiversity", "wikispecies", "wikifunctions", "mediawiki", "meta",
}

// ValidCommunityKind reports whether k is a community kind.
func ValidCommunityKind(k string) bool {
	for _, c := range CommunityKinds {
		if string(c) == k {
			return true
		}
	}
	return false
}

// ValidInstitutionKind reports whether k is an institution kind.
func ValidInstitutionKind(k string) bool {
	for _, c := range InstitutionKinds {
		if string(c) == k {
			return true
		}
	}
	return false
}

// Validate checks every field of c that needs no lookup (the city and the
// skills are checked by the store) and returns a ValidationErrors naming each
// problem, or nil. Language codes are folded to lower case.
func (c *Community) Validate() error {
	var v ValidationErrors
	checkName(&v, c.Name)
	if !ValidCommunityKind(string(c.Kind)) {
		v.Add("kind", "%q is not one of %s", c.Kind, joinKinds(CommunityKinds)).Because(ProblemNotAllowed, c.Kind)
	}
	switch {
	case c.CityID > 0:
	case c.Listing != nil && strings.TrimSpace(c.Country) != "":
		// A listed community may sit at country level.
	default:
		v.Add("city_id", "is required").Because(ProblemRequired)
	}
	if len(c.Country) > 200 {
		v.Add("country", "is longer than 200 bytes").Because(ProblemTooLong, 200)
	}
	if c.Status == "" {
		c.Status = StatusActive
	}
	switch c.Status {
	case StatusActive, StatusDormant, StatusClosed:
	default:
		v.Add("status", "%q is not one of active, dormant, closed", c.Status).Because(ProblemNotAllowed, c.Status)
	}
	c.Languages = checkLanguages(&v, "languages", c.Languages)
	for i, p := range c.Projects {
		if !contains(Projects, p) {
			v.Add(fmt.Sprintf("projects[%d]", i), "%q is not a Wikimedia project code (one of %s)", p, strings.Join(Projects, ", ")).Because(ProblemNotAllowed, p)
		}
	}
	c.Projects = dedupe(c.Projects)
	if len(c.MetaPage) > 255 || strings.ContainsAny(c.MetaPage, "<>[]{}|#\n") {
		v.Add("meta_page", "is not a valid Meta-Wiki page title").Because(ProblemMetaPage)
	}
	checkURL(&v, "website", c.Website)
	if len(c.Contact) > 255 || strings.ContainsAny(c.Contact, "\n\r") {
		v.Add("contact", "must be one line of at most 255 bytes").Because(ProblemOneLineMax, 255)
	}
	if !c.LastActivity.IsZero() && (c.LastActivity.Year() < 2001 || c.LastActivity.After(time.Now().AddDate(0, 0, 1))) {
		v.Add("last_activity", "%s is not between 2001 and today", c.LastActivity.Format(time.DateOnly)).Because(ProblemDateRange, c.LastActivity.Format(time.DateOnly))
	}
	c.SkillsOffered = checkSkillCodes(&v, "skills_offered", c.SkillsOffered)
	c.SkillsWanted = checkSkillCodes(&v, "skills_wanted", c.SkillsWanted)
	return v.Err()
}

// Validate checks every field of i that needs no lookup and returns a
// ValidationErrors naming each problem, or nil.
func (i *Institution) Validate() error {
	var v ValidationErrors
	checkName(&v, i.Name)
	if !ValidInstitutionKind(string(i.Kind)) {
		v.Add("kind", "%q is not one of %s", i.Kind, joinKinds(InstitutionKinds)).Because(ProblemNotAllowed, i.Kind)
	}
	if i.CityID <= 0 {
		v.Add("city_id", "is required").Because(ProblemRequired)
	}
	if len(i.Region) > 200 {
		v.Add("region", "is longer than 200 bytes").Because(ProblemTooLong, 200)
	}
	if i.QID != "" && !ValidQID(i.QID) {
		v.Add("qid", "%q is not a Wikidata item id such as Q1726", i.QID).Because(ProblemQID, i.QID)
	}
	checkURL(&v, "website", i.Website)
	i.SkillsWanted = checkSkillCodes(&v, "skills_wanted", i.SkillsWanted)
	return v.Err()
}

// ValidSkillCode reports whether s has the form of a skill code: 2 to 40
// lower-case ASCII letters, digits and underscores, starting with a letter.
func ValidSkillCode(s string) bool {
	if len(s) < 2 || len(s) > 40 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

func checkName(v *ValidationErrors, name string) {
	switch {
	case strings.TrimSpace(name) == "":
		v.Add("name", "is empty").Because(ProblemRequired)
	case len(name) > 200:
		v.Add("name", "is longer than 200 bytes").Because(ProblemTooLong, 200)
	case strings.ContainsAny(name, "\n\r\t"):
		v.Add("name", "must be one line").Because(ProblemOneLine)
	}
}

func checkURL(v *ValidationErrors, field, s string) {
	if s == "" {
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(s) > 500 {
		v.Add(field, "%q is not an http(s) address", s).Because(ProblemURL, s)
	}
}

func checkLanguages(v *ValidationErrors, field string, codes []string) []string {
	out := make([]string, 0, len(codes))
	for i, l := range codes {
		l = strings.ToLower(strings.TrimSpace(l))
		if !ValidLanguage(l) {
			v.Add(fmt.Sprintf("%s[%d]", field, i), "%q is not a Wikimedia language code", codes[i]).Because(ProblemLanguage, codes[i])
			continue
		}
		out = append(out, l)
	}
	return dedupe(out)
}

func checkSkillCodes(v *ValidationErrors, field string, codes []string) []string {
	for i, s := range codes {
		if !ValidSkillCode(s) {
			v.Add(fmt.Sprintf("%s[%d]", field, i), "%q is not a skill code", s).Because(ProblemSkill, s)
		}
	}
	return dedupe(codes)
}

func joinKinds[K ~string](ks []K) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// dedupe returns s sorted without repeats, never nil.
func dedupe(s []string) []string {
	out := append([]string{}, s...)
	sort.Strings(out)
	j := 0
	for i, x := range out {
		if i > 0 && x == out[j-1] {
			continue
		}
		out[j] = x
		j++
	}
	return out[:j]
}
