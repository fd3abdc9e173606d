package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer"
	"github.com/wikicities/wikicities/mediawiki"
	"github.com/wikicities/wikicities/mediawiki/wikitest"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/wikitext"
)

const metaStyles = "../../wikitext/testdata/twinning/meta-styles.wiki"

// metaStoreArgs returns the flags selecting a fresh store of dialect d.
func metaStoreArgs(t *testing.T, d store.Dialect) []string {
	t.Helper()
	if d == store.Postgres {
		return []string{"--database-url", storetest.MustDSN(t, d)}
	}
	return []string{"--data-dir", t.TempDir()}
}

func runCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := Run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return out.String() + errOut.String(), err
}

func openMetaStore(t *testing.T, args []string) *store.DB {
	t.Helper()
	var sf storeFlags
	if args[0] == "--database-url" {
		sf.databaseURL = args[1]
	} else {
		sf.dataDir = args[1]
	}
	db, err := sf.open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestImportWikitextFileReportsEachRejectedRowWithItsLine(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			sargs := metaStoreArgs(t, d)
			out, err := runCLI(t, append(append([]string{"import", "wikitext"}, sargs...), metaStyles)...)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			for _, want := range []string{
				"8 rows read, 14 cities added, 0 matched, 8 twin links added, 0 already present, 1 rejected",
				"rejected: " + metaStyles + ": line 37: no city",
				`line 10: group "WMDE" in city "Munich, Germany" (not imported: not in the directory; add it there)`,
				"+ twin link São Paulo, Brazil — Miami, United States",
			} {
				if !strings.Contains(out, want) {
					t.Errorf("report lacks %q:\n%s", want, out)
				}
			}
			links, err := openMetaStore(t, sargs).Cities().AllTwinLinks(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(links) != 8 || !strings.HasPrefix(links[0].Provenance, metaStyles+":") {
				t.Errorf("%d links, first %+v", len(links), links[0])
			}
		})
	}
}

func TestImportWikitextStrictImportsNothingWhenARowIsRejected(t *testing.T) {
	sargs := metaStoreArgs(t, store.SQLite)
	out, err := runCLI(t, append(append([]string{"import", "wikitext", "--strict"}, sargs...), metaStyles)...)
	if !errors.Is(err, wikicities.ErrInvalid) || !strings.Contains(err.Error(), "line 37: no city") {
		t.Fatalf("err = %v\n%s", err, out)
	}
	st, err := openMetaStore(t, sargs).Cities().Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Cities != 0 {
		t.Errorf("--strict left %d cities", st.Cities)
	}
}

func TestImportWikitextUnreadableTableNamesFileAndLine(t *testing.T) {
	f := filepath.Join(t.TempDir(), "broken.wiki")
	os.WriteFile(f, []byte("intro\n{| class=\"wikitable\"\n! City !! Twin city\n|-\n| A || B\n"), 0o644)
	_, err := runCLI(t, "import", "wikitext", "--data-dir", t.TempDir(), f)
	if err == nil || !strings.Contains(err.Error(), f+": wikitext: line 2: table is not closed") {
		t.Fatalf("err = %v", err)
	}
}

// The whole way out to a real MediaWiki and back: names holding every
// dangerous character are published, the page is read back and parsed by
// the reader and rendered by MediaWiki, and both show the names.
func TestPublishWritesAPageThatReadsBackAndRendersTheNames(t *testing.T) {
	w := wikitest.Require(t)
	ctx := context.Background()
	sargs := metaStoreArgs(t, store.SQLite)
	db := openMetaStore(t, sargs)
	var rows []wikicities.TwinningRow
	for i, n := range []string{"Pipe | Town", "[[Link]]ville", "{{Template}} City", "__NOTOC__ burg", "~~~~ on Sea", "-Dash", "'''Bold''' Hill", "<b>Tag</b>", "ISBN 123 Falls", "&amp; Co"} {
		rows = append(rows, wikicities.TwinningRow{City: n, Country: "Germany", TwinCity: "Kraków", TwinCountry: "Poland", Line: i + 1})
	}
	if _, err := importer.ImportTwinning(ctx, db, rows, importer.TwinningImport[*store.Tx]{Source: "test"}); err != nil {
		t.Fatal(err)
	}
	title := wikitest.Title(t, "WikiCities test/Twinning index")
	base := append([]string{"publish", "--wiki", w.API, "--page", title, "--bot-user", w.User, "--bot-password", w.Password}, sargs...)

	out, err := runCLI(t, append(base, "--dry-run")...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "+++ "+title+" (WikiCities)") || !strings.Contains(out, "+| Pipe &#124; Town") || !strings.Contains(out, "dry run") {
		t.Errorf("dry run output:\n%s", out)
	}
	c := w.Client(t, true)
	if rev, err := c.Page(ctx, title); err != nil || !rev.Missing {
		t.Fatalf("a dry run created the page: %+v %v", rev, err)
	}

	if out, err = runCLI(t, base...); err != nil || !strings.Contains(out, "saved "+title) {
		t.Fatalf("publish: %v\n%s", err, out)
	}
	rev, err := c.Page(ctx, title)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := wikitext.Parse(rev.Text)
	if err != nil {
		t.Fatal(err)
	}
	got, rejected, err := wikitext.TwinningRows(tables)
	if err != nil || len(rejected) > 0 || len(got) != len(rows) {
		t.Fatalf("read back %d rows, %v, %v", len(got), rejected, err)
	}
	html, err := c.ParseWikitext(ctx, title, rev.Text)
	if err != nil {
		t.Fatal(err)
	}
	rendered, err := wikitest.HTMLTables(html)
	if err != nil {
		t.Fatal(err)
	}
	if len(rendered) != 1 || len(rendered[0].Rows) != len(rows)+1 {
		t.Fatalf("MediaWiki renders %d tables (want 1 with %d rows):\n%s", len(rendered), len(rows)+1, html)
	}
	shown := map[string]bool{}
	for _, r := range rendered[0].Rows[1:] {
		shown[r[0].Text], shown[r[3].Text] = true, true // the city sorting first is on the left
	}
	for _, r := range rows {
		if !shown[wikitext.NormalizeText(r.City)] {
			t.Errorf("MediaWiki does not show the city %q (shows %v)", r.City, shown)
		}
	}
	if strings.Contains(html, `id="toc"`) || strings.Contains(html, "<b>") || strings.Contains(html, "mw-magiclink") {
		t.Errorf("markup got through in MediaWiki's rendering:\n%s", html)
	}
	found := map[string]bool{}
	for _, r := range got {
		found[r.City], found[r.TwinCity] = true, true
	}
	for _, r := range rows {
		if !found[wikitext.NormalizeText(r.City)] {
			t.Errorf("city %q not read back (have %v)", r.City, found)
		}
	}

	// Publishing again changes nothing; text an editor adds around the
	// block is kept when the block changes.
	if out, err = runCLI(t, base...); err != nil || !strings.Contains(out, "up to date") {
		t.Fatalf("second publish: %v\n%s", err, out)
	}
	if _, err := c.Edit(ctx, mediawiki.Edit{Title: title, Text: "Intro by an editor.\n\n" + rev.Text + "\n[[Category:Twinning]]", Base: rev}); err != nil {
		t.Fatal(err)
	}
	if _, err := importer.ImportTwinning(ctx, db, []wikicities.TwinningRow{{City: "Bologna", TwinCity: "Valencia"}}, importer.TwinningImport[*store.Tx]{Source: "test"}); err != nil {
		t.Fatal(err)
	}
	if out, err = runCLI(t, base...); err != nil || !strings.Contains(out, "+| Bologna") {
		t.Fatalf("third publish: %v\n%s", err, out)
	}
	rev, err = c.Page(ctx, title)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(rev.Text, "Intro by an editor.") || !strings.HasSuffix(rev.Text, "[[Category:Twinning]]") || !strings.Contains(rev.Text, "| Bologna") {
		t.Errorf("page after the third publish:\n%s", rev.Text)
	}
}

func TestPublishWithoutCredentialsIsUnauthorized(t *testing.T) {
	w := wikitest.Require(t)
	t.Setenv("WIKICITIES_BOT_USER", "")
	t.Setenv("WIKICITIES_BOT_PASSWORD", "")
	t.Setenv("WIKICITIES_OAUTH_TOKEN", "")
	_, err := runCLI(t, "publish", "--wiki", w.API, "--page", "X", "--data-dir", t.TempDir())
	if !errors.Is(err, wikicities.ErrUnauthorized) {
		t.Fatalf("err = %v", err)
	}
}

// A page written by hand in the styles people use on Meta is pulled: sync
// shows what WikiCities would gain, --apply imports it with the page's
// title and revision as provenance.
func TestSyncPagePullsAHandWrittenMetaPage(t *testing.T) {
	w := wikitest.Require(t)
	ctx := context.Background()
	src, err := os.ReadFile(metaStyles)
	if err != nil {
		t.Fatal(err)
	}
	title := wikitest.Title(t, "WikiCities test/Meta styles")
	c := w.Client(t, true)
	base, err := c.Page(ctx, title)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Edit(ctx, mediawiki.Edit{Title: title, Text: string(src), Base: base})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			sargs := metaStoreArgs(t, d)
			args := append([]string{"sync", "page", "--wiki", w.API, "--page", title}, sargs...)
			out, err := runCLI(t, args...)
			if err != nil || !strings.Contains(out, "would import") || !strings.Contains(out, "8 twin links added") || !strings.Contains(out, "line 37: no city") {
				t.Fatalf("sync: %v\n%s", err, out)
			}
			db := openMetaStore(t, sargs)
			if st, _ := db.Cities().Stats(ctx); st.TwinLinks != 0 {
				t.Fatalf("sync without --apply imported %d links", st.TwinLinks)
			}
			if out, err = runCLI(t, append(args, "--apply")...); err != nil || !strings.Contains(out, "imported:") {
				t.Fatalf("sync --apply: %v\n%s", err, out)
			}
			links, err := db.Cities().AllTwinLinks(ctx)
			if err != nil {
				t.Fatal(err)
			}
			wantProv := "127.0.0.1"
			if len(links) != 8 || !strings.Contains(links[0].Provenance, title+"@") || !strings.HasPrefix(links[0].Provenance, wantProv) ||
				!strings.Contains(links[0].Provenance, "@"+strconv.FormatInt(res.NewRevID, 10)+":") {
				t.Errorf("%d links, provenance %q (revision %d)", len(links), links[0].Provenance, res.NewRevID)
			}
		})
	}
}

// A community's partnerships are published as a table of their own block:
// MediaWiki renders one row per partner, and the page's other text stays.
func TestPublishPartnershipsOfACommunity(t *testing.T) {
	w := wikitest.Require(t)
	ctx := context.Background()
	sargs := metaStoreArgs(t, store.SQLite)
	db := openMetaStore(t, sargs)
	world := storetest.MustPartners(t, db)
	as := wikicities.NewContext(ctx, world.CoordA)
	for _, p := range []*wikicities.Partnership{
		{A: world.A, B: world.B, Type: wikicities.TypeTwinning, Level: wikicities.LevelGlobal},
		{A: world.A, B: world.Inst, Type: wikicities.TypeInstitutional, Level: wikicities.LevelLocal},
	} {
		if err := db.Partnerships().Propose(as, p, ""); err != nil {
			t.Fatal(err)
		}
	}
	title := wikitest.Title(t, "WikiCities test/Partnerships")
	c := w.Client(t, true)
	mustEdit(t, c, title, "Our partners:\n\n<!-- wikicities:partnerships-community-"+strconv.FormatInt(world.A.ID, 10)+
		" begin -->\n<!-- wikicities:partnerships-community-"+strconv.FormatInt(world.A.ID, 10)+" end -->\n\nThanks!")
	base := append([]string{"publish", "--what", "partnerships", "--community", strconv.FormatInt(world.A.ID, 10),
		"--wiki", w.API, "--page", title, "--bot-user", w.User, "--bot-password", w.Password}, sargs...)
	if out, err := runCLI(t, base...); err != nil || !strings.Contains(out, "saved "+title) {
		t.Fatalf("publish: %v\n%s", err, out)
	}
	rev, err := c.Page(ctx, title)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(rev.Text, "Our partners:") || !strings.HasSuffix(rev.Text, "Thanks!") {
		t.Errorf("the editors' text was not kept:\n%s", rev.Text)
	}
	html, err := c.ParseWikitext(ctx, title, rev.Text)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := wikitest.HTMLTables(html)
	if err != nil || len(tables) != 1 {
		t.Fatalf("%d tables, %v:\n%s", len(tables), err, html)
	}
	var partners []string
	for _, r := range tables[0].Rows[1:] {
		partners = append(partners, r[0].Text+" ("+r[2].Text+", "+r[4].Text+")")
	}
	want := "Musée Carnavalet (institutional, proposed), Wikimedia Paris (twinning, proposed)"
	if strings.Join(partners, ", ") != want || !strings.Contains(tables[0].Caption, "Wikimedians of Berlin") {
		t.Errorf("rendered partners %q, caption %q; want %q", partners, tables[0].Caption, want)
	}
	if _, err := runCLI(t, "publish", "--what", "partnerships", "--wiki", w.API, "--page", title); err == nil {
		t.Error("--what partnerships without --community was accepted")
	}
}

func mustEdit(t *testing.T, c *mediawiki.Client, title, text string) int64 {
	t.Helper()
	base, err := c.Page(context.Background(), title)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Edit(context.Background(), mediawiki.Edit{Title: title, Text: text, Base: base})
	if err != nil {
		t.Fatal(err)
	}
	return res.NewRevID
}
