package wikicities

import "time"

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
