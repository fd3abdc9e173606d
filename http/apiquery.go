package http

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/wikicities/wikicities"
)

// documentedQueries maps "get /api/v1/cities" to the query parameters the
// OpenAPI document declares for that operation (on the operation or its
// path). An operation the document does not describe is absent.
var documentedQueries = sync.OnceValue(func() map[string][]string {
	out := map[string][]string{}
	b, err := OpenAPI()
	if err != nil {
		return out
	}
	type param struct{ Name, In string }
	var doc struct {
		Paths map[string]map[string]json.RawMessage
	}
	if json.Unmarshal(b, &doc) != nil {
		return out
	}
	for path, item := range doc.Paths {
		var shared []param
		if raw, ok := item["parameters"]; ok {
			json.Unmarshal(raw, &shared)
		}
		for method, raw := range item {
			if method == "parameters" {
				continue
			}
			var op struct{ Parameters []param }
			json.Unmarshal(raw, &op)
			names := []string{}
			for _, p := range append(slices.Clone(shared), op.Parameters...) {
				if p.In == "query" && !slices.Contains(names, p.Name) {
					names = append(names, p.Name)
				}
			}
			out[method+" "+path] = names
		}
	}
	return out
})

// refuseUnknownQuery wraps the handler of an API route so that query
// parameters its operation does not take are refused with 400 naming each,
// rather than ignored: a misspelt ?citty=Munich listed every community as
// if no filter had been asked for. What an operation takes is what the
// OpenAPI document declares for it; a route it does not describe is left
// as it is (the contract tests fail for those).
func (s *Server) refuseUnknownQuery(pattern string, h http.HandlerFunc) http.HandlerFunc {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok || !strings.HasPrefix(path, "/api/") {
		return h
	}
	known, ok := documentedQueries()[strings.ToLower(method)+" "+path]
	if !ok {
		return h
	}
	takes := "it takes none"
	if len(known) > 0 {
		takes = "it takes " + strings.Join(known, ", ")
	}
	return func(w http.ResponseWriter, r *http.Request) {
		var unknown wikicities.ValidationErrors
		for _, pair := range strings.Split(r.URL.RawQuery, "&") {
			name, _, _ := strings.Cut(pair, "=")
			if n, err := url.QueryUnescape(name); err == nil {
				name = n
			}
			if name == "" || slices.Contains(known, name) || slices.ContainsFunc(unknown, func(e *wikicities.FieldError) bool { return e.Field == name }) {
				continue
			}
			unknown.Add(name, "is not a query parameter of %s %s; %s", method, path, takes)
		}
		if len(unknown) > 0 {
			s.writeError(w, r, fmt.Errorf("%w: %w", ErrBadRequest, unknown))
			return
		}
		h(w, r)
	}
}

// queryBool reads the optional boolean ?name=: true or 1, false or 0 (as
// strconv.ParseBool reads them); false when absent. Returns ErrInvalid
// naming name for any other value, which was read as false.
func queryBool(r *http.Request, name string) (bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, invalid(name, wikicities.ProblemNotAllowed, v, "%q is not true or false", v)
	}
	return b, nil
}

// kindNames are the values of a kind list, as strings.
func kindNames[K ~string](ks []K) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}
