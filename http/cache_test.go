package http_test

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/twins"
)

// fetch GETs url with headers ("Name: value") and returns the answer with
// its body, decompressed when gzip.
func fetch(t *testing.T, url string, headers ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Accept-Encoding", "identity")
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultTransport.RoundTrip(req) // no transparent gzip
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var rd io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatalf("GET %s: bad gzip: %v", url, err)
		}
		rd = zr
	}
	b, err := io.ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func TestCachedAnswersHaveStrongETagsAnd304(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, _, ids := twinLinkServer(t, db)
		for _, path := range []string{"/api/v1/twins?city=Augsburg", "/cities/" + itoa(ids[0]), "/api/v1/cities?q=aug", "/search?q=aug"} {
			first, body := fetch(t, srv.URL+path)
			etag := first.Header.Get("ETag")
			if first.StatusCode != 200 || !strings.HasPrefix(etag, `"`) || !strings.HasSuffix(etag, `"`) || len(etag) < 10 {
				t.Fatalf("%s: status %d, ETag %q; want 200 and a strong ETag", path, first.StatusCode, etag)
			}
			again, body2 := fetch(t, srv.URL+path)
			if again.Header.Get("ETag") != etag || body2 != body {
				t.Errorf("%s: a second read differs (ETag %q, %q)", path, etag, again.Header.Get("ETag"))
			}
			nm, rest := fetch(t, srv.URL+path, "If-None-Match: "+etag)
			if nm.StatusCode != http.StatusNotModified || rest != "" || nm.Header.Get("ETag") != etag {
				t.Errorf("%s with If-None-Match %s: status %d, body %d bytes, ETag %q; want 304, empty, same ETag",
					path, etag, nm.StatusCode, len(rest), nm.Header.Get("ETag"))
			}
			if other, _ := fetch(t, srv.URL+path, `If-None-Match: "something-else"`); other.StatusCode != 200 {
				t.Errorf("%s with another ETag: status %d, want 200", path, other.StatusCode)
			}
			if len(body) < 1024 {
				continue
			}
			// The compressed body is another representation: its own ETag.
			gz, unzipped := fetch(t, srv.URL+path, "Accept-Encoding: gzip, deflate")
			if gz.Header.Get("Content-Encoding") != "gzip" || unzipped != body {
				t.Errorf("%s: gzip %q, same body %v", path, gz.Header.Get("Content-Encoding"), unzipped == body)
			}
			gzTag := gz.Header.Get("ETag")
			vary := strings.Join(gz.Header.Values("Vary"), ", ")
			if gzTag == etag || strings.Count(vary, "Accept-Encoding") != 1 {
				t.Errorf("%s: gzip ETag %q (plain %q), Vary %q (want Accept-Encoding named once)", path, gzTag, etag, vary)
			}
			if nm, _ := fetch(t, srv.URL+path, "Accept-Encoding: gzip", "If-None-Match: "+gzTag); nm.StatusCode != http.StatusNotModified {
				t.Errorf("%s gzip with If-None-Match: status %d, want 304", path, nm.StatusCode)
			}
		}
	})
}

func TestTwinLinkAddedThroughTheAPIShowsOnTheNextGET(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, _, ids := twinLinkServer(t, db)
		_, before := fetch(t, srv.URL+"/api/v1/twins?city=Augsburg")
		_, page := fetch(t, srv.URL+"/cities/"+itoa(ids[0]))
		if strings.Contains(before, "Jinan") || strings.Contains(page, "Jinan") {
			t.Fatal("Jinan is a twin before the link")
		}
		if code, out := post(t, srv.URL, "writer", `{"a": `+itoa(ids[0])+`, "b": `+itoa(ids[1])+`}`); code != http.StatusCreated {
			t.Fatalf("POST: %d %v", code, out)
		}
		if _, after := fetch(t, srv.URL+"/api/v1/twins?city=Augsburg"); !strings.Contains(after, "Jinan") {
			t.Errorf("twins API after the link: %s", after)
		}
		if _, page := fetch(t, srv.URL+"/cities/"+itoa(ids[0])); !strings.Contains(page, "Jinan") {
			t.Error("city page after the link does not list Jinan")
		}
	})
}

func TestSignedInPagesNeverComeFromTheAnonymousCache(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	srv, _, ids := twinLinkServer(t, db)
	path := srv.URL + "/cities/" + itoa(ids[0])
	_, anon := fetch(t, path)
	signed, page := fetch(t, path, actorHeader+": writer")
	if !strings.Contains(page, "Anna") || signed.Header.Get("ETag") != "" {
		t.Errorf("signed-in page: Anna named %v, ETag %q; want her page, not the cached one", strings.Contains(page, "Anna"), signed.Header.Get("ETag"))
	}
	if _, again := fetch(t, path); again != anon || strings.Contains(again, "Anna") {
		t.Error("an anonymous reader got the signed-in page")
	}
	// Nor the other way round, when the account's page came first.
	other := srv.URL + "/cities/" + itoa(ids[1])
	fetch(t, other, actorHeader+": writer")
	if _, a := fetch(t, other); strings.Contains(a, "Anna") {
		t.Error("an anonymous reader got the page rendered for Anna")
	}
}

func TestAnswersSettingCookiesAreNotCached(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	srv, _, ids := twinLinkServer(t, db)
	path := srv.URL + "/cities/" + itoa(ids[0]) + "?uselang=de"
	for i := range 2 {
		resp, _ := fetch(t, path)
		if resp.Header.Get("Set-Cookie") == "" || resp.Header.Get("ETag") != "" {
			t.Errorf("read %d: Set-Cookie %q, ETag %q; want the language cookie on every answer, none cached",
				i+1, resp.Header.Get("Set-Cookie"), resp.Header.Get("ETag"))
		}
	}
	// The language is part of the key: German and English differ.
	_, de := fetch(t, srv.URL+"/cities/"+itoa(ids[0]), "Accept-Language: de")
	_, en := fetch(t, srv.URL+"/cities/"+itoa(ids[0]), "Accept-Language: en")
	if de == en || !strings.Contains(de, `lang="de"`) || !strings.Contains(en, `lang="en"`) {
		t.Error("the cache mixed up languages")
	}
}

func TestInvalidateShowsChangesMadeBehindTheServersBack(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	ctx := context.Background()
	a, b := &wikicities.City{Name: "Augsburg", Country: "Germany"}, &wikicities.City{Name: "Jinan", Country: "China"}
	for _, c := range []*wikicities.City{a, b} {
		if err := db.Cities().CreateCity(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	cs, _ := db.Cities().AllCities(ctx)
	s := newServer(db, twins.New(cs, nil))
	s.CacheTTL = time.Hour
	twinsOf := func() string { return get(t, s, "/api/v1/twins?city=Augsburg").body }
	if strings.Contains(twinsOf(), "Jinan") {
		t.Fatal("twinned before the link")
	}
	// Another instance (or the command line) adds the link: the graph
	// learns of it, but no request of this server wrote.
	s.Graph.AddLink(a.ID, b.ID)
	if strings.Contains(twinsOf(), "Jinan") {
		t.Fatal("served fresh without an announcement: is the answer cached at all?")
	}
	gen := s.DataGeneration()
	s.Invalidate()
	if s.DataGeneration() == gen {
		t.Error("Invalidate did not move the data generation on")
	}
	if !strings.Contains(twinsOf(), "Jinan") {
		t.Error("still the old answer after Invalidate")
	}
	// And at most CacheTTL after the change when nobody announces it.
	s.CacheTTL = time.Millisecond
	c := &wikicities.City{Name: "Dayton", Country: "United States"}
	db.Cities().CreateCity(ctx, c)
	s.Graph.AddCity(c)
	s.Graph.AddLink(a.ID, c.ID)
	time.Sleep(5 * time.Millisecond)
	if !strings.Contains(twinsOf(), "Dayton") {
		t.Error("still the old answer after CacheTTL")
	}
}
