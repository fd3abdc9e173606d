package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
)

// Every community, institution and partnership page of the demo data
// renders in every language without a missing message, and the home map
// features the demo communities' cities first.
func TestDemoPartnerPagesRender(t *testing.T) {
	m := MustRunMain(t, store.SQLite, true)
	ctx := context.Background()
	comms, _, err := m.DB.Communities().Communities(ctx, wikicities.DirectoryFilter{Limit: 500})
	if err != nil || len(comms) == 0 {
		t.Fatalf("demo communities: %d, %v", len(comms), err)
	}
	insts, _, err := m.DB.Institutions().Institutions(ctx, wikicities.DirectoryFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	parts, _, err := m.DB.Partnerships().Partnerships(ctx, wikicities.PartnershipFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, c := range comms {
		paths = append(paths, fmt.Sprintf("/communities/%d", c.ID))
	}
	for _, i := range insts {
		paths = append(paths, fmt.Sprintf("/institutions/%d", i.ID))
	}
	for _, p := range parts {
		paths = append(paths, fmt.Sprintf("/partnerships/%d", p.ID))
	}
	missing := regexp.MustCompile(`⧼[^⧽]*⧽`)
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(m.Server.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	t.Logf("%d communities, %d institutions, %d partnerships", len(comms), len(insts), len(parts))
	reasons := 0
	for _, lang := range []string{"en", "de", "ar"} {
		for _, p := range paths {
			code, body := get(p + "?uselang=" + lang)
			if code != http.StatusOK {
				t.Errorf("%s (%s): status %d", p, lang, code)
			}
			if s := missing.FindString(body); s != "" {
				t.Errorf("%s (%s) shows a missing message %s", p, lang, s)
			}
			reasons += strings.Count(body, `<ul class="wc-reasons">`)
		}
	}
	if reasons == 0 {
		t.Error("no demo page explains a suggestion or a health score")
	}
	_, geo := get("/map/cities.geojson")
	city := m.Graph.City(comms[0].CityID)
	if city == nil || !strings.Contains(geo, `"name":"`+city.Name+`"`) {
		t.Errorf("the home map's cities lack %v, where a demo community is based", city)
	}
}
