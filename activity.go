package wikicities

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// ActivityKind is what the parties did together.
type ActivityKind string

// Activity kinds.
const (
	ActivityVisit         ActivityKind = "visit"
	ActivityExchange      ActivityKind = "exchange"
	ActivityEditathon     ActivityKind = "editathon"
	ActivityWorkshop      ActivityKind = "workshop"
	ActivityContest       ActivityKind = "contest"
	ActivityPhotoWalk     ActivityKind = "photo_walk"
	ActivityOnlineMeeting ActivityKind = "online_meeting"
)

// ActivityKinds lists the valid kinds, in display order.
var ActivityKinds = []ActivityKind{ActivityVisit, ActivityExchange, ActivityEditathon, ActivityWorkshop, ActivityContest, ActivityPhotoWalk, ActivityOnlineMeeting}

// Outcomes is what an activity produced.
type Outcomes struct {
	ArticlesCreated  int      `json:"articles_created"`
	ArticlesImproved int      `json:"articles_improved"`
	MediaUploaded    int      `json:"media_uploaded"`
	WikidataItems    int      `json:"wikidata_items"`
	Links            []string `json:"links"` // http(s) URLs: event page, category, dashboard
}

// Activity is something the parties of a partnership did (or plan to do)
// together.
type Activity struct {
	ID            int64        `json:"id"`
	PartnershipID int64        `json:"partnership_id"`
	Kind          ActivityKind `json:"kind"`
	Title         string       `json:"title"`
	Start         time.Time    `json:"start"`
	End           time.Time    `json:"end,omitzero"`
	Place         string       `json:"place"` // a place name, or "online"
	// OrganizersA and OrganizersB are the organisers from each side
	// (usernames or names).
	OrganizersA  []string  `json:"organizers_a"`
	OrganizersB  []string  `json:"organizers_b"`
	Participants int       `json:"participants"`
	Outcomes     Outcomes  `json:"outcomes"`
	Notes        string    `json:"notes"`
	CreatedBy    int64     `json:"created_by"`
	Version      int64     `json:"version"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Validate checks an activity's fields.
func (a *Activity) Validate() error {
	var v ValidationErrors
	if !slices.Contains(ActivityKinds, a.Kind) {
		v.Add("kind", "must be one of visit, exchange, editathon, workshop, contest, photo_walk, online_meeting, not %q", a.Kind).Because(ProblemNotAllowed, a.Kind)
	}
	if strings.TrimSpace(a.Title) == "" {
		v.Add("title", "is empty").Because(ProblemRequired)
	} else if len(a.Title) > 300 {
		v.Add("title", "is longer than 300 bytes").Because(ProblemTooLong, 300)
	}
	if a.Start.IsZero() {
		v.Add("start", "is missing").Because(ProblemRequired)
	}
	if !a.End.IsZero() && a.End.Before(a.Start) {
		v.Add("end", "is before start").Because(ProblemBeforeStart)
	}
	if len(a.Place) > 300 {
		v.Add("place", "is longer than 300 bytes").Because(ProblemTooLong, 300)
	}
	for side, names := range map[string][]string{"organizers_a": a.OrganizersA, "organizers_b": a.OrganizersB} {
		if len(names) > 100 {
			v.Add(side, "has more than 100 names").Because(ProblemTooMany, 100)
		}
		for i, n := range names {
			if strings.TrimSpace(n) == "" || len(n) > 200 {
				v.Add(fmt.Sprintf("%s[%d]", side, i), "must be a name of 1 to 200 bytes").Because(ProblemLength, 1, 200)
			}
		}
	}
	for name, n := range map[string]int{
		"participants": a.Participants, "outcomes.articles_created": a.Outcomes.ArticlesCreated,
		"outcomes.articles_improved": a.Outcomes.ArticlesImproved, "outcomes.media_uploaded": a.Outcomes.MediaUploaded,
		"outcomes.wikidata_items": a.Outcomes.WikidataItems,
	} {
		if n < 0 || n > 10_000_000 {
			v.Add(name, "must be from 0 to 10000000, not %d", n).Because(ProblemNumberRange, 0, 10000000)
		}
	}
	if len(a.Outcomes.Links) > 100 {
		v.Add("outcomes.links", "has more than 100 links").Because(ProblemTooMany, 100)
	}
	for i, l := range a.Outcomes.Links {
		if !(strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")) || len(l) > 2000 || strings.ContainsAny(l, " \t\r\n") {
			v.Add(fmt.Sprintf("outcomes.links[%d]", i), "%q is not an http(s) URL", l).Because(ProblemURL, l)
		}
	}
	if len(a.Notes) > 10000 {
		v.Add("notes", "is longer than 10000 bytes").Because(ProblemTooLong, 10000)
	}
	v = sortFields(v)
	return v.Err()
}

func sortFields(v ValidationErrors) ValidationErrors {
	slices.SortStableFunc(v, func(a, b *FieldError) int { return strings.Compare(a.Field, b.Field) })
	return v
}

// Totals sums activities and their outcomes.
type Totals struct {
	Activities       int `json:"activities"`
	Participants     int `json:"participants"`
	ArticlesCreated  int `json:"articles_created"`
	ArticlesImproved int `json:"articles_improved"`
	MediaUploaded    int `json:"media_uploaded"`
	WikidataItems    int `json:"wikidata_items"`
	Links            int `json:"links"`
}

// Add counts a in t.
func (t *Totals) Add(a *Activity) {
	t.Activities++
	t.Participants += a.Participants
	t.ArticlesCreated += a.Outcomes.ArticlesCreated
	t.ArticlesImproved += a.Outcomes.ArticlesImproved
	t.MediaUploaded += a.Outcomes.MediaUploaded
	t.WikidataItems += a.Outcomes.WikidataItems
	t.Links += len(a.Outcomes.Links)
}

// TotalsRow is the totals of one group: a partnership, a community, or a
// year (the other keys are zero), or a combination.
type TotalsRow struct {
	PartnershipID int64 `json:"partnership_id,omitempty"`
	CommunityID   int64 `json:"community_id,omitempty"`
	Year          int   `json:"year,omitempty"`
	Totals
}

// TotalsBy names how totals are grouped.
type TotalsBy string

// Groupings of totals.
const (
	ByPartnership TotalsBy = "partnership"
	ByCommunity   TotalsBy = "community"
	ByYear        TotalsBy = "year"
)

// ActivityFilter narrows a listing of activities.
type ActivityFilter struct {
	PartnershipID int64
	Community     int64     // activities of partnerships this community is a party to
	From, To      time.Time // Start in [From, To); zero means unbounded
	Limit         int
}
