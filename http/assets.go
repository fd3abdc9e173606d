package http

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
)

// The built web assets (see web/build.mjs): Codex and Leaflet from their npm
// packages, the country outlines, and WikiCities' own CSS and JS. They are
// served under content-hashed URLs (/assets/site.3f2a9c1e04.css), so a
// browser may keep them for a year and a new build is fetched at once.
//
//go:embed static
var staticFS embed.FS

// asset is one embedded file, ready to serve.
type asset struct {
	name        string // "site.css"
	url         string // "/assets/site.3f2a9c1e04.css"
	contentType string
	etag        string
	body        []byte
	gzipped     []byte // nil when gzip would not help
}

var (
	assetsOnce  sync.Once
	assetByName map[string]*asset // by plain name
	assetByURL  map[string]*asset // by hashed file name
)

func loadAssets() {
	assetByName = map[string]*asset{}
	assetByURL = map[string]*asset{}
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		panic(err) // the directory is embedded; this cannot happen
	}
	for _, e := range entries {
		body, err := staticFS.ReadFile("static/" + e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:])[:12]
		ext := path.Ext(e.Name())
		hashed := strings.TrimSuffix(e.Name(), ext) + "." + hash + ext
		a := &asset{
			name: e.Name(), url: "/assets/" + hashed, body: body, etag: `"` + hash + `"`,
			contentType: assetType(ext),
		}
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		if gz.Len() < len(body)*9/10 {
			a.gzipped = gz.Bytes()
		}
		assetByName[a.name] = a
		assetByURL[hashed] = a
	}
}

func assetType(ext string) string {
	switch ext {
	case ".geojson":
		return "application/geo+json"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// AssetURL returns the content-hashed URL of the embedded asset name
// ("site.css"). It panics on an unknown name: a template naming an asset
// that the build does not make is a programming error that the page tests
// catch.
func AssetURL(name string) string {
	assetsOnce.Do(loadAssets)
	a := assetByName[name]
	if a == nil {
		panic("http: no asset " + strconv.Quote(name) + " in http/static (run make assets)")
	}
	return a.url
}

// AssetNames returns the names of the embedded assets.
func AssetNames() []string {
	assetsOnce.Do(loadAssets)
	var out []string
	for n := range assetByName {
		out = append(out, n)
	}
	return out
}

// handleAsset serves an asset by its hashed name, gzip-compressed when the
// client accepts it, cacheable for a year and immutable.
func (s *Server) handleAsset(w http.ResponseWriter, r *http.Request) {
	assetsOnce.Do(loadAssets)
	a := assetByURL[r.PathValue("path")]
	if a == nil {
		s.renderError(w, r, errNoPage)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", a.etag)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Add("Vary", "Accept-Encoding")
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, a.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := a.body
	if a.gzipped != nil && acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = a.gzipped
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip
// (named, or as *, with a quality above zero).
func acceptsGzip(r *http.Request) bool {
	for part := range strings.SplitSeq(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		coding = strings.TrimSpace(coding)
		if !strings.EqualFold(coding, "gzip") && coding != "*" {
			continue
		}
		q := 1.0
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.EqualFold(strings.TrimSpace(k), "q") {
			var err error
			if q, err = strconv.ParseFloat(strings.TrimSpace(v), 64); err != nil {
				q = 0
			}
		}
		return q > 0
	}
	return false
}
