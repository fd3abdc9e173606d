package mediawiki

import (
	"context"
	"fmt"
	"strings"

	"github.com/wikicities/wikicities"
)

// DefaultClaimSubpage is the subpage of the claimant's user page that
// carries a claim's one-time code: User:Name/WikiCities.
const DefaultClaimSubpage = "WikiCities"

// ClaimVerifier confirms claims to coordinate a group on a wiki (Meta-Wiki
// in production) through the Action API; see wikicities.Claim for the rule.
type ClaimVerifier struct {
	Client *Client
	// Subpage of the claimant's user page where the code goes
	// (DefaultClaimSubpage when empty).
	Subpage string
}

var _ wikicities.ClaimVerifier = ClaimVerifier{}

// CodePage returns the title where the claimant of username puts the code.
func (v ClaimVerifier) CodePage(username string) string {
	sub := v.Subpage
	if sub == "" {
		sub = DefaultClaimSubpage
	}
	return "User:" + username + "/" + sub
}

// Verify checks that c.WikimediaUsername is named on metaPage (a link to the
// user page, user talk page or contributions, or a {{user}} template) and,
// unless the claimant signed in with that Wikimedia account, that the
// account's CodePage carries c.Code in its current revision, made by the
// account itself. Returns the revisions read, or a
// *wikicities.VerificationError saying what is missing.
func (v ClaimVerifier) Verify(ctx context.Context, c *wikicities.Claim, metaPage string, signedInWithWikimedia bool) (wikicities.ClaimEvidence, error) {
	var ev wikicities.ClaimEvidence
	name := strings.TrimSpace(c.WikimediaUsername)
	if name == "" {
		return ev, &wikicities.VerificationError{Problem: wikicities.VerifyNoUsername, Detail: "the claim names no Wikimedia username"}
	}
	if strings.TrimSpace(metaPage) == "" {
		return ev, &wikicities.VerificationError{Problem: wikicities.VerifyNoMetaPage, Detail: c.Party.Name + " has no Meta-Wiki page on record"}
	}
	meta, err := v.Client.Page(ctx, metaPage)
	if err != nil {
		return ev, err
	}
	if meta.Missing {
		return ev, &wikicities.VerificationError{Problem: wikicities.VerifyMetaMissing, Page: metaPage, Detail: "the page does not exist"}
	}
	if !wikicities.MentionsUser(meta.Text, name) {
		return ev, &wikicities.VerificationError{Problem: wikicities.VerifyNotNamed, Page: meta.Title,
			Detail: fmt.Sprintf("the page does not link to User:%s", name)}
	}
	ev.MetaPage, ev.MetaRevID = meta.Title, meta.RevID
	if signedInWithWikimedia {
		return ev, nil
	}
	title := v.CodePage(name)
	up, err := v.Client.Page(ctx, title)
	if err != nil {
		return ev, err
	}
	if up.Missing || !strings.Contains(up.Text, c.Code) || c.Code == "" {
		return ev, &wikicities.VerificationError{Problem: wikicities.VerifyCodeMissing, Page: title,
			Detail: "the page does not carry the claim's code"}
	}
	if !strings.EqualFold(strings.ReplaceAll(up.User, "_", " "), strings.ReplaceAll(name, "_", " ")) {
		return ev, &wikicities.VerificationError{Problem: wikicities.VerifyCodeNotByOwn, Page: up.Title,
			Detail: fmt.Sprintf("the code was placed by %s, not by %s", up.User, name)}
	}
	ev.UserPage, ev.UserRevID = up.Title, up.RevID
	return ev, nil
}
