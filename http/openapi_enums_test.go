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
	codes := stringConstants(t, "../suggestion.go", "Reason", "")
	code := openAPINode(t, "components", "schemas", "Suggestion", "properties", "reasons", "items", "properties", "code")
	enum := enumOf(code)
	description, _ := code["description"].(string)
	for _, c := range codes {
		if !slices.Contains(enum, c) {
			t.Errorf("reason %q is not in the OpenAPI Suggestion.reasons.code enum %v", c, enum)
		}
		if !strings.Contains(description, c) {
			t.Errorf("the description of Suggestion.reasons.code does not give the params of %q", c)
		}
	}
}

// The OpenAPI document lists every kind of inbox item the domain has: a
// kind added to inbox.go without it makes generated clients reject the
// inbox (event_soon was missing).
func TestOpenAPIListsEveryInboxKind(t *testing.T) {
	kinds := stringConstants(t, "../inbox.go", "Inbox", "InboxKind")
	enum := enumOf(openAPINode(t, "components", "schemas", "InboxItem", "properties", "kind"))
	for _, k := range kinds {
		if !slices.Contains(enum, k) {
			t.Errorf("inbox kind %q is not in the OpenAPI InboxItem.kind enum %v", k, enum)
		}
	}
}

// stringConstants reads the string constants of a Go file whose names
// start with prefix (and whose declared type is typ, when typ is not
// empty); it fails the test when it finds fewer than ten, which would mean
// the file's layout changed under it.
func stringConstants(t *testing.T, file, prefix, typ string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		v, ok := n.(*ast.ValueSpec)
		if !ok || len(v.Names) != 1 || !strings.HasPrefix(v.Names[0].Name, prefix) || len(v.Values) != 1 {
			return true
		}
		if id, ok := v.Type.(*ast.Ident); typ != "" && (!ok || id.Name != typ) {
			return true
		}
		if lit, ok := v.Values[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
			s, _ := strconv.Unquote(lit.Value)
			out = append(out, s)
		}
		return true
	})
	if len(out) < 10 {
		t.Fatalf("read %d %s constants from %s", len(out), prefix, file)
	}
	return out
}

// openAPINode is the object at path in the assembled OpenAPI document.
func openAPINode(t *testing.T, path ...string) map[string]any {
	t.Helper()
	raw, err := wchttp.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var node map[string]any
	if err := json.Unmarshal(raw, &node); err != nil {
		t.Fatal(err)
	}
	for i, k := range path {
		next, ok := node[k].(map[string]any)
		if !ok {
			t.Fatalf("the OpenAPI document has no object at %s", strings.Join(path[:i+1], "."))
		}
		node = next
	}
	return node
}

// enumOf is the enum of a schema object.
func enumOf(schema map[string]any) []string {
	var out []string
	values, _ := schema["enum"].([]any)
	for _, v := range values {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
