package http

import (
	"encoding/json"
	"regexp"
	"testing"
)

// Every operation carries what a client generator and a reader need: a
// unique camelCase operationId (the generated function's name), one tag
// declared at the top level, and a description (make api-lint checks the
// same with Spectral; this catches it in go test).
func TestOpenAPIOperationsHaveIdsTagsDescriptions(t *testing.T) {
	b, err := OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tags []struct {
			Name        string `json:"name"`
			Description string `json:"description"`
		} `json:"tags"`
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	declared := map[string]bool{}
	for _, tg := range doc.Tags {
		if tg.Description == "" {
			t.Errorf("tag %q has no description", tg.Name)
		}
		declared[tg.Name] = true
	}
	camel := regexp.MustCompile(`^[a-z][a-zA-Z0-9]*$`)
	ids := map[string]string{}
	n := 0
	for p, item := range doc.Paths {
		for m, raw := range item {
			switch m {
			case "get", "post", "put", "patch", "delete":
			default:
				continue
			}
			n++
			var op struct {
				OperationID string   `json:"operationId"`
				Tags        []string `json:"tags"`
				Description string   `json:"description"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatalf("%s %s: %v", m, p, err)
			}
			where := m + " " + p
			if !camel.MatchString(op.OperationID) {
				t.Errorf("%s: operationId %q is not camelCase", where, op.OperationID)
			} else if other, dup := ids[op.OperationID]; dup {
				t.Errorf("%s: operationId %q is also %s", where, op.OperationID, other)
			}
			ids[op.OperationID] = where
			if len(op.Tags) != 1 || !declared[op.Tags[0]] {
				t.Errorf("%s: tags %q: want one tag declared at the top level", where, op.Tags)
			}
			if len(op.Description) < 20 {
				t.Errorf("%s: description %q is missing or too short", where, op.Description)
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d operations documented", n)
	}
}
