package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/wikicities/wikicities/demo"
	"golang.org/x/net/html"
)

// crawlLink is a link or a GET form found on a page.
type crawlLink struct {
	from, target string
	lang         string   // the language of the page it is on
	names        []string // the <bdi> names of its text: what it says it opens
}

// crawlPage reads a page: its links (and GET forms, with their default
// values), the text of its <h1>, its language (<html lang>) and what a
// reader would see is wrong (see pageProblems).
func crawlPage(body io.Reader, from string) (links []crawlLink, h1, lang string, problems []string) {
	doc, err := html.Parse(body)
	if err != nil {
		return nil, "", "", []string{err.Error()}
	}
	problems = pageProblems(doc)
	var text func(n *html.Node) string
	text = func(n *html.Node) string {
		if n.Type == html.TextNode {
			return n.Data
		}
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			b.WriteString(text(c))
		}
		return b.String()
	}
	attr := func(n *html.Node, key string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == key {
				return a.Val, true
			}
		}
		return "", false
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "html":
				lang, _ = attr(n, "lang")
			case "h1":
				if h1 == "" {
					h1 = strings.Join(strings.Fields(text(n)), " ")
				}
			case "a":
				if href, ok := attr(n, "href"); ok {
					l := crawlLink{from: from, target: href}
					var bdis func(m *html.Node)
					bdis = func(m *html.Node) {
						if m.Type == html.ElementNode && m.Data == "bdi" {
							l.names = append(l.names, strings.Join(strings.Fields(text(m)), " "))
						}
						for c := m.FirstChild; c != nil; c = c.NextSibling {
							bdis(c)
						}
					}
					bdis(n)
					links = append(links, l)
				}
			case "form":
				if m, _ := attr(n, "method"); strings.EqualFold(m, "get") {
					action, _ := attr(n, "action")
					v := url.Values{}
					var inputs func(m *html.Node)
					inputs = func(m *html.Node) {
						if m.Type == html.ElementNode {
							name, _ := attr(m, "name")
							switch m.Data {
							case "input":
								if t, _ := attr(m, "type"); name != "" && t != "submit" {
									val, _ := attr(m, "value")
									v.Add(name, val)
								}
							case "select":
								for o := m.FirstChild; o != nil; o = o.NextSibling {
									if o.Type == html.ElementNode && o.Data == "option" {
										val, _ := attr(o, "value")
										v.Set(name, val)
										if _, sel := attr(o, "selected"); sel {
											break
										}
									}
								}
							}
						}
						for c := m.FirstChild; c != nil; c = c.NextSibling {
							inputs(c)
						}
					}
					inputs(n)
					links = append(links, crawlLink{from: from, target: action + "?" + v.Encode()})
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for i := range links {
		links[i].lang = lang
	}
	return links, h1, lang, problems
}

// isoDate is a date as a machine writes it; pages write dates in words of
// the page's language ("6 December 2026", "6. Dezember 2026").
var isoDate = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`)

// pageProblems returns what a reader sees is wrong in a page's text: a
// date written as 2026-12-06, and a section with a heading and nothing
// under it (such as a "Next step" with no step for this visitor).
func pageProblems(doc *html.Node) []string {
	var problems []string
	hidden := map[string]bool{"script": true, "style": true, "textarea": true, "noscript": true, "template": true, "head": true}
	var visible func(n *html.Node, skipHeadings bool) string
	visible = func(n *html.Node, skipHeadings bool) string {
		switch {
		case n.Type == html.TextNode:
			return n.Data
		case n.Type == html.ElementNode && hidden[n.Data]:
			return ""
		case n.Type == html.ElementNode && skipHeadings && len(n.Data) == 2 && n.Data[0] == 'h' && n.Data[1] >= '1' && n.Data[1] <= '6':
			return ""
		}
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			b.WriteString(visible(c, skipHeadings))
		}
		return b.String()
	}
	for _, d := range isoDate.FindAllString(visible(doc, false), 3) {
		problems = append(problems, fmt.Sprintf("shows the date %s as a machine writes it", d))
	}
	var sections func(n *html.Node)
	sections = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "section" && strings.TrimSpace(visible(n, true)) == "" {
			problems = append(problems, fmt.Sprintf("the section %q has nothing under its heading", strings.TrimSpace(visible(n, false))))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			sections(c)
		}
	}
	sections(doc)
	return problems
}

// entityPage matches the pages a link names by the name of what they show.
var entityPage = regexp.MustCompile(`^/(communities|institutions|cities|partnerships)/\d+$`)

// crawl follows every link and GET form of the site at base from starts,
// staying on the site, at most limit pages, as client c. It reports every
// answer other than 200 (and redirects to the sign-in page for anonymous
// visitors), and every link whose names are not in the <h1> of the page it
// opens.
func crawl(t *testing.T, c *http.Client, base string, starts []string, limit int) int {
	t.Helper()
	type visit struct{ path, from string }
	queue := []visit{}
	for _, s := range starts {
		queue = append(queue, visit{s, "(start)"})
	}
	seen := map[string]bool{}
	h1s := map[string]string{} // path and language → heading
	var pending []crawlLink
	pages := 0
	for len(queue) > 0 && pages < limit {
		v := queue[0]
		queue = queue[1:]
		u, err := url.Parse(v.path)
		if err != nil || (u.Host != "" && "http://"+u.Host != base) || strings.HasPrefix(u.Path, "/assets/") || strings.HasPrefix(u.Path, "/api/") {
			continue
		}
		key := u.Path + "?" + u.RawQuery
		if seen[key] || u.Path == "" {
			continue
		}
		seen[key] = true
		resp, err := c.Get(base + u.Path + "?" + u.RawQuery)
		if err != nil {
			t.Errorf("%s (from %s): %v", v.path, v.from, err)
			continue
		}
		pages++
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s (linked from %s): status %d", v.path, v.from, resp.StatusCode)
			resp.Body.Close()
			continue
		}
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			resp.Body.Close()
			continue
		}
		links, h1, lang, problems := crawlPage(resp.Body, u.Path)
		resp.Body.Close()
		for _, p := range problems {
			t.Errorf("%s (linked from %s): %s", v.path, v.from, p)
		}
		h1s[u.Path+"|"+lang] = h1
		for _, l := range links {
			if strings.HasPrefix(l.target, "#") || strings.HasPrefix(l.target, "mailto:") {
				continue
			}
			if strings.HasPrefix(l.target, "http") && !strings.HasPrefix(l.target, base) {
				continue // another site
			}
			pending = append(pending, l)
			queue = append(queue, visit{l.target, u.Path})
		}
	}
	for _, l := range pending {
		p := strings.SplitN(strings.SplitN(l.target, "#", 2)[0], "?", 2)[0]
		if !entityPage.MatchString(p) || len(l.names) == 0 {
			continue
		}
		// A name is compared with the heading of the page it opens in the
		// language of the page the link is on (a signed-in reader's pages
		// are in the account's language, a ?uselang= page in its own).
		h1, ok := h1s[p+"|"+l.lang]
		if !ok {
			resp, err := c.Get(base + p + "?uselang=" + url.QueryEscape(l.lang))
			if err != nil {
				t.Errorf("%s (from %s): %v", p, l.from, err)
				continue
			}
			_, h1, _, _ = crawlPage(resp.Body, p)
			resp.Body.Close()
			h1s[p+"|"+l.lang] = h1
		}
		for _, n := range l.names {
			// A city link may add its country ("Harare, Zimbabwe" opens "Harare").
			if !strings.Contains(h1, n) && !(h1 != "" && strings.HasPrefix(n, h1+",")) {
				t.Errorf("a link on %s says %q but opens %s, whose heading is %q", l.from, n, l.target, h1)
			}
		}
	}
	return pages
}

// signedInClient returns a client with a session of a new account, signed
// up through the sign-up page.
func signedInClient(t *testing.T, base, name string) *http.Client {
	t.Helper()
	return formClient(t, base, "/auth/signup", url.Values{"username": {name}, "password": {name + "'s long password"}})
}

// formClient returns a client with the session that posting form to the
// page at path (sign-up or sign-in) opened, as a browser posts it.
func formClient(t *testing.T, base, path string, form url.Values) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="csrf_token" value="([^"]*)"`).FindSubmatch(body)
	if m != nil {
		form.Set("csrf_token", string(m[1]))
	}
	req, _ := http.NewRequestWithContext(context.Background(), "POST", base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path == path {
		t.Fatalf("%s failed: %d", path, resp.StatusCode)
	}
	return c
}

// The crawl of issue 11: from the home page and a community page, every
// link and GET form, anonymous and signed in, in English, German and
// Arabic, on the demo data and the test cities; no answer is an error and
// no link names something other than the page it opens.
func TestCrawlEveryLinkFromTheHomeAndACommunityPage(t *testing.T) {
	if testing.Short() {
		t.Skip("crawl skipped in -short mode")
	}
	m := NewMain()
	m.Addr, m.Tiles, m.MetaAPI = "127.0.0.1:0", "none", "none"
	m.Store.dataDir = t.TempDir() // NoDemo is false: the demo data load into the empty store
	m.Setup = append(m.Setup, func(_ context.Context, m *Main) error {
		m.Server.Auth.SignupEnabled = true
		m.Server.Auth.SignInLimit.Burst, m.Server.Auth.WriteLimit.Burst = 0, 0
		return nil
	})
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	base := m.Server.URL()
	var community int64
	if err := m.DB.QueryRow(context.Background(), `SELECT MIN(id) FROM communities`).Scan(&community); err != nil || community == 0 {
		t.Fatalf("no demo community: %v", err)
	}
	for _, lang := range []string{"en", "de", "ar"} {
		for _, signed := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s signed-in=%v", lang, signed), func(t *testing.T) {
				// A browser keeps the language cookie ?uselang= sets.
				jar, _ := cookiejar.New(nil)
				c := &http.Client{Jar: jar}
				if signed {
					c = signedInClient(t, base, "Crawler-"+lang)
				}
				starts := []string{"/?uselang=" + lang, fmt.Sprintf("/communities/%d?uselang=%s", community, lang)}
				if n := crawl(t, c, base, starts, 300); n < 10 {
					t.Errorf("crawled only %d pages", n)
				}
			})
		}
		// The demo account organises the demo events and owns the demo
		// campaign: its crawl meets the forms only organisers see (editing,
		// attaching a library resource) and the pages they link to.
		t.Run(lang+" as the demo account", func(t *testing.T) {
			c := demoClient(t, m, base)
			var campaign, event int64
			if err := m.DB.QueryRow(context.Background(), `SELECT MIN(id) FROM campaigns`).Scan(&campaign); err != nil || campaign == 0 {
				t.Fatalf("no demo campaign: %v", err)
			}
			if err := m.DB.QueryRow(context.Background(), `SELECT MIN(target_id) FROM resource_attachments WHERE target_kind = 'event'`).Scan(&event); err != nil || event == 0 {
				t.Fatalf("no demo event with a resource: %v", err)
			}
			starts := []string{fmt.Sprintf("/campaigns/%d?uselang=%s", campaign, lang), fmt.Sprintf("/events/%d?uselang=%s", event, lang)}
			for _, s := range starts {
				resp, err := c.Get(base + s)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if !strings.Contains(string(body), `/resources" method="post"`) || !strings.Contains(string(body), `id="wc-resources"`) {
					t.Errorf("%s shows the demo account no form attaching a library resource", s)
				}
			}
			removeAndAttachAgain(t, c, base, fmt.Sprintf("/events/%d", event), lang)
			if n := crawl(t, c, base, starts, 120); n < 10 {
				t.Errorf("crawled only %d pages", n)
			}
		})
	}
}

// removeAndAttachAgain presses, as a browser would, the first "Remove"
// button of page's training materials, checks that the page says the
// resource is removed and no longer offers to remove it, then attaches the
// resource again with the page's attach form.
func removeAndAttachAgain(t *testing.T, c *http.Client, base, page, lang string) {
	t.Helper()
	post := func(path string, form url.Values) (string, string) {
		t.Helper()
		req, _ := http.NewRequestWithContext(context.Background(), "POST", base+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", base)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("POST %s: %d, at %s", path, resp.StatusCode, resp.Request.URL)
		}
		return resp.Request.URL.RequestURI(), string(b)
	}
	resp, err := c.Get(base + page + "?uselang=" + lang)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`action="(` + regexp.QuoteMeta(page) + `/resources/([0-9]+)/remove)" method="post">\s*<input type="hidden" name="csrf_token" value="([^"]*)"`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("%s shows the demo account no button removing an attached resource", page)
	}
	remove, rid, token := string(m[1]), string(m[2]), string(m[3])
	at, after := post(remove, url.Values{"csrf_token": {token}})
	if want := page + "?done=resource-detached"; at != want || strings.Contains(after, remove) || !strings.Contains(after, `class="cdx-message cdx-message--block cdx-message--success"`) {
		t.Errorf("after Remove: at %s (want %s), the button still there: %v", at, want, strings.Contains(after, remove))
	}
	if at, _ := post(page+"/resources", url.Values{"csrf_token": {token}, "resource": {rid}}); at != page+"?done=resource-attached" {
		t.Errorf("attaching again: at %s", at)
	}
}

// demoClient returns a client signed in as the demo account.
func demoClient(t *testing.T, m *Main, base string) *http.Client {
	t.Helper()
	pw, err := demo.DemoPassword(context.Background(), demoServices(m))
	if err != nil || pw == "" {
		t.Fatalf("demo password %q, %v", pw, err)
	}
	return formClient(t, base, "/auth/signin", url.Values{"username": {demo.DemoUser}, "password": {pw}})
}

// pageProblems sees what a reader sees: a machine date in the text, not in
// an attribute, a script or a form's textarea; a section whose heading has
// nothing under it, not one with a line of text.
func TestPageProblemsSeesWhatAReaderSees(t *testing.T) {
	for _, c := range []struct {
		page string
		want []string
	}{
		{`<p>Due 2026-12-16: call</p>`, []string{"shows the date 2026-12-16 as a machine writes it"}},
		{`<p data-due="2026-12-16">Due 16 December 2026</p><script>let d = "2026-12-16"</script><textarea>2026-12-16</textarea>`, nil},
		{`<section><h2>Next step</h2>
			<p class="wc-actions"></p></section>`, []string{`the section "Next step" has nothing under its heading`}},
		{`<section><h2>Next step</h2><p><a href="/auth/signin">Sign in</a></p></section>`, nil},
	} {
		doc, err := html.Parse(strings.NewReader("<!doctype html><html><body>" + c.page + "</body></html>"))
		if err != nil {
			t.Fatal(err)
		}
		if got := pageProblems(doc); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.page, got, c.want)
		}
	}
}
