package http_test

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
	"testing"

	wchttp "github.com/wikicities/wikicities/http"
)

// The OpenAPI document lists every kind of inbox item the domain has: a
// kind added to inbox.go without it makes generated clients reject the
// inbox (event_soon was missing).
func TestOpenAPIListsEveryInboxKind(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "../inbox.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	ast.Inspect(f, func(n ast.Node) bool {
		if v, ok := n.(*ast.ValueSpec); ok && len(v.Names) == 1 && strings.HasPrefix(v.Names[0].Name, "Inbox") && len(v.Values) == 1 {
			if id, ok := v.Type.(*ast.Ident); ok && id.Name == "InboxKind" {
				if lit, ok := v.Values[0].(*ast.BasicLit); ok {
					s, _ := strconv.Unquote(lit.Value)
					kinds = append(kinds, s)
				}
			}
		}
		return true
	})
	if len(kinds) < 10 {
		t.Fatalf("read %d inbox kinds from inbox.go", len(kinds))
	}
	raw, err := wchttp.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Enum []string `json:"enum"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	enum := doc.Components.Schemas["InboxItem"].Properties["kind"].Enum
	for _, k := range kinds {
		if !slices.Contains(enum, k) {
			t.Errorf("inbox kind %q is not in the OpenAPI InboxItem.kind enum %v", k, enum)
		}
	}
}
