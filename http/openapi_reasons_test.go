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

// The OpenAPI document lists every reason code a partner suggestion can
// carry: a code added to suggestion.go without it makes clients that
// validate answers reject the suggestions (near_our_city,
// covers_twin_country and in_twin_region were missing).
func TestOpenAPIListsEverySuggestionReason(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "../suggestion.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	ast.Inspect(f, func(n ast.Node) bool {
		if v, ok := n.(*ast.ValueSpec); ok && len(v.Names) == 1 && strings.HasPrefix(v.Names[0].Name, "Reason") && len(v.Values) == 1 {
			if lit, ok := v.Values[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, _ := strconv.Unquote(lit.Value)
				codes = append(codes, s)
			}
		}
		return true
	})
	if len(codes) < 10 {
		t.Fatalf("read %d reason codes from suggestion.go", len(codes))
	}
	raw, err := wchttp.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Items struct {
						Properties map[string]struct {
							Enum        []string `json:"enum"`
							Description string   `json:"description"`
						} `json:"properties"`
					} `json:"items"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	code := doc.Components.Schemas["Suggestion"].Properties["reasons"].Items.Properties["code"]
	for _, c := range codes {
		if !slices.Contains(code.Enum, c) {
			t.Errorf("reason %q is not in the OpenAPI Suggestion.reasons.code enum %v", c, code.Enum)
		}
		if !strings.Contains(code.Description, c) {
			t.Errorf("the description of Suggestion.reasons.code does not give the params of %q", c)
		}
	}
}
