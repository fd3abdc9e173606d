package wikicities

import (
	"context"
	"regexp"
	"time"
)

// A TrainingResource is one entry of the Knowledge Park library: a training
// module, toolkit, handbook or video, with its translations grouped as one
// resource (Languages lists every language it exists in).
type TrainingResource struct {
	ID         int64             `json:"id"`
	Source     string            `json:"source"`           // "dashboard:wiki_ed/modules/about-wikimedia-commons"; unique
	Title      string            `json:"title"`            // in the resource's first language
	Titles     map[string]string `json:"titles,omitempty"` // language -> translated title
	Link       string            `json:"link"`             // where to read or take it
	Languages  []string          `json:"languages"`        // sorted, first the original
	Skill      string            `json:"skill,omitempty"`  // a code of the shared skills vocabulary
	Topic      string            `json:"topic,omitempty"`  // the library category it is listed under
	Level      ResourceLevel     `json:"level,omitempty"`
	Format     ResourceFormat    `json:"format"`
	Licence    string            `json:"licence,omitempty"` // SPDX-like: "CC-BY-SA-4.0"
	Minutes    int               `json:"minutes,omitempty"` // estimated time to complete
	Maintainer string            `json:"maintainer,omitempty"`
	Quizzes    int               `json:"quizzes,omitempty"` // slides with an assessment
	Slides     int               `json:"slides,omitempty"`
	Outdated   bool              `json:"outdated,omitempty"` // the link checker found it gone
	CheckedAt  time.Time         `json:"checked_at,omitzero"`
	Uses       int               `json:"uses"` // times attached or taken
	// CreatedBy is the account that added the resource on the site; 0 for
	// an import. It may edit the resource, as admins may.
	CreatedBy int64 `json:"created_by,omitempty"`
	Version   int64 `json:"version"`
	// SlideTexts are a training module's slides, carried by an import and
	// kept by the library (TrainingService.Slides reads them back).
	SlideTexts []TrainingSlide `json:"-"`
}

// TrainingSlide is one slide of a training module with its translations.
type TrainingSlide struct {
	Title        string                      `json:"title"`
	Content      string                      `json:"content"` // Markdown, as the Dashboard writes it
	Quiz         *SlideQuiz                  `json:"quiz,omitempty"`
	Translations map[string]SlideTranslation `json:"translations,omitempty"`
}

// SlideTranslation is a slide in another language.
type SlideTranslation struct {
	Title   string     `json:"title"`
	Content string     `json:"content"`
	Quiz    *SlideQuiz `json:"quiz,omitempty"`
}

// SlideQuiz is a slide's question with its answers; Correct is the id of
// the right one.
type SlideQuiz struct {
	Question string       `json:"question"`
	Answers  []QuizAnswer `json:"answers"`
	Correct  int          `json:"correct"`
}

// QuizAnswer is one choice of a quiz and what it teaches.
type QuizAnswer struct {
	ID          int    `json:"id"`
	Text        string `json:"text"`
	Explanation string `json:"explanation,omitempty"`
}

// In returns the slide in language lang when it has a translation there
// (falling back to the original per part), and the language it is in.
func (s TrainingSlide) In(lang string) (TrainingSlide, bool) {
	t, ok := s.Translations[lang]
	if !ok {
		return s, false
	}
	out := s
	if t.Title != "" {
		out.Title = t.Title
	}
	if t.Content != "" {
		out.Content = t.Content
	}
	if t.Quiz != nil {
		out.Quiz = t.Quiz
	}
	return out, true
}

// TitleIn returns r's title in lang when it has one, else its own title,
// with the language of the title returned (its first language; "" when it
// names none).
func (r *TrainingResource) TitleIn(lang string) (title, titleLang string) {
	if t := r.Titles[lang]; t != "" {
		return t, lang
	}
	if len(r.Languages) > 0 {
		titleLang = r.Languages[0]
	}
	return r.Title, titleLang
}

// EditableBy reports whether a may edit r: whoever added it on the site,
// and admins.
func (r *TrainingResource) EditableBy(a *Actor) bool {
	return a.CanWrite() && (a.IsAdmin() || r.CreatedBy != 0 && r.CreatedBy == a.UserID)
}

// ResourceLevel is how much a learner should know before a resource.
type ResourceLevel string

// Resource levels.
const (
	LevelBeginner     ResourceLevel = "beginner"
	LevelIntermediate ResourceLevel = "intermediate"
	LevelAdvanced     ResourceLevel = "advanced"
)

// ResourceFormat is the kind of a resource.
type ResourceFormat string

// Resource formats.
const (
	FormatDashboardModule ResourceFormat = "dashboard_module"
	FormatToolkit         ResourceFormat = "toolkit"
	FormatHandbook        ResourceFormat = "handbook"
	FormatVideo           ResourceFormat = "video"
	FormatCourse          ResourceFormat = "course" // WikiLearn
	FormatFile            ResourceFormat = "file"
)

// CapacityState says how a person or group stands towards a capacity, as in
// CapX: they know it, they are available to share it, or they want it.
type CapacityState string

// Capacity states.
const (
	CapacityKnown     CapacityState = "known"
	CapacityAvailable CapacityState = "available"
	CapacityWanted    CapacityState = "wanted"
)

// A Capacity is one entry of the capacity vocabulary: a tree of at most
// three levels (Parent is "" at the top), compatible with CapX, each entry
// optionally tied to a Wikidata item.
type Capacity struct {
	Code   string            `json:"code"`             // "photography.cultural_heritage"
	Parent string            `json:"parent,omitempty"` // code of the parent, "" at level 1
	QID    string            `json:"qid,omitempty"`    // "Q11633"
	Labels map[string]string `json:"labels"`           // language -> label; "en" required
}

// MentorshipState is a step of a mentorship's lifecycle.
type MentorshipState string

// Mentorship states.
const (
	MentorshipRequested MentorshipState = "requested"
	MentorshipAccepted  MentorshipState = "accepted"
	MentorshipActive    MentorshipState = "active"
	MentorshipCompleted MentorshipState = "completed"
	MentorshipCancelled MentorshipState = "cancelled"
)

// HolderKind tells a person (an account) from a group (a community): both
// state capacities, and mentoring pairs holders of one kind.
type HolderKind string

// Holder kinds.
const (
	HolderPerson HolderKind = "person"
	HolderGroup  HolderKind = "group"
)

// Holder is a person or group holding capacities.
type Holder struct {
	Kind HolderKind `json:"kind"`
	ID   int64      `json:"id"` // account id or community id
}

// Valid reports whether h names a kind and an id.
func (h Holder) Valid() bool { return (h.Kind == HolderPerson || h.Kind == HolderGroup) && h.ID > 0 }

var capacityCode = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}(\.[a-z][a-z0-9_]{0,39}){0,2}$`)

// ValidCapacityCode reports whether code is a capacity code: one to three
// dot-separated lower-case words, the parent being the code without its
// last word.
func ValidCapacityCode(code string) bool { return capacityCode.MatchString(code) }

// HolderCapacities is what a holder knows, has available and wants, and
// their availability as a mentor.
type HolderCapacities struct {
	Holder      Holder    `json:"holder"`
	Known       []string  `json:"known"`
	Available   []string  `json:"available"`
	Wanted      []string  `json:"wanted"`
	AwayUntil   time.Time `json:"away_until,omitzero"`
	MenteeLimit int       `json:"mentee_limit"`
	// Version counts the saves of the holder's capacities (1 before the
	// first); a save names the version it was based on, or 0 to write
	// unconditionally (imports, the command line).
	Version int64 `json:"version,omitempty"`
}

// CapacityService keeps the capacity vocabulary and the capacities of
// people and groups. Writes check the actor in ctx: a person sets their own,
// a group's coordinators set the group's, admins extend the vocabulary.
type CapacityService interface {
	// Capacities lists the vocabulary in tree order.
	Capacities(ctx context.Context) ([]*Capacity, error)
	// AddCapacity adds an entry. Returns ErrInvalid, ErrConflict, ErrForbidden.
	AddCapacity(ctx context.Context, c *Capacity) error
	// HolderCapacities returns h's capacities (empty lists when none).
	HolderCapacities(ctx context.Context, h Holder) (*HolderCapacities, error)
	// SetHolderCapacities replaces h's capacities and availability if
	// hc.Version is current (or 0), and counts the version up. Returns
	// *StaleError, ErrInvalid for an unknown code, ErrNotFound, ErrForbidden.
	SetHolderCapacities(ctx context.Context, hc *HolderCapacities) error
	// AllHolderCapacities lists every holder with a capacity, for the matcher.
	AllHolderCapacities(ctx context.Context) ([]*HolderCapacities, error)
}

// Mentorship is one holder mentoring another of the same kind in one
// capacity for 1 to 6 months.
type Mentorship struct {
	ID             int64           `json:"id"`
	Kind           HolderKind      `json:"kind"`
	Mentor         int64           `json:"mentor"`
	Mentee         int64           `json:"mentee"`
	MentorName     string          `json:"mentor_name"`
	MenteeName     string          `json:"mentee_name"`
	Capacity       string          `json:"capacity"`
	State          MentorshipState `json:"state"`
	Months         int             `json:"months"`
	Goals          string          `json:"goals"`
	CreatedAt      time.Time       `json:"created_at"`
	StateChangedAt time.Time       `json:"state_changed_at"`
	EndsAt         time.Time       `json:"ends_at,omitzero"` // set when it becomes active
	CheckIns       []*CheckIn      `json:"check_ins"`
}

// CheckIn is a note logged during a mentorship.
type CheckIn struct {
	ID        int64     `json:"id"`
	Author    string    `json:"author"`
	Note      string    `json:"note"`
	CreatedAt time.Time `json:"created_at"`
	// ActivityID is the partnership activity the check-in counted as, when
	// the two groups are partners; 0 otherwise.
	ActivityID int64 `json:"activity_id,omitempty"`
}

// MentorshipService keeps mentorships. The mentee side requests; the
// lifecycle (mentoring.Next) says who may do what next.
type MentorshipService interface {
	// RequestMentorship records m as requested by the mentee side. Returns
	// ErrInvalid (unknown capacity, bad term, mentor not offering it, away
	// or full), ErrConflict (an open one exists), ErrForbidden.
	RequestMentorship(ctx context.Context, m *Mentorship) error
	// MentorshipAction applies action ("accept", "start", "complete",
	// "cancel") by the actor's side. Returns ErrConflict, ErrForbidden.
	MentorshipAction(ctx context.Context, id int64, action string) (*Mentorship, error)
	// Mentorship returns one with its check-ins. Returns ErrNotFound.
	Mentorship(ctx context.Context, id int64) (*Mentorship, error)
	// Mentorships lists h's, as mentor or mentee, newest first.
	Mentorships(ctx context.Context, h Holder) ([]*Mentorship, error)
	// AddCheckIn logs a note on an active mentorship by either side; for
	// groups in a partnership it also counts as an activity of it.
	AddCheckIn(ctx context.Context, id int64, note string) (*CheckIn, error)
	// SuggestMentors ranks mentors for h's wanted capacities (or for
	// capacity alone), explained. Returns ErrNotFound for an unknown holder.
	SuggestMentors(ctx context.Context, h Holder, capacity string, limit int) ([]*MentorSuggestion, error)
}

// MentorSuggestion is a possible mentor with the reasons for it; reasons
// are translated by code like partner suggestions'.
type MentorSuggestion struct {
	Mentor     Holder   `json:"mentor"`
	Name       string   `json:"name"`
	CityID     int64    `json:"city_id"`
	Capacities []string `json:"capacities"`
	Score      float64  `json:"score"`
	Reasons    []Reason `json:"reasons"`
}

// ResourceTargetKind is what a resource can be attached to.
type ResourceTargetKind string

// Resource targets.
const (
	TargetPartnership    ResourceTargetKind = "partnership"
	TargetResponsibility ResourceTargetKind = "responsibility"
	TargetEvent          ResourceTargetKind = "event"
	TargetCampaign       ResourceTargetKind = "campaign"
)

// ResourceTarget names a partnership, responsibility, event or campaign.
type ResourceTarget struct {
	Kind ResourceTargetKind `json:"kind"`
	ID   int64              `json:"id"`
}

// ResourceFilter narrows the library.
type ResourceFilter struct {
	Language string // resources available in this language
	Skill    string
	Query    string // words of the title or topic
}

// ResourceRecommendation is a resource with the reasons it is recommended.
type ResourceRecommendation struct {
	Resource *TrainingResource `json:"resource"`
	Score    float64           `json:"score"`
	Reasons  []Reason          `json:"reasons"`
}

// TrainingService keeps the Knowledge Park library.
type TrainingService interface {
	// ImportResources adds or updates (by Source) resources; admins only.
	// Returns the numbers created and updated; ErrInvalid, ErrForbidden.
	ImportResources(ctx context.Context, rs []TrainingResource) (created, updated int, err error)
	// Resources lists the library by topic then title.
	Resources(ctx context.Context, f ResourceFilter) ([]*TrainingResource, error)
	// Resource returns one. Returns ErrNotFound.
	Resource(ctx context.Context, id int64) (*TrainingResource, error)
	// AttachResource attaches resource id to t and counts a use. The actor
	// must coordinate a party of the partnership (or of the responsibility's
	// partnership), an organiser of the event, or own the campaign.
	// Returns ErrNotFound, ErrConflict when attached already, ErrForbidden.
	AttachResource(ctx context.Context, id int64, t ResourceTarget) error
	// DetachResource undoes AttachResource: it removes resource id from t
	// and takes back the use it counted, for those who may attach to t.
	// Returns ErrNotFound (also when id is not attached to t), ErrInvalid,
	// ErrUnauthorized, ErrForbidden.
	DetachResource(ctx context.Context, id int64, t ResourceTarget) error
	// AttachedResources lists the resources attached to t.
	AttachedResources(ctx context.Context, t ResourceTarget) ([]*TrainingResource, error)
	// RecommendResources recommends resources to community id, from the
	// skills it wants and the open responsibilities of its partnerships.
	RecommendResources(ctx context.Context, communityID int64, limit int) ([]*ResourceRecommendation, error)
	// SetLinkStatus records a link check (the system's scheduled job).
	SetLinkStatus(ctx context.Context, id int64, outdated bool, at time.Time) error
	// AddResource adds r, for any signed-in account, which may then edit it;
	// sets its ID, Source and Version. Returns ErrInvalid, ErrUnauthorized.
	AddResource(ctx context.Context, r *TrainingResource) error
	// UpdateResource replaces r's description if r.Version is current, for
	// whoever added it and admins. Returns *StaleError, ErrInvalid,
	// ErrNotFound, ErrUnauthorized, ErrForbidden.
	UpdateResource(ctx context.Context, r *TrainingResource) error
	// Slides returns the slides of resource id, in order (none for a
	// resource that is not an imported training module). Returns ErrNotFound.
	Slides(ctx context.Context, id int64) ([]TrainingSlide, error)
	// ResourceUses lists where resource id is attached, newest first, with
	// the name of each target. Returns ErrNotFound.
	ResourceUses(ctx context.Context, id int64) ([]*ResourceUse, error)
}

// ResourceUse is a place a resource is attached to, named.
type ResourceUse struct {
	Target ResourceTarget `json:"target"`
	Name   string         `json:"name"`
	// PartnershipID is the partnership of a responsibility (or the
	// partnership itself), for a link to it.
	PartnershipID int64     `json:"partnership_id,omitempty"`
	At            time.Time `json:"at"`
}

// WikiClub is a community of kind wiki_club hosted by an institution.
type WikiClub struct {
	CommunityID     int64     `json:"community_id"`
	Name            string    `json:"name"`
	CityID          int64     `json:"city_id"`
	HostID          int64     `json:"host_id"` // the institution
	HostName        string    `json:"host_name"`
	HostAgreement   string    `json:"host_agreement"`   // what the host provides: room, time, supervision
	MeetingSchedule string    `json:"meeting_schedule"` // "Wednesdays 16:00"
	FirstMeeting    time.Time `json:"first_meeting,omitzero"`
	Members         int       `json:"members"`
	RegularEditors  int       `json:"regular_editors"`
	OutreachEvents  int       `json:"outreach_events"`
	ToolkitID       int64     `json:"toolkit_id,omitempty"` // a library resource the club starts with
	Languages       []string  `json:"languages,omitempty"`
	// Version counts the club record's updates; an update names the
	// version it was based on.
	Version int64 `json:"version"`
}

// WikiClubService keeps Wiki Clubs.
type WikiClubService interface {
	// StartClub creates the club's community (kind wiki_club, in the host's
	// city; the actor becomes its coordinator), marks the institution as a
	// host and attaches the toolkit. The actor must coordinate the host.
	// Returns ErrInvalid, ErrNotFound, ErrForbidden.
	StartClub(ctx context.Context, c *WikiClub) error
	// Club returns the club of community id. Returns ErrNotFound.
	Club(ctx context.Context, id int64) (*WikiClub, error)
	// UpdateClub changes the schedule, agreement and measures (coordinators)
	// if c.Version is current, and counts the version up. Returns
	// *StaleError, ErrInvalid, ErrNotFound, ErrUnauthorized, ErrForbidden.
	UpdateClub(ctx context.Context, c *WikiClub) error
	// SisterClubs lists clubs in the twin cities of club id's city that are
	// not its partners yet, by name.
	SisterClubs(ctx context.Context, id int64) ([]*WikiClub, error)
	// Clubs lists every club whose community is not archived, by name.
	Clubs(ctx context.Context) ([]*WikiClub, error)
}
