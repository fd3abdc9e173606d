package wikicities_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
)

func TestValidLanguage(t *testing.T) {
	if n := wikicities.LanguageCodes(); n < 300 {
		t.Errorf("only %d language codes are known", n)
	}
	for code, want := range map[string]bool{
		"de": true, "en": true, "zh-hans": true, "zh-Hans": true, "be-tarask": true, "simple": true, "sr-el": true,
		"nds-nl": true, "mul": true, "yue": true, "": false, "xx": false, "english": false, "de-": false,
	} {
		if got := wikicities.ValidLanguage(code); got != want {
			t.Errorf("ValidLanguage(%q) = %v, want %v", code, got, want)
		}
	}
}

func TestCommunityValidateNamesEachField(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(c *wikicities.Community)
		field string
	}{
		{"empty name", func(c *wikicities.Community) { c.Name = "  " }, "name"},
		{"two-line name", func(c *wikicities.Community) { c.Name = "a\nb" }, "name"},
		{"unknown kind", func(c *wikicities.Community) { c.Kind = "club" }, "kind"},
		{"no city", func(c *wikicities.Community) { c.CityID = 0 }, "city_id"},
		{"bad language", func(c *wikicities.Community) { c.Languages = []string{"de", "deutsch"} }, "languages[1]"},
		{"bad project", func(c *wikicities.Community) { c.Projects = []string{"facebook"} }, "projects[0]"},
		{"bad website", func(c *wikicities.Community) { c.Website = "ftp://x" }, "website"},
		{"bad status", func(c *wikicities.Community) { c.Status = "asleep" }, "status"},
		{"future activity", func(c *wikicities.Community) { c.LastActivity = time.Now().AddDate(1, 0, 0) }, "last_activity"},
		{"bad skill code", func(c *wikicities.Community) { c.SkillsWanted = []string{"Photo Graphy"} }, "skills_wanted[0]"},
		{"meta page with a link", func(c *wikicities.Community) { c.MetaPage = "[[x]]" }, "meta_page"},
	}
	for _, tt := range tests {
		c := &wikicities.Community{Kind: wikicities.KindChapter, Name: "Wikimedia Deutschland", CityID: 1, Languages: []string{"de"}}
		if err := c.Validate(); err != nil {
			t.Fatalf("valid community: %v", err)
		}
		tt.edit(c)
		err := c.Validate()
		var ve wikicities.ValidationErrors
		if !errors.As(err, &ve) || !errors.Is(err, wikicities.ErrInvalid) || len(ve) != 1 || ve[0].Field != tt.field {
			t.Errorf("%s: %v, want one problem with %s", tt.name, err, tt.field)
		}
	}
}

func TestCommunityValidateNormalises(t *testing.T) {
	c := &wikicities.Community{Kind: wikicities.KindWikiClub, Name: "Club", CityID: 1,
		Languages: []string{"EN", "en", "zh-Hans"}, Projects: []string{"wikipedia", "commons", "wikipedia"}}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.Languages, ",") != "en,zh-hans" || strings.Join(c.Projects, ",") != "commons,wikipedia" || c.Status != wikicities.StatusActive {
		t.Errorf("normalised to %v %v %q", c.Languages, c.Projects, c.Status)
	}
}

func TestPartnerRequestValidate(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r := &wikicities.PartnerRequest{Party: wikicities.PartyRef{Kind: "person", ID: 0}, Title: "", PartnerKinds: []string{"museum", "pub"},
		Languages: []string{"xx"}, Expires: now.AddDate(3, 0, 0)}
	var ve wikicities.ValidationErrors
	if !errors.As(r.Validate(now), &ve) {
		t.Fatal("no validation errors")
	}
	got := map[string]bool{}
	for _, f := range ve {
		got[f.Field] = true
	}
	for _, f := range []string{"party.kind", "party.id", "title", "partner_kinds[1]", "languages[0]", "expires"} {
		if !got[f] {
			t.Errorf("no problem reported with %s: %v", f, ve)
		}
	}
}

func TestPartyPairKeyIgnoresOrder(t *testing.T) {
	a := wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: 9}
	b := wikicities.PartyRef{Kind: wikicities.PartyInstitution, ID: 2}
	if (wikicities.PartyPair{A: a, B: b}).Key() != (wikicities.PartyPair{A: b, B: a}).Key() {
		t.Error("keys differ by order")
	}
}
