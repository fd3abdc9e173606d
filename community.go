package wikicities

import (
	"context"
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
	ID            int64         `json:"id"`
	Kind          CommunityKind `json:"kind"`
	Name          string        `json:"name"`
	CityID        int64         `json:"city_id"`
	Languages     []string      `json:"languages"` // Wikimedia language codes: "de", "en", "ar", "zh-hans"
	Projects      []string      `json:"projects"`  // "wikipedia", "commons", "wikidata", ...
	MetaPage      string        `json:"meta_page"` // title on Meta-Wiki
	Website       string        `json:"website"`   // http(s) URL
	Contact       string        `json:"contact"`   // email or wiki user page
	Status        Status        `json:"status"`
	LastActivity  time.Time     `json:"last_activity,omitzero"`
	SkillsOffered []string      `json:"skills_offered"` // skill codes from the vocabulary
	SkillsWanted  []string      `json:"skills_wanted"`
	Version       int64         `json:"version"`
	CreatedAt     time.Time     `json:"created_at"`
	UpdatedAt     time.Time     `json:"updated_at"`
	Archived      bool          `json:"archived"`
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
	Limit    int
	Offset   int
}

// CommunityService stores communities.
type CommunityService interface {
	// Community returns the community with id. Returns ErrNotFound.
	Community(ctx context.Context, id int64) (*Community, error)
	// Communities lists communities matching f and the total count.
	Communities(ctx context.Context, f DirectoryFilter) ([]*Community, int, error)
	// CreateCommunity validates and adds c, setting ID and Version. Returns
	// ErrInvalid (a ValidationErrors naming each field).
	CreateCommunity(ctx context.Context, c *Community) error
	// UpdateCommunity writes c if c.Version is current. Returns ErrConflict
	// for a stale version, ErrNotFound, ErrInvalid.
	UpdateCommunity(ctx context.Context, c *Community) error
	// DeleteCommunity removes a community. Returns ErrConflict if it is a
	// party to a partnership (archive it instead).
	DeleteCommunity(ctx context.Context, id int64) error
}

// InstitutionService stores institutions; errors as CommunityService.
type InstitutionService interface {
	Institution(ctx context.Context, id int64) (*Institution, error)
	Institutions(ctx context.Context, f DirectoryFilter) ([]*Institution, int, error)
	CreateInstitution(ctx context.Context, i *Institution) error
	UpdateInstitution(ctx context.Context, i *Institution) error
	DeleteInstitution(ctx context.Context, id int64) error
}
