package http

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"sort"
	"strings"
	"sync"
)

// The OpenAPI document is assembled from fragments, one per area of the API
// (openapi/NN-area.json), so that each area documents its own routes. The
// first fragment holds the document's head; later ones add paths and schemas.
//
//go:embed openapi/*.json
var openapiFS embed.FS

var (
	openapiOnce sync.Once
	openapiDoc  []byte
	openapiErr  error
)

// OpenAPI returns the assembled OpenAPI 3 document.
func OpenAPI() ([]byte, error) {
	openapiOnce.Do(func() { openapiDoc, openapiErr = assembleOpenAPI() })
	return openapiDoc, openapiErr
}

func assembleOpenAPI() ([]byte, error) {
	names, err := fs.Glob(openapiFS, "openapi/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	doc := map[string]any{}
	paths := map[string]any{}
	schemas := map[string]any{}
	for _, n := range names {
		b, err := openapiFS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		var frag map[string]any
		if err := json.Unmarshal(b, &frag); err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		for k, v := range frag {
			switch k {
			case "paths":
				for p, item := range v.(map[string]any) {
					if existing, ok := paths[p].(map[string]any); ok {
						for m, op := range item.(map[string]any) {
							if _, dup := existing[m]; dup {
								return nil, fmt.Errorf("%s: %s %s is documented twice", n, m, p)
							}
							existing[m] = op
						}
					} else {
						paths[p] = item
					}
				}
			case "components":
				if sc, ok := v.(map[string]any)["schemas"].(map[string]any); ok {
					for name, s := range sc {
						if _, dup := schemas[name]; dup {
							return nil, fmt.Errorf("%s: schema %s is defined twice", n, name)
						}
						schemas[name] = s
					}
				}
			default:
				doc[k] = v
			}
		}
	}
	addErrorResponses(paths)
	doc["paths"] = paths
	doc["components"] = map[string]any{"schemas": schemas}
	return json.MarshalIndent(doc, "", "  ")
}

// writeResponses are the answers that the middleware, not the handler,
// gives to any write of the API; addErrorResponses documents them on every
// POST, PUT, PATCH and DELETE whose fragment does not say more precisely.
var writeResponses = map[string]string{
	"400": "The body is not one JSON value of the documented shape, or holds text that is not UTF-8 or a control character; or the query has a parameter the operation does not take (each named in fields)",
	"401": "Not signed in, or the credentials are wrong",
	"403": "Not allowed, or a cookie-authenticated write without its CSRF token",
	"413": "The request body is too large",
	"429": "Too many requests from this account or address; try again after Retry-After seconds",
}

// anyResponses are the answers any operation of the API may give.
var anyResponses = map[string]string{
	"400": "The query has a parameter the operation does not take (each named in fields): unknown parameters are refused, not ignored",
	"503": "The database is unavailable for now; try again after Retry-After seconds",
}

// addErrorResponses completes the error answers of every operation of the
// API: those any operation (anyResponses) or any write (writeResponses)
// may give, where its fragment does not say more precisely; and the one
// JSON error body (components.schemas.Error) on every 4xx and 5xx answer
// that a fragment describes in words only: every error of the API has that
// shape, whatever its status.
func addErrorResponses(paths map[string]any) {
	writes := maps.Clone(anyResponses)
	maps.Copy(writes, writeResponses)
	for p, item := range paths {
		if !strings.HasPrefix(p, "/api/") {
			continue
		}
		for m, op := range item.(map[string]any) {
			o, _ := op.(map[string]any) // or a path item's "parameters"
			rs, ok := o["responses"].(map[string]any)
			if !ok {
				continue
			}
			common := anyResponses
			if m == "post" || m == "put" || m == "patch" || m == "delete" {
				common = writes
			}
			for code, desc := range common {
				if _, said := rs[code]; !said {
					rs[code] = map[string]any{"description": desc}
				}
			}
			for code, resp := range rs {
				r, ok := resp.(map[string]any)
				if !ok || len(code) != 3 || (code[0] != '4' && code[0] != '5') {
					continue
				}
				if _, has := r["content"]; !has {
					r["content"] = map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}
				}
			}
		}
	}
}

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	b, err := OpenAPI()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(b)
}
