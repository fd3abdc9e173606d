package wikicities_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
)

func community(id int64) wikicities.Party {
	return wikicities.Party{Kind: wikicities.PartyCommunity, ID: id}
}

func institution(id int64) wikicities.Party {
	return wikicities.Party{Kind: wikicities.PartyInstitution, ID: id}
}

// Totals count each country, group, partner and twin pair once: across
// editions, whichever group names a partner, whichever side made the pair.
func TestTotalsDoNotDoubleCount(t *testing.T) {
	ns := []*wikicities.NationalEdition{
		{EditionID: 1, Community: community(1), Country: "DE", Partners: []wikicities.Party{institution(7), community(2)}},
		{EditionID: 2, Community: community(1), Country: "DE", Partners: []wikicities.Party{institution(7)}}, // next year
		{EditionID: 1, Community: community(2), Country: "FR", Partners: []wikicities.Party{institution(7), institution(8)}},
		{EditionID: 1, Community: community(3), Country: "DE", Region: "Bavaria"},
	}
	ts := []*wikicities.TwinEdition{
		{EditionID: 1, A: community(1), B: community(2)},
		{EditionID: 2, A: community(2), B: community(1)},
	}
	got := wikicities.CampaignTotalsOf(ns, ts)
	if !slices.Equal(got.Countries, []string{"DE", "FR"}) || got.Groups != 3 || got.Partners != 2 || got.TwinPairs != 1 {
		t.Fatalf("got %+v, want countries DE FR, 3 groups, 2 partners (community 2 takes part itself), 1 twin pair", got)
	}
	if z := wikicities.CampaignTotalsOf(nil, nil); z.Groups != 0 || z.Countries == nil {
		t.Errorf("empty totals: %+v", z)
	}
}

func TestCampaignAndEditionManagers(t *testing.T) {
	c := &wikicities.Campaign{ID: 1, OwnerID: 10}
	e := &wikicities.Edition{CampaignID: 1, Team: []wikicities.TeamMember{{UserID: 11}}}
	cases := []struct {
		name         string
		a            *wikicities.Actor
		campaign, ed error
	}{
		{"owner", &wikicities.Actor{UserID: 10}, nil, nil},
		{"team member", &wikicities.Actor{UserID: 11}, forb, nil},
		{"member", &wikicities.Actor{UserID: 12}, forb, forb},
		{"admin", &wikicities.Actor{UserID: 13, Role: wikicities.RoleAdmin}, nil, nil},
		{"anonymous", &wikicities.Actor{}, unauth, unauth},
		{"owner with read token", &wikicities.Actor{UserID: 10, Scope: "read"}, forb, forb},
	}
	for _, tc := range cases {
		if err := wikicities.CanManageCampaign(tc.a, c); !errors.Is(err, tc.campaign) {
			t.Errorf("%s manages the campaign: %v, want %v", tc.name, err, tc.campaign)
		}
		if err := wikicities.CanManageEdition(tc.a, c, e); !errors.Is(err, tc.ed) {
			t.Errorf("%s manages the edition: %v, want %v", tc.name, err, tc.ed)
		}
	}
}

func TestCampaignRecordsValidate(t *testing.T) {
	d := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	checks := []struct {
		field string
		err   error
	}{
		{"wikidata", (&wikicities.Campaign{Name: "Wiki Loves Monuments", Wikidata: "Monuments"}).Validate()},
		{"name", (&wikicities.Campaign{}).Validate()},
		{"meta_page", (&wikicities.Campaign{Name: "WLM", MetaPage: "[[x]]"}).Validate()},
		{"year", (&wikicities.Edition{Year: 1999, Start: d, End: d}).Validate()},
		{"end", (&wikicities.Edition{Year: 2026, Start: d, End: d.Add(-24 * time.Hour)}).Validate()},
		{"commons_campaign", (&wikicities.Edition{Year: 2026, Start: d, End: d, CommonsCampaign: "javascript:x"}).Validate()},
		{"country", (&wikicities.NationalEdition{Community: community(1), Country: "Germany"}).Validate()},
		{"partners[0]", (&wikicities.NationalEdition{Community: community(1), Partners: []wikicities.Party{community(1)}}).Validate()},
		{"b", (&wikicities.TwinEdition{A: community(1), B: community(1), Goal: "x"}).Validate()},
		{"goal", (&wikicities.TwinEdition{A: community(1), B: community(2)}).Validate()},
		{"worklist[1]", (&wikicities.TwinEdition{A: community(1), B: community(2), Goal: "x", Worklist: []string{"ok", ""}}).Validate()},
	}
	for _, c := range checks {
		var v wikicities.ValidationErrors
		if !errors.As(c.err, &v) || v[0].Field != c.field {
			t.Errorf("%s: got %v", c.field, c.err)
		}
	}
	if err := (&wikicities.Campaign{Name: "Wiki Loves Monuments", Wikidata: "Q1191622"}).Validate(); err != nil {
		t.Error(err)
	}
	if err := (&wikicities.Edition{Year: 2026, Start: d, End: d.Add(30 * 24 * time.Hour), CommonsCampaign: "https://commons.wikimedia.org/wiki/Commons:WLM"}).Validate(); err != nil {
		t.Error(err)
	}
}
