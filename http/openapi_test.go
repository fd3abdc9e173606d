package http_test

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/twins"
)

// The OpenAPI document and the registered routes must name the same
// operations: a route added without documentation, or documentation left
// behind by a removed route, fails here.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s := newServer(db, twins.New(nil, nil))
	b, err := wchttp.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi version %q, want 3.x", doc.OpenAPI)
	}
	documented := map[string]bool{}
	for p, ops := range doc.Paths {
		for m := range ops {
			if m == "parameters" {
				continue
			}
			documented[strings.ToUpper(m)+" "+p] = true
		}
	}
	wildcard := regexp.MustCompile(`\{([a-zA-Z_]+)(\.\.\.)?\}`)
	routed := map[string]bool{}
	for _, p := range s.Patterns() {
		method, path, ok := strings.Cut(p, " ")
		if !ok || !(strings.HasPrefix(path, "/api/") || path == "/healthz") {
			continue // HTML pages and assets are not part of the API
		}
		routed[method+" "+wildcard.ReplaceAllString(path, "{$1}")] = true
	}
	var missing, stale []string
	for r := range routed {
		if !documented[r] {
			missing = append(missing, r)
		}
	}
	for d := range documented {
		if !routed[d] {
			stale = append(stale, d)
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	if len(missing) > 0 {
		t.Errorf("routes missing from the OpenAPI document:\n  %s", strings.Join(missing, "\n  "))
	}
	if len(stale) > 0 {
		t.Errorf("documented operations with no route:\n  %s", strings.Join(stale, "\n  "))
	}
}

// The assembled document is valid OpenAPI 3 by a maintained validator
// (kin-openapi): every $ref resolves, every schema and parameter is well
// formed, and each path parameter is declared.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	b, err := wchttp.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(b)
	if err != nil {
		t.Fatalf("loading the document: %v", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("the OpenAPI document is not valid: %v", err)
	}
}

// Every error answer of the API is documented with the one error body.
func TestEveryAPIErrorResponseHasTheErrorSchema(t *testing.T) {
	b, err := wchttp.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	// A path item holds operations and may hold "parameters" (a list)
	// shared by them: only the operations are read.
	type operation struct {
		Responses map[string]struct {
			Content map[string]struct {
				Schema struct {
					Ref   string `json:"$ref"`
					AllOf []struct {
						Ref string `json:"$ref"`
					} `json:"allOf"`
				} `json:"schema"`
			} `json:"content"`
		} `json:"responses"`
	}
	var raw struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]operation
	}
	doc.Paths = map[string]map[string]operation{}
	for path, item := range raw.Paths {
		doc.Paths[path] = map[string]operation{}
		for method, m := range item {
			if method == "parameters" || method == "summary" || method == "description" {
				continue
			}
			var op operation
			if err := json.Unmarshal(m, &op); err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
			doc.Paths[path][method] = op
		}
	}
	n := 0
	for path, ops := range doc.Paths {
		if !strings.HasPrefix(path, "/api/") {
			continue
		}
		for method, op := range ops {
			for code, r := range op.Responses {
				if code[0] != '4' && code[0] != '5' {
					continue
				}
				n++
				sc := r.Content["application/json"].Schema
				if sc.Ref != "#/components/schemas/Error" && (len(sc.AllOf) == 0 || sc.AllOf[0].Ref != "#/components/schemas/Error") {
					t.Errorf("%s %s answers %s without the Error schema", method, path, code)
				}
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d error answers documented", n)
	}
}
