package wikicities

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Campaigns run across countries (Wiki Loves Monuments, Wiki Loves Earth,
// Wiki Loves Ramadan): a Campaign has yearly Editions, each with an
// international team (accounts) and national or regional editions
// (NationalEdition) run by communities with their partners. Two twinned
// communities may run their part of an edition together (TwinEdition), with
// a shared goal and worklist.
//
// Who may do what (CanManageCampaign, CanManageEdition):
//   - any signed-in account may create a campaign and becomes its owner;
//   - the owner (or an admin) edits the campaign and adds editions;
//   - the edition's international team (or the campaign's owner, or an
//     admin) edits the edition;
//   - a coordinator of a community signs it up for an edition (a national
//     edition) and names its partners;
//   - a coordinator of either community of a twin pair creates their twin
//     edition; both must take part in the edition already.

// Campaign is a campaign that runs every year or so across countries.
type Campaign struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Wikidata    string    `json:"wikidata,omitempty"` // its Wikidata item, when there is one
	Description string    `json:"description,omitempty"`
	MetaPage    string    `json:"meta_page,omitempty"` // its page on Meta-Wiki
	OwnerID     int64     `json:"owner_id"`
	OwnerName   string    `json:"owner,omitempty"` // filled in on reads
	Version     int64     `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
}

// Validate checks the campaign's fields. Returns ValidationErrors.
func (c *Campaign) Validate() error {
	var v ValidationErrors
	checkName(&v, c.Name)
	if c.Wikidata != "" && !ValidQID(c.Wikidata) {
		v.Add("wikidata", "%q is not a Wikidata item id such as Q1726", c.Wikidata).Because(ProblemQID, c.Wikidata)
	}
	if len(c.Description) > 5000 {
		v.Add("description", "is longer than 5000 bytes").Because(ProblemTooLong, 5000)
	}
	checkMetaPage(&v, "meta_page", c.MetaPage)
	return sortFields(v).Err()
}

func checkMetaPage(v *ValidationErrors, field, title string) {
	if len(title) > 255 || strings.ContainsAny(title, "<>[]{}|#\n\r") {
		v.Add(field, "is not a valid Meta-Wiki page title").Because(ProblemMetaPage)
	}
}

// Edition is one year of a campaign.
type Edition struct {
	ID           int64     `json:"id"`
	CampaignID   int64     `json:"campaign_id"`
	CampaignName string    `json:"campaign,omitempty"` // filled in on reads
	Year         int       `json:"year"`
	Start        time.Time `json:"start"` // a date (UTC midnight)
	End          time.Time `json:"end"`   // a date, the last day
	// Links: the Commons upload campaign, the Programs & Events Dashboard
	// campaign and the edition's page on Meta-Wiki.
	CommonsCampaign   string `json:"commons_campaign,omitempty"`
	DashboardCampaign string `json:"dashboard_campaign,omitempty"`
	MetaPage          string `json:"meta_page,omitempty"`
	// Team is the international team: the accounts that run the edition.
	Team      []TeamMember `json:"team"`
	Version   int64        `json:"version"`
	CreatedAt time.Time    `json:"created_at"`
}

// TeamMember is an account on an edition's international team.
type TeamMember struct {
	UserID   int64  `json:"user_id"`
	Username string `json:"username,omitempty"`
}

// HasMember reports whether the account is on the edition's team.
func (e *Edition) HasMember(userID int64) bool {
	return userID != 0 && slices.ContainsFunc(e.Team, func(m TeamMember) bool { return m.UserID == userID })
}

// Validate checks the edition's fields. Returns ValidationErrors.
func (e *Edition) Validate() error {
	var v ValidationErrors
	if e.Year < 2001 || e.Year > 2100 {
		v.Add("year", "must be from 2001 to 2100, not %d", e.Year).Because(ProblemNumberRange, 2001, 2100)
	}
	if e.Start.IsZero() {
		v.Add("start", "is missing").Because(ProblemRequired)
	}
	if e.End.IsZero() {
		v.Add("end", "is missing").Because(ProblemRequired)
	} else if e.End.Before(e.Start) {
		v.Add("end", "is before start").Because(ProblemBeforeStart)
	}
	CheckDate(&v, "start", e.Start)
	CheckDate(&v, "end", e.End)
	checkURL(&v, "commons_campaign", e.CommonsCampaign)
	checkURL(&v, "dashboard_campaign", e.DashboardCampaign)
	checkMetaPage(&v, "meta_page", e.MetaPage)
	if len(e.Team) > 50 {
		v.Add("team", "has more than 50 members").Because(ProblemTooMany, 50)
	}
	return sortFields(v).Err()
}

// NationalEdition is a community's part in an edition: its country or
// region, its partners and its own upload campaign.
type NationalEdition struct {
	ID        int64  `json:"id"`
	EditionID int64  `json:"edition_id"`
	Community Party  `json:"community"`
	Country   string `json:"country"`          // ISO 3166-1 alpha-2, from the community's city when left empty
	Region    string `json:"region,omitempty"` // a region within the country, for a regional edition
	// Partners are the institutions and communities it runs the edition with.
	Partners       []Party   `json:"partners"`
	UploadCampaign string    `json:"upload_campaign,omitempty"` // its own Commons upload campaign
	CreatedAt      time.Time `json:"created_at"`
}

// Validate checks the national edition's fields. Returns ValidationErrors.
func (n *NationalEdition) Validate() error {
	var v ValidationErrors
	if n.Community.Kind != PartyCommunity || n.Community.ID <= 0 {
		v.Add("community", "must be a community").Because(ProblemRequired)
	}
	if n.Country != "" && !validCountryCode(n.Country) {
		v.Add("country", "%q is not a two-letter country code", n.Country).Because(ProblemNotAllowed, n.Country)
	}
	if len(n.Region) > 200 || strings.ContainsAny(n.Region, "\n\r") {
		v.Add("region", "must be one line of at most 200 bytes").Because(ProblemOneLineMax, 200)
	}
	if len(n.Partners) > 50 {
		v.Add("partners", "has more than 50 partners").Because(ProblemTooMany, 50)
	}
	for i, p := range n.Partners {
		if (p.Kind != PartyCommunity && p.Kind != PartyInstitution) || p.ID <= 0 {
			v.Add(fmt.Sprintf("partners[%d]", i), "must be a community or an institution").Because(ProblemNotAllowed, string(p.Kind))
		} else if p.Ref() == n.Community.Ref() {
			v.Add(fmt.Sprintf("partners[%d]", i), "is the community itself").Because(ProblemSelfPartner)
		}
	}
	checkURL(&v, "upload_campaign", n.UploadCampaign)
	return sortFields(v).Err()
}

func validCountryCode(s string) bool {
	return len(s) == 2 && 'A' <= s[0] && s[0] <= 'Z' && 'A' <= s[1] && s[1] <= 'Z'
}

// TwinEdition is an edition that two communities of twinned cities run
// together, with a shared goal and worklist; it shows on both cities' pages.
type TwinEdition struct {
	ID        int64     `json:"id"`
	EditionID int64     `json:"edition_id"`
	A         Party     `json:"a"`
	B         Party     `json:"b"`
	Goal      string    `json:"goal"`
	Worklist  []string  `json:"worklist"` // items: article titles, monuments, topics
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate checks the twin edition's fields. Returns ValidationErrors.
func (t *TwinEdition) Validate() error {
	var v ValidationErrors
	for field, p := range map[string]Party{"a": t.A, "b": t.B} {
		if p.Kind != PartyCommunity || p.ID <= 0 {
			v.Add(field, "must be a community").Because(ProblemRequired)
		}
	}
	if t.A.ID == t.B.ID && t.A.ID > 0 {
		v.Add("b", "is the same community as a").Because(ProblemSelfPartner)
	}
	if strings.TrimSpace(t.Goal) == "" {
		v.Add("goal", "is empty").Because(ProblemRequired)
	} else if len(t.Goal) > 2000 {
		v.Add("goal", "is longer than 2000 bytes").Because(ProblemTooLong, 2000)
	}
	if len(t.Worklist) > 500 {
		v.Add("worklist", "has more than 500 items").Because(ProblemTooMany, 500)
	}
	for i, w := range t.Worklist {
		if strings.TrimSpace(w) == "" || len(w) > 300 || strings.ContainsAny(w, "\n\r") {
			v.Add(fmt.Sprintf("worklist[%d]", i), "must be one line of 1 to 300 bytes").Because(ProblemLength, 1, 300)
		}
	}
	return sortFields(v).Err()
}

// CanManageCampaign returns nil if a may edit c and add editions to it:
// its owner or an admin. Returns ErrUnauthorized or ErrForbidden.
func CanManageCampaign(a *Actor, c *Campaign) error {
	if err := a.RequireWrite(); err != nil {
		return err
	}
	if a.IsAdmin() || a.UserID == c.OwnerID {
		return nil
	}
	return fmt.Errorf("%w: only the campaign's owner may do this", ErrForbidden)
}

// CanManageEdition returns nil if a may edit e: a member of its
// international team, the campaign's owner or an admin. Returns
// ErrUnauthorized or ErrForbidden.
func CanManageEdition(a *Actor, c *Campaign, e *Edition) error {
	if err := a.RequireWrite(); err != nil {
		return err
	}
	if a.IsAdmin() || a.UserID == c.OwnerID || e.HasMember(a.UserID) {
		return nil
	}
	return fmt.Errorf("%w: only the edition's international team may do this", ErrForbidden)
}

// CampaignTotals are a campaign's (or an edition's) figures, each thing
// counted once however many editions or national editions name it.
type CampaignTotals struct {
	Countries []string `json:"countries"` // sorted country codes
	Groups    int      `json:"groups"`    // distinct communities taking part
	Partners  int      `json:"partners"`  // distinct partners that are not themselves taking part
	TwinPairs int      `json:"twin_pairs"`
}

// CampaignTotalsOf counts the participation of national editions ns and twin
// editions ts without double counting: a community in several editions is
// one group; a partner named by several groups is one partner, and a
// partner that takes part itself counts as a group only; a twin pair is
// one pair whichever side created it and in however many editions.
func CampaignTotalsOf(ns []*NationalEdition, ts []*TwinEdition) CampaignTotals {
	countries := map[string]bool{}
	groups := map[PartyRef]bool{}
	partners := map[PartyRef]bool{}
	for _, n := range ns {
		if n.Country != "" {
			countries[n.Country] = true
		}
		groups[n.Community.Ref()] = true
	}
	for _, n := range ns {
		for _, p := range n.Partners {
			if !groups[p.Ref()] {
				partners[p.Ref()] = true
			}
		}
	}
	pairs := map[[2]int64]bool{}
	for _, t := range ts {
		a, b := t.A.ID, t.B.ID
		if a > b {
			a, b = b, a
		}
		pairs[[2]int64{a, b}] = true
	}
	tot := CampaignTotals{Countries: []string{}, Groups: len(groups), Partners: len(partners), TwinPairs: len(pairs)}
	for c := range countries {
		tot.Countries = append(tot.Countries, c)
	}
	slices.Sort(tot.Countries)
	return tot
}
