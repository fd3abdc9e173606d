package http

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"sort"
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
	doc["paths"] = paths
	doc["components"] = map[string]any{"schemas": schemas}
	return json.MarshalIndent(doc, "", "  ")
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
