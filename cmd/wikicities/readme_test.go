package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wikicities/wikicities/demo"
	"github.com/wikicities/wikicities/importer/affiliates/affiliatestest"
	"github.com/wikicities/wikicities/mediawiki/wikitest"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

const readmePath = "../../README.md"

// example is one `wikicities ...` command of the README.
type example struct {
	line int
	text string
	args []string // without the leading "wikicities"
}

// readmeExamples returns, in document order, the `wikicities` lines of the
// README's sh code blocks (with their \ continuations, without comments)
// and the commands quoted in the second column of the Commands table.
func readmeExamples(t *testing.T, readme string) []example {
	t.Helper()
	var out []example
	lines := strings.Split(readme, "\n")
	inBlock, inTable := false, false
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.HasPrefix(l, "```") && inBlock:
			inBlock = false
		case strings.HasPrefix(l, "```"):
			if inBlock = l == "```sh"; !inBlock { // another kind of block: skip to its end
				for i++; i < len(lines) && !strings.HasPrefix(lines[i], "```"); i++ {
				}
			}
		case inBlock && strings.HasPrefix(l, "wikicities "):
			start, text := i, l
			for strings.HasSuffix(text, "\\") && i+1 < len(lines) {
				i++
				text = strings.TrimSuffix(text, "\\") + " " + strings.TrimSpace(lines[i])
			}
			words, err := shellWords(text)
			if err != nil {
				t.Fatalf("README.md:%d: %v", start+1, err)
			}
			out = append(out, example{line: start + 1, text: text, args: words[1:]})
		case strings.HasPrefix(l, "## "):
			inTable = l == "## Commands"
		case inTable && strings.HasPrefix(l, "| `"):
			cells := splitTableRow(l)
			if len(cells) < 2 {
				continue
			}
			for _, span := range codeSpans(cells[1]) {
				if f := strings.Fields(span); len(f) < 2 || findCommand(f[0]) == nil {
					continue // a flag, a value or a command's name, not an example
				}
				words, err := shellWords(span)
				if err != nil {
					t.Fatalf("README.md:%d: %q: %v", i+1, span, err)
				}
				out = append(out, example{line: i + 1, text: "wikicities " + span, args: words})
			}
		}
	}
	return out
}

// readmeSynopses returns the command paths ("user add", "serve") of the
// first column of the README's Commands table.
func readmeSynopses(t *testing.T, readme string) map[string]int {
	t.Helper()
	paths := map[string]int{}
	inTable := false
	for i, l := range strings.Split(readme, "\n") {
		if strings.HasPrefix(l, "## ") {
			inTable = l == "## Commands"
		}
		if !inTable || !strings.HasPrefix(l, "| `") {
			continue
		}
		for _, span := range codeSpans(splitTableRow(l)[0]) {
			words := strings.Fields(span)
			c := findCommand(words[0])
			if c == nil {
				t.Errorf("README.md:%d: %q is no command", i+1, span)
				continue
			}
			if c.actions == nil {
				paths[c.name] = i + 1
				continue
			}
			if len(words) < 2 {
				t.Errorf("README.md:%d: %q names no subcommand", i+1, span)
				continue
			}
			for _, a := range strings.Split(strings.ReplaceAll(words[1], `\|`, "|"), "|") {
				paths[c.name+" "+a] = i + 1
			}
		}
	}
	return paths
}

// commandPath is the command and subcommand args name: "user add", "twins".
func commandPath(args []string) string {
	for len(args) > 0 && strings.HasPrefix(args[0], "-") { // global flags before the command
		if strings.Contains(args[0], "=") || len(args) == 1 {
			args = args[1:]
		} else {
			args = args[2:]
		}
	}
	if len(args) == 0 {
		return ""
	}
	c := findCommand(args[0])
	if c == nil || c.actions == nil || len(args) < 2 {
		return args[0]
	}
	return c.name + " " + args[1]
}

func splitTableRow(l string) []string {
	l = strings.Trim(strings.TrimSpace(l), "|")
	var cells []string
	var cur strings.Builder
	for i := 0; i < len(l); i++ {
		switch {
		case l[i] == '\\' && i+1 < len(l) && l[i+1] == '|':
			cur.WriteString(`\|`)
			i++
		case l[i] == '|':
			cells = append(cells, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(l[i])
		}
	}
	return append(cells, strings.TrimSpace(cur.String()))
}

var codeSpanRE = regexp.MustCompile("`([^`]+)`")

func codeSpans(s string) []string {
	var out []string
	for _, m := range codeSpanRE.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// shellWords splits a command line as sh would for the README's examples:
// words separated by blanks, "double" and 'single' quotes, and a # starting
// a word beginning a comment.
func shellWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '#' && !inWord:
			return words, nil
		case c == '"' || c == '\'':
			end := strings.IndexByte(s[i+1:], c)
			if end < 0 {
				return nil, fmt.Errorf("unclosed %c in %q", c, s)
			}
			cur.WriteString(s[i+1 : i+1+end])
			i += end + 1
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// The README documents every command and subcommand of the CLI, gives an
// example of each, and names only commands that exist.
func TestREADMEDocumentsEveryCommand(t *testing.T) {
	b, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	synopses := readmeSynopses(t, readme)
	run := map[string]bool{}
	for _, e := range readmeExamples(t, readme) {
		run[commandPath(e.args)] = true
	}
	for _, c := range commands {
		paths := []string{c.name}
		if c.actions != nil {
			paths = paths[:0]
			for _, a := range c.actions {
				paths = append(paths, c.name+" "+a.name)
			}
		}
		for _, p := range paths {
			if _, ok := synopses[p]; !ok {
				t.Errorf("README's Commands table lacks %q", p)
			}
			if !run[p] {
				t.Errorf("README has no example of %q (a `wikicities %s ...` line in a sh block)", p, p)
			}
		}
	}
	for p, line := range synopses {
		if c := findCommand(strings.Fields(p)[0]); c != nil && c.actions != nil && commandPath(strings.Fields(p)) == p {
			found := false
			for _, a := range c.actions {
				found = found || c.name+" "+a.name == p
			}
			if !found {
				t.Errorf("README.md:%d: %q is no subcommand", line, p)
			}
		}
	}
	// Commands quoted in the prose name a real command and subcommand.
	for _, m := range regexp.MustCompile("`wikicities ([^`]+)`").FindAllStringSubmatchIndex(readme, -1) {
		line := strings.Count(readme[:m[0]], "\n") + 1
		words := strings.Fields(readme[m[2]:m[3]])
		p := commandPath(words)
		if p == "" || p == "help" || strings.ToUpper(p) == p {
			continue
		}
		c := findCommand(strings.Fields(p)[0])
		ok := c != nil
		if ok && c.actions != nil {
			ok = false
			for _, a := range c.actions {
				ok = ok || c.name+" "+a.name == p
			}
		}
		if !ok {
			t.Errorf("README.md:%d: `wikicities %s` names no command", line, readme[m[2]:m[3]])
		}
	}
}

// TestREADMEExamples runs every example of the README, in order, on a
// scratch store holding the demo data, and fails on the first error of
// each. Network examples run against local stand-ins: sync wikidata against
// a SPARQL endpoint serving the test results, the wiki examples against
// the test MediaWiki (skipped, saying so, when it is not running); backup
// and restore are skipped on PostgreSQL, which has its own tools.
func TestREADMEExamples(t *testing.T) {
	b, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	examples := readmeExamples(t, string(b))
	if len(examples) < 50 {
		t.Fatalf("found only %d examples in the README", len(examples))
	}
	fixtures := map[string]string{
		"query.json":    "../../importer/sparql/testdata/p190.json",
		"twinning.wiki": "../../wikitext/testdata/twinning/meta-styles.wiki",
	}
	files := map[string][]byte{"twin_cities.csv": []byte(smallCSV)}
	for _, p := range []string{
		"libraries/wikimedia-commons.yml", "modules/about-wikimedia-commons.yml", "modules/drafting-professional.yml",
		"slides/81-about-wikimedia-commons/8101-what-s-wikimedia-commons.yml",
		"slides/81-about-wikimedia-commons/8102-commons-licensing-quiz.yml",
		"slides/25-drafting-professional/2501-using-a-sandbox-professional.yml",
	} {
		fixtures["training_content/wiki_ed/"+p] = "../../training/testdata/training_content/wiki_ed/" + p
	}
	for name, path := range fixtures {
		if files[name], err = os.ReadFile(path); err != nil {
			t.Fatal(err)
		}
	}
	linkSite := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "drafting") {
			http.NotFound(w, r) // one module gone: marked outdated
		}
	}))
	defer linkSite.Close()
	sparqlBody := files["query.json"]
	endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/sparql-results+json")
		w.Write(sparqlBody)
	}))
	defer endpoint.Close()
	affAPI, affEndpoint := affiliatestest.Serve(t, affiliatestest.Recorded(t))
	labelsURL, _ := labelsEndpoint(t)
	regionsURL, _ := regionsEndpoint(t)

	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			for name, content := range files {
				if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			t.Setenv("WIKICITIES_DATA_DIR", "")
			t.Setenv("WIKICITIES_DATABASE_URL", "")
			dsn := filepath.Join(dir, "data", "wikicities.db")
			if d == store.Postgres {
				dsn = storetest.MustDSN(t, d)
				t.Setenv("WIKICITIES_DATABASE_URL", dsn)
			} else if err := os.MkdirAll("data", 0o755); err != nil {
				t.Fatal(err)
			}
			mustLoadDemo(t, dsn)
			wiki := readmeWiki(t)
			for _, e := range examples {
				args := append([]string(nil), e.args...)
				path := commandPath(args)
				switch {
				case d == store.Postgres && (path == "backup" || path == "restore"):
					t.Logf("README.md:%d: skipped on PostgreSQL (backups use pg_dump): %s", e.line, e.text)
					continue
				case path == "sync wikidata":
					args = append(args, "--endpoint", endpoint.URL)
				case path == "import affiliates":
					args = append(args, "--wiki", affAPI, "--endpoint", affEndpoint)
				case path == "sync labels":
					args = append(args, "--endpoint", labelsURL)
				case path == "sync regions":
					args = append(args, "--endpoint", regionsURL)
				case path == "training import":
					// Module links point at a loopback stand-in, which
					// training links then checks.
					args = append(args, "--base-url", linkSite.URL)
				case path == "training links":
					args = append(args, "--interval", "1ms")
				case path == "serve":
					args = append(args, "--addr", "127.0.0.1:0")
				case path == "partnerships check":
					// The README's check runs months later: age the
					// partnerships as if that time had passed.
					agePartnerships(t, dsn, 400*24*time.Hour)
				}
				if path != "import affiliates" && slices.Index(args, "--wiki") >= 0 {
					if wiki == nil {
						t.Logf("README.md:%d: skipped: needs the test MediaWiki (eval \"$(scripts/mediawiki.sh start)\"): %s", e.line, e.text)
						continue
					}
					args = wiki.point(t, path, args)
				}
				out, err := runExample(path, args)
				if err != nil && !errors.Is(err, flag.ErrHelp) {
					t.Errorf("README.md:%d: %s\n%v\n%s", e.line, e.text, err, out)
				}
			}
		})
	}
}

// runExample runs one example; serve runs until it says it is running.
func runExample(path string, args []string) (string, error) {
	var out, errb lockedBuffer
	if path != "serve" {
		err := Run(context.Background(), args, strings.NewReader(""), &out, &errb)
		return out.String() + errb.String(), err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- Run(ctx, args, strings.NewReader(""), &out, &errb) }()
	deadline := time.After(30 * time.Second)
	for !strings.Contains(out.String(), "is running at") {
		select {
		case err := <-done:
			return out.String() + errb.String(), fmt.Errorf("serve ended before it served: %v", err)
		case <-deadline:
			return out.String() + errb.String(), errors.New("serve did not start within 30s")
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	return out.String() + errb.String(), <-done
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// agePartnerships moves every partnership's changes and history back by d.
func agePartnerships(t *testing.T, dsn string, d time.Duration) {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{`UPDATE partnerships SET state_changed_at = state_changed_at - ?`, `UPDATE partnership_history SET at = at - ?`} {
		if _, err := db.Exec(context.Background(), q, int64(d/time.Second)); err != nil {
			t.Fatal(err)
		}
	}
}

func mustLoadDemo(t *testing.T, dsn string) {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if loaded, err := demo.Load(context.Background(), db); err != nil || !loaded {
		t.Fatalf("demo data: loaded %v, %v", loaded, err)
	}
}

// exampleWiki points the README's wiki examples at the test MediaWiki:
// each page title of the README becomes a fresh page of this run, and
// pages that examples read start with the twinning tables of the test
// fixture.
type exampleWiki struct {
	w     wikitest.Wiki
	pages map[string]string
}

// readmeWiki returns the test wiki, or nil when it is not running (in CI it
// must be).
func readmeWiki(t *testing.T) *exampleWiki {
	if os.Getenv(wikitest.URLVar) == "" && os.Getenv("CI") == "" {
		return nil
	}
	w := wikitest.Require(t)
	t.Setenv("WIKICITIES_BOT_USER", w.User)
	t.Setenv("WIKICITIES_BOT_PASSWORD", w.Password)
	return &exampleWiki{w: w, pages: map[string]string{}}
}

func (x *exampleWiki) point(t *testing.T, path string, args []string) []string {
	t.Helper()
	args = append([]string(nil), args...)
	args[slices.Index(args, "--wiki")+1] = x.w.API
	i := slices.Index(args, "--page")
	title, ok := x.pages[args[i+1]]
	if !ok {
		title = wikitest.Title(t, "README")
		x.pages[args[i+1]] = title
		if path != "publish" {
			text, err := os.ReadFile("twinning.wiki")
			if err != nil {
				t.Fatal(err)
			}
			mustEdit(t, x.w.Client(t, false), title, string(text))
		}
	}
	args[i+1] = title
	return args
}
