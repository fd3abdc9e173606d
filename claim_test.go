package wikicities_test

import (
	"testing"

	"github.com/wikicities/wikicities"
)

// A group's page names its people in many ways; each counts as naming the
// account, comparing as MediaWiki does, and a mere mention of the name does
// not.
func TestMentionsUser(t *testing.T) {
	for _, c := range []struct {
		text, user string
		want       bool
	}{
		{"* [[User:Anna Example|Anna]]", "Anna Example", true},
		{"* [[user:anna_Example]]", "Anna Example", true},
		{"[[m:User:Anna Example]]", "Anna example", false}, // only the first letter is case-insensitive
		{"[[:m:User:Anna Example|x]]", "Anna Example", true},
		{"[[User talk:Anna Example]]", "Anna Example", true},
		{"[[Benutzer:Anna Example]]", "Anna Example", true},
		{"[[مستخدم:سارة]]", "سارة", true},
		{"{{user|Anna Example}}", "Anna Example", true},
		{"{{u|anna Example}}", "Anna Example", true},
		{"[[Special:Contributions/Anna_Example|edits]]", "Anna Example", true},
		{"[[User:Anna Example/Sandbox]]", "Anna Example", true},
		{"Anna Example organises the meetups", "Anna Example", false},
		{"[[User:Anna Examples]]", "Anna Example", false},
		{"[[User:Anna Example]]", "", false},
	} {
		if got := wikicities.MentionsUser(c.text, c.user); got != c.want {
			t.Errorf("MentionsUser(%q, %q) = %v, want %v", c.text, c.user, got, c.want)
		}
	}
}

// Only a coordinator of the group by explicit grant, or an admin, decides a
// claim; never the claimant, a read-only token or another group's coordinator.
func TestCanDecideClaim(t *testing.T) {
	group := wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: 7}
	claim := &wikicities.Claim{UserID: 3, Party: wikicities.Party{Kind: group.Kind, ID: group.ID}}
	for _, c := range []struct {
		name string
		a    *wikicities.Actor
		want bool
	}{
		{"a coordinator", &wikicities.Actor{UserID: 1, Role: "member", Coordinates: []wikicities.PartyRef{group}}, true},
		{"an admin", &wikicities.Actor{UserID: 2, Role: "admin"}, true},
		{"the claimant", &wikicities.Actor{UserID: 3, Role: "member", Coordinates: []wikicities.PartyRef{group}}, false},
		{"another group's coordinator", &wikicities.Actor{UserID: 4, Role: "member", Coordinates: []wikicities.PartyRef{{Kind: "community", ID: 8}}}, false},
		{"a read-only token", &wikicities.Actor{UserID: 1, Role: "member", Scope: "read", Coordinates: []wikicities.PartyRef{group}}, false},
		{"anonymous", &wikicities.Actor{}, false},
	} {
		if got := wikicities.CanDecideClaim(c.a, claim); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
