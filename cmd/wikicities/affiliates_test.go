package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer/affiliates/affiliatestest"
	"github.com/wikicities/wikicities/mediawiki"
	"github.com/wikicities/wikicities/mediawiki/wikitest"
	"github.com/wikicities/wikicities/store/storetest"
)

// seedCities adds the cities the recorded answers name, with the items
// Wikidata gives them, as a world import would have.
func seedCities(t *testing.T, sargs []string) {
	t.Helper()
	db := openMetaStore(t, sargs)
	sys := wikicities.NewContext(context.Background(), wikicities.System)
	for _, c := range []*wikicities.City{{Name: "Berlin", Country: "Germany", QID: "Q64"}, {Name: "Paris", Country: "France", QID: "Q90"},
		{Name: "Munich", Country: "Germany"}, {Name: "New York City", Country: "United States"}} {
		if err := db.Cities().CreateCity(sys, c); err != nil {
			t.Fatal(err)
		}
	}
}

func TestImportAffiliatesFromRecordedAnswersReportsWhatChanged(t *testing.T) {
	answers := affiliatestest.Recorded(t)
	api, endpoint := affiliatestest.Serve(t, answers)
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			sargs := metaStoreArgs(t, d)
			seedCities(t, sargs)
			args := append([]string{"import", "affiliates", "--wiki", api, "--endpoint", endpoint}, sargs...)
			out, err := runCLI(t, args...)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			for _, want := range []string{
				"affiliates imported: 14 read, 12 added, 0 updated, 0 dissolved, 0 unchanged, 0 matched to the directory, 0 probable matches to confirm, 2 skipped",
				"  added: Wikimedia Deutschland (community ",
				"  added: Վիքիմեդիա Հայաստան (community ",
				"placed at country level: no city given",
				"  skipped: Igbo Wikimedians User Group: Wikimedia user groups:",
				"  rejected: Wikimedia chapters:21: no affiliate name in the name column",
			} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			db := openMetaStore(t, sargs)
			all, _, err := db.Communities().Communities(context.Background(), wikicities.DirectoryFilter{Limit: 100, Archived: true})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]*wikicities.Community{}
			for _, c := range all {
				got[c.Name] = c
			}
			if nyc := got["Wikimedia New York City"]; nyc == nil || nyc.CityID == 0 {
				t.Errorf("Wikimedia New York City not placed in its city: %+v", nyc)
			}
			if hk := got["香港維基媒體協會 / Wikimedia Hong Kong"]; hk == nil || hk.Status != wikicities.StatusClosed || hk.Listing.Dissolved != "2017-06-30" {
				t.Errorf("Wikimedia Hong Kong not listed as dissolved: %+v", hk)
			}
			// The page and the API mark the entry as listed, in every language.
			serveListed(t, sargs, got["Wikimedia Deutschland"].ID)
			// Again, as JSON: nothing changed.
			out, err = runCLI(t, append(args, "--json")...)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			var rep struct {
				Added, Unchanged int
				Rejected         []struct{ Place, Reason string }
			}
			if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Added != 0 || rep.Unchanged != 12 || len(rep.Rejected) != 2 {
				t.Errorf("second run: %+v %v\n%s", rep, err, out)
			}
		})
	}
}

func TestImportAffiliatesNamesTheMissingPage(t *testing.T) {
	answers := affiliatestest.Recorded(t)
	api, _ := affiliatestest.Serve(t, answers)
	out, err := runCLI(t, "import", "affiliates", "--wiki", api, "--no-wikidata", "--user-groups-page", "No such list", "--data-dir", t.TempDir())
	if err == nil || !strings.Contains(err.Error(), `page "No such list" does not exist`) {
		t.Fatalf("err = %v\n%s", err, out)
	}
}

// The lists as Meta writes them, on the test suite's real MediaWiki.
func TestImportAffiliatesFromAWikiServingMetaStyleLists(t *testing.T) {
	w := wikitest.Require(t)
	ctx := context.Background()
	answers := affiliatestest.Recorded(t)
	c := w.Client(t, true)
	titles := map[string]string{}
	for _, list := range []string{"Wikimedia chapters", "Wikimedia thematic organizations", "Wikimedia user groups"} {
		title := wikitest.Title(t, "WikiCities test/"+list)
		base, err := c.Page(ctx, title)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Edit(ctx, mediawiki.Edit{Title: title, Text: affiliatestest.PageText(t, answers.Pages[list]), Base: base}); err != nil {
			t.Fatal(err)
		}
		titles[list] = title
	}
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			sargs := metaStoreArgs(t, d)
			seedCities(t, sargs)
			out, err := runCLI(t, append([]string{"import", "affiliates", "--wiki", w.API, "--no-wikidata",
				"--chapters-page", titles["Wikimedia chapters"], "--thematic-page", titles["Wikimedia thematic organizations"],
				"--user-groups-page", titles["Wikimedia user groups"]}, sargs...)...)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if !strings.Contains(out, "13 read, 11 added") || !strings.Contains(out, "added: Munich User Group") {
				t.Errorf("import from the wiki:\n%s", out)
			}
			db := openMetaStore(t, sargs)
			got, _, err := db.Communities().Communities(ctx, wikicities.DirectoryFilter{Query: "Munich User Group"})
			if err != nil || len(got) != 1 || got[0].Listing == nil || !strings.Contains(got[0].Listing.Provenance, titles["Wikimedia user groups"]+"@") {
				t.Fatalf("Munich User Group: %+v %v", got, err)
			}
		})
	}
}

// serveListed boots the server on the store and checks that community id
// is marked as imported on its page (English, German, Arabic) and in the API.
func serveListed(t *testing.T, sargs []string, id int64) {
	t.Helper()
	m := runMainOnArgs(t, sargs)
	base := m.Server.URL() + "/communities/" + strconv.FormatInt(id, 10)
	for lang, want := range map[string]string{
		"en": "Listed from the movement&#39;s affiliate lists; not yet claimed by a coordinator.",
		"de": "Aus den Affiliate-Listen der Bewegung übernommen",
		"ar": "مدرجة من قوائم منتسبي الحركة",
	} {
		body := getBody(t, base+"?uselang="+lang)
		if !strings.Contains(body, want) || !strings.Contains(body, "meta:Wikimedia chapters@27411234") {
			t.Errorf("%s page of a listed community lacks %q and its provenance", lang, want)
		}
	}
	var c wikicities.Community
	if err := json.Unmarshal([]byte(getBody(t, m.Server.URL()+"/api/v1/communities/"+strconv.FormatInt(id, 10))), &c); err != nil || c.Listing == nil ||
		c.Listing.QID != "Q8288" || c.Listing.Claimed {
		t.Errorf("API: %+v %v", c, err)
	}
}

func TestServeRefreshesAffiliatesOnSchedule(t *testing.T) {
	api, endpoint := affiliatestest.Serve(t, affiliatestest.Recorded(t))
	m := NewMain()
	var out lockedBuffer
	m.Log = slog.New(slog.NewTextHandler(&out, nil))
	if err := m.ParseFlags([]string{"--data-dir", t.TempDir(), "--addr", "127.0.0.1:0", "--no-demo",
		"--refresh-affiliates", "1h", "--affiliates-wiki", api, "--affiliates-endpoint", endpoint}, IO{Stdout: &out, Stderr: &out}); err != nil {
		t.Fatal(err)
	}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, n, err := m.DB.Communities().Communities(context.Background(), wikicities.DirectoryFilter{Archived: true})
		if err != nil {
			t.Fatal(err)
		}
		if n == 12 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d communities after 20 s, want the 12 listed ones; log:\n%s", n, out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestServeDoesNotRefreshAffiliatesByDefault(t *testing.T) {
	m := NewMain()
	var out bytes.Buffer
	if err := m.ParseFlags([]string{"--data-dir", t.TempDir(), "--addr", "127.0.0.1:0", "--no-demo"}, IO{Stdout: &out, Stderr: &out}); err != nil {
		t.Fatal(err)
	}
	if m.Affiliates.every != 0 {
		t.Fatalf("--refresh-affiliates defaults to %v, want off", m.Affiliates.every)
	}
}
