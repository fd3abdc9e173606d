package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/http/webtest"
	"github.com/wikicities/wikicities/mediawiki"
	"github.com/wikicities/wikicities/mediawiki/wikitest"
)

// journeyWords are the words of the journey's pages in one language.
type journeyWords struct {
	lang, signIn, signUp, partnerReason, proposed, confirmed, waiting, inboxProposal, message, gettingStarted string
}

var journeyLanguages = []journeyWords{
	{"en", "Sign in", "Create an account", "a twin city", "Nobody coordinates Wikimédiens de Lyon on WikiCities yet",
		"Confirmed on Meta-Wiki", "Waiting for you (1)", "proposes a partnership to Wikimédiens de Lyon", "Message from", "getting started"},
	{"de", "Anmelden", "Konto anlegen", "Partnerstadt", "Wikimédiens de Lyon wird auf WikiCities noch von niemandem koordiniert",
		"Auf Meta-Wiki bestätigt", "Wartet auf dich (1)", "schlägt Wikimédiens de Lyon eine Partnerschaft vor", "Nachricht von", "im Aufbau"},
	{"ar", "تسجيل الدخول", "أنشئ حسابًا", "توأم", "لا أحد ينسّق \u2068Wikimédiens de Lyon\u2069 على WikiCities بعد",
		"تأكّد على ميتا ويكي", "بانتظارك (١)", "شراكة على \u2068Wikimédiens de Lyon\u2069", "رسالة من", "في البداية"},
}

// The journey of issue 11 in a real browser, with no command and no write
// to the store after start-up: Anna signs up on the web, registers a group
// in Birmingham, sees the group of its twin city Lyon suggested with its
// reason, and proposes (told nobody coordinates it yet); Bertrand signs up,
// claims the Lyon group through the test wiki (its page names him, he puts
// the claim's code on his user page there), sees the proposal in the
// header, reads it, accepts and writes; Anna reads his message in her inbox,
// answers and logs an activity; the health says the partnership is getting
// started. In English, German and Arabic, with screenshots at 1366 and 390 px.
func TestBrowserJourney(t *testing.T) {
	wiki := wikitest.Require(t)
	browser := webtest.Browser(t)
	admin, editor := wiki.Client(t, false), wiki.Client(t, true)
	editorName := strings.SplitN(wiki.User2, "@", 2)[0]
	for _, words := range journeyLanguages {
		t.Run(words.lang, func(t *testing.T) {
			metaPage := wikitest.Title(t, "WikiCities test/Wikimédiens de Lyon")
			putWiki(t, admin, metaPage, "Wikimédiens de Lyon.\n== Contact ==\n* [[User:"+editorName+"]]\n")
			verifier := mediawiki.ClaimVerifier{Client: admin, Subpage: wikitest.Title(t, "WikiCities")}
			var lyonGroup int64
			m, _ := runWebMain(t, func(ctx context.Context, m *Main) error {
				m.Server.Auth.SignupEnabled = true
				m.Server.Auth.SignInLimit.Burst, m.Server.Auth.WriteLimit.Burst = 0, 0
				m.Server.ClaimVerifier = verifier
				return nil
			}, func(ctx context.Context, m *Main) error {
				// The directory as imported: a group nobody coordinates yet.
				c := &wikicities.Community{Kind: wikicities.KindUserGroup, Name: "Wikimédiens de Lyon", MetaPage: metaPage,
					Languages: []string{"fr", "en"}, Contact: "contact@lyon.example"}
				if err := m.DB.QueryRow(ctx, `SELECT id FROM cities WHERE name = 'Lyon'`).Scan(&c.CityID); err != nil {
					return err
				}
				if err := m.DB.Communities().CreateCommunity(wikicities.NewContext(ctx, wikicities.System), c); err != nil {
					return err
				}
				lyonGroup = c.ID
				m.Matchmaking.Invalidate()
				return nil
			})
			journey(t, browser, m.Server.URL(), words, lyonGroup, func(code string) {
				putWiki(t, editor, verifier.CodePage(editorName), "WikiCities: "+code)
			}, editorName)
		})
	}
}

func putWiki(t *testing.T, c *mediawiki.Client, title, text string) {
	t.Helper()
	base, err := c.Page(context.Background(), title)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Edit(context.Background(), mediawiki.Edit{Title: title, Text: text, Summary: "WikiCities browser test", Base: base}); err != nil {
		t.Fatal(err)
	}
}

// journey walks the story in one language; placeCode puts a claim's code
// on the claimant's user page on the wiki.
func journey(t *testing.T, browser context.Context, base string, w journeyWords, lyonGroup int64, placeCode func(string), wikiName string) {
	ctx := webtest.Tab(t, browser)
	text := func(sel string) string {
		t.Helper()
		return eval[string](t, ctx, `(e => e ? e.textContent : '')(document.querySelector('`+sel+`'))`)
	}
	must := func(what, sel string, wants ...string) {
		t.Helper()
		got := text(sel)
		for _, want := range wants {
			if !strings.Contains(got, want) {
				t.Errorf("%s: %q lacks %q", what, got, want)
			}
		}
	}
	shots := func(name string) {
		t.Helper()
		webtest.Screenshot(t, ctx, name+"-"+w.lang+"-1366")
		webtest.Screen(t, ctx, 390, 844, 1)
		do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("h1")))
		if px := eval[int](t, ctx, `document.documentElement.scrollWidth`); px > 390 {
			wide := eval[string](t, ctx, `[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > 391).slice(0, 3).map(e => e.tagName + '.' + e.className).join(' ')`)
			t.Errorf("%s (%s): %d px wide on a 390 px screen (%s)", name, w.lang, px, wide)
		}
		webtest.Screenshot(t, ctx, name+"-"+w.lang+"-390")
		webtest.Screen(t, ctx, 1366, 900, 1)
		do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("h1")))
	}
	signUp := func(name string) {
		t.Helper()
		do(t, ctx, chromedp.Click(chromedp.CSS("a.wc-user")), chromedp.WaitVisible(chromedp.CSS("#f-password")),
			chromedp.Click(chromedp.CSS(`a[href^="/auth/signup"]`)), chromedp.WaitVisible(chromedp.CSS("#f-email")),
			chromedp.SendKeys(chromedp.CSS("#f-username"), name),
			chromedp.SendKeys(chromedp.CSS("#f-password"), name+"'s long password"),
			chromedp.SendKeys(chromedp.CSS("#f-email"), strings.ToLower(name)+"@example.org"),
			chromedp.Submit(chromedp.CSS("#f-username")),
			chromedp.WaitVisible(chromedp.CSS("details.wc-user")))
	}
	signOut := func() {
		t.Helper()
		do(t, ctx, chromedp.Click(chromedp.CSS(".wc-user > summary")), chromedp.Click(chromedp.CSS(".wc-user button")), chromedp.WaitVisible(chromedp.CSS("a.wc-user")))
	}
	anna, bertrand := "Anna-"+w.lang, "Bertrand-"+w.lang

	// Anna, from the home page, in her language.
	do(t, ctx, chromedp.Navigate(base+"/?uselang="+w.lang), chromedp.WaitVisible(chromedp.CSS("a.wc-user")))
	if got := text("a.wc-user"); got != w.signIn {
		t.Errorf("the header's sign-in link says %q", got)
	}
	signUp(anna)
	do(t, ctx, chromedp.Navigate(base+"/communities/new"), chromedp.WaitVisible(chromedp.CSS("#f-name")),
		chromedp.SendKeys(chromedp.CSS("#f-name"), "Wikimedians of Birmingham"),
		chromedp.SetValue(chromedp.CSS("#f-kind"), "user_group"),
		chromedp.SendKeys(chromedp.CSS("#f-city"), "Birmingham, United Kingdom"),
		chromedp.SendKeys(chromedp.CSS("#f-languages"), "en"),
		chromedp.Submit(chromedp.CSS("#f-name")),
		chromedp.WaitVisible(chromedp.CSS("#wc-suggestions")))
	must("Anna's partners", ".wc-suggestions", "Wikimédiens de Lyon", w.partnerReason)
	shots("journey-community")
	do(t, ctx, chromedp.Click(chromedp.CSS(`.wc-suggestions a[href^="/partnerships/new"]`)), chromedp.WaitVisible(chromedp.CSS("#f-message")))
	must("the proposal form", "main", w.proposed)
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#f-message"), "Twinned since 1951: shall we photograph both cities?"),
		chromedp.Submit(chromedp.CSS("#f-message")), chromedp.WaitVisible(chromedp.CSS("#wc-next")))
	must("the confirmation after proposing", ".cdx-message--success", "Wikimédiens de Lyon")
	partnership := eval[string](t, ctx, `location.pathname`)
	shots("journey-proposed")
	signOut()

	// Bertrand signs up and claims the Lyon group through the wiki.
	signUp(bertrand)
	do(t, ctx, chromedp.Navigate(base+fmt.Sprintf("/communities/%d", lyonGroup)), chromedp.WaitVisible(chromedp.CSS("details.wc-claim")))
	if strings.Contains(text("main"), "contact@lyon.example") {
		t.Error("the contact address is shown to someone who does not coordinate the group")
	}
	do(t, ctx, chromedp.Click(chromedp.CSS("details.wc-claim summary")), chromedp.WaitVisible(chromedp.CSS("#f-wikimedia_username")),
		chromedp.SendKeys(chromedp.CSS("#f-wikimedia_username"), wikiName),
		chromedp.Submit(chromedp.CSS("#f-wikimedia_username")), chromedp.WaitVisible(chromedp.CSS(`form[action$="/verify"]`)))
	shots("journey-claim")
	placeCode(strings.TrimSpace(text("main code")))
	do(t, ctx, chromedp.Click(chromedp.CSS(`form[action$="/verify"] button`)), chromedp.WaitNotPresent(chromedp.CSS(`form[action$="/verify"]`)))
	must("after the check", ".cdx-message--success", w.confirmed)

	// The proposal waits for him: the header says so.
	// The bell's name says it (for screen readers and as its title); the
	// count beside it is what the eye reads.
	if got := text(".wc-inbox-link .wc-inbox-text"); got != w.waiting {
		t.Errorf("Bertrand's header says %q, want %q", got, w.waiting)
	}
	if got := text(".wc-inbox-link .wc-inbox-count"); got == "" || !strings.Contains(w.waiting, got) {
		t.Errorf("Bertrand's inbox bell shows %q, want the count in %q", got, w.waiting)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(".wc-inbox-link")), chromedp.WaitVisible(chromedp.CSS(".wc-inbox")))
	must("Bertrand's inbox", ".wc-inbox", w.inboxProposal, "Twinned since 1951")
	shots("journey-inbox")
	do(t, ctx, chromedp.Click(chromedp.CSS(`.wc-inbox a[href="`+partnership+`"]`)), chromedp.WaitVisible(chromedp.CSS(`button[value="accept"]`)),
		chromedp.Click(chromedp.CSS(`button[value="accept"]`)), chromedp.WaitVisible(chromedp.CSS(".cdx-message--success")),
		chromedp.SendKeys(chromedp.CSS("#f-message-body"), "Avec plaisir ! Un samedi de mai ?"),
		chromedp.Submit(chromedp.CSS("#f-message-body")), chromedp.WaitVisible(chromedp.CSS(".wc-thread")))
	signOut()

	// Anna reads his message from her inbox, answers, logs an activity.
	do(t, ctx, chromedp.Click(chromedp.CSS("a.wc-user")), chromedp.WaitVisible(chromedp.CSS("#f-password")),
		chromedp.SendKeys(chromedp.CSS("#f-username"), anna), chromedp.SendKeys(chromedp.CSS("#f-password"), anna+"'s long password"),
		chromedp.Submit(chromedp.CSS("#f-password")), chromedp.WaitVisible(chromedp.CSS(".wc-inbox-link")),
		chromedp.Click(chromedp.CSS(".wc-inbox-link")), chromedp.WaitVisible(chromedp.CSS(".wc-inbox")))
	must("Anna's inbox", ".wc-inbox", w.message, "Un samedi de mai")
	do(t, ctx, chromedp.Click(chromedp.CSS(`.wc-inbox a[href$="#wc-messages"]`)), chromedp.WaitVisible(chromedp.CSS("#f-message-body")),
		chromedp.SendKeys(chromedp.CSS("#f-message-body"), "Yes, 17 May!"),
		chromedp.Submit(chromedp.CSS("#f-message-body")))
	waitUntil(t, ctx, `location.search.includes('done=message') && document.readyState === 'complete'`)
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(".wc-thread")))
	must("the thread", ".wc-thread", "Un samedi de mai", "Yes, 17 May!")
	do(t, ctx, chromedp.Click(chromedp.CSS(`.wc-next a[href$="/activities/new"]`)), chromedp.WaitVisible(chromedp.CSS("#f-title")),
		chromedp.SetValue(chromedp.CSS("#f-kind"), "photo_walk"),
		chromedp.SendKeys(chromedp.CSS("#f-title"), "Photo walk in Digbeth"),
		chromedp.SetValue(chromedp.CSS("#f-start"), time.Now().AddDate(0, 0, -1).Format(time.DateOnly)),
		chromedp.SendKeys(chromedp.CSS("#f-organizers_a"), anna),
		chromedp.SendKeys(chromedp.CSS("#f-organizers_b"), bertrand),
		chromedp.Submit(chromedp.CSS("#f-title")), chromedp.WaitVisible(chromedp.CSS(".wc-timeline")))
	must("the health", ".wc-health", w.gettingStarted)
	shots("journey-partnership")
}

// waitUntil waits until js is true in the tab, across a navigation (when the
// page's context goes away and comes back), for at most 30 seconds.
func waitUntil(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	for range 150 {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("waited 30s for %s", js)
}
