package mediawiki_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/mediawiki"
	"github.com/wikicities/wikicities/mediawiki/wikitest"
)

// put writes text to title as the client's account.
func put(t *testing.T, c *mediawiki.Client, title, text string) {
	t.Helper()
	base, err := c.Page(context.Background(), title)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Edit(context.Background(), mediawiki.Edit{Title: title, Text: text, Summary: "claim test", Base: base}); err != nil {
		t.Fatal(err)
	}
}

// A claim is confirmed on the real wiki when the group's page names the
// account and the account itself put the code on its subpage; each missing
// piece is named.
func TestClaimVerifierOnTheTestWiki(t *testing.T) {
	w := wikitest.Require(t)
	admin, editor := w.Client(t, false), w.Client(t, true)
	editorName := strings.SplitN(w.User2, "@", 2)[0]
	group := wikitest.Title(t, "WikiCities test/Wikimedians of Lyon")
	put(t, admin, group, "== Members ==\n* [[User:"+strings.ReplaceAll(editorName, " ", "_")+"|our coordinator]]\n* {{user|Someone Else}}\n")
	orphan := wikitest.Title(t, "WikiCities test/Nobody here")
	put(t, admin, orphan, "A group page that names nobody.")
	v := mediawiki.ClaimVerifier{Client: admin, Subpage: wikitest.Title(t, "WikiCities claim")}
	claim := &wikicities.Claim{Party: wikicities.Party{Name: "Wikimedians of Lyon"}, WikimediaUsername: editorName, Code: "wikicities-" + strings.ReplaceAll(wikitest.Title(t, ""), " ", "")}

	problem := func(err error) string {
		var ve *wikicities.VerificationError
		if errors.As(err, &ve) && errors.Is(err, wikicities.ErrInvalid) {
			return ve.Problem
		}
		return "error: " + err.Error()
	}
	ctx := context.Background()
	if _, err := v.Verify(ctx, claim, group, false); problem(err) != wikicities.VerifyCodeMissing {
		t.Errorf("before the code is placed: %v", err)
	}
	// Someone else placing the code proves nothing.
	put(t, admin, v.CodePage(editorName), "claim code: "+claim.Code)
	if _, err := v.Verify(ctx, claim, group, false); problem(err) != wikicities.VerifyCodeNotByOwn {
		t.Errorf("the code placed by another account: %v", err)
	}
	put(t, editor, v.CodePage(editorName), "I claim Wikimedians of Lyon on WikiCities: "+claim.Code)
	ev, err := v.Verify(ctx, claim, group, false)
	if err != nil {
		t.Fatal(err)
	}
	if ev.MetaPage != group || ev.MetaRevID == 0 || ev.UserPage != v.CodePage(editorName) || ev.UserRevID == 0 {
		t.Errorf("evidence %+v", ev)
	}
	if _, err := v.Verify(ctx, claim, orphan, false); problem(err) != wikicities.VerifyNotNamed {
		t.Errorf("a page that does not name the claimant: %v", err)
	}
	if _, err := v.Verify(ctx, claim, wikitest.Title(t, "WikiCities test/No such page"), true); problem(err) != wikicities.VerifyMetaMissing {
		t.Errorf("a missing page: %v", err)
	}
	if _, err := v.Verify(ctx, claim, "", true); problem(err) != wikicities.VerifyNoMetaPage {
		t.Errorf("no page on record: %v", err)
	}
	// Signed in with Wikimedia: the account is proven, the page is enough.
	signed := &wikicities.Claim{WikimediaUsername: "Someone Else"}
	if ev, err := v.Verify(ctx, signed, group, true); err != nil || ev.UserPage != "" {
		t.Errorf("a Wikimedia sign-in named on the page: %+v, %v", ev, err)
	}
}
