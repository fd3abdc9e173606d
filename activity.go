package wikicities

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

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

// ActivityHorizon is how far ahead an activity may be planned.
const ActivityHorizon = 2 * 365 * 24 * time.Hour

// Validate checks an activity's fields, with its dates against the clock.
func (a *Activity) Validate() error { return a.ValidateAt(time.Now()) }

// ValidateAt checks an activity's fields; its start and end may lie at most
// ActivityHorizon after now. Returns ValidationErrors.
func (a *Activity) ValidateAt(now time.Time) error {
	var v ValidationErrors
	if !slices.Contains(ActivityKinds, a.Kind) {
		v.Add("kind", "must be one of visit, exchange, editathon, workshop, contest, photo_walk, online_meeting, not %q", a.Kind).Because(ProblemNotAllowed, a.Kind)
	}
	if strings.TrimSpace(a.Title) == "" {
		v.Add("title", "is empty").Because(ProblemRequired)
	} else if len(a.Title) > 300 {
		v.Add("title", "is longer than 300 bytes").Because(ProblemTooLong, 300)
	} else if strings.ContainsAny(a.Title, "\n\r") {
		v.Add("title", "must be one line").Because(ProblemOneLine)
	}
	if a.Start.IsZero() {
		v.Add("start", "is missing").Because(ProblemRequired)
	}
	for field, t := range map[string]time.Time{"start": a.Start, "end": a.End} {
		if t.After(now.Add(ActivityHorizon)) {
			d := t.UTC().Format(time.DateOnly)
			v.Add(field, "%s is more than two years ahead", d).Because(ProblemTooFarAhead, d)
		}
	}
	if !a.End.IsZero() && a.End.Before(a.Start) {
		v.Add("end", "is before start").Because(ProblemBeforeStart)
	}
	if a.Start.Year() < FirstYear {
		CheckDate(&v, "start", a.Start)
	}
	if a.End.Year() < FirstYear {
		CheckDate(&v, "end", a.End)
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
