package sparql

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Binding is one variable's value in a row of SPARQL JSON results.
type Binding struct {
	Type     string `json:"type"` // "uri", "literal", "bnode"
	Value    string `json:"value"`
	Datatype string `json:"datatype,omitempty"`
	Lang     string `json:"xml:lang,omitempty"`
}

// QID returns the Wikidata item id of a uri binding
// ("http://www.wikidata.org/entity/Q64" is "Q64"), or "".
func (b Binding) QID() string {
	if b.Type != "uri" || !strings.HasPrefix(b.Value, entityPrefix) {
		return ""
	}
	return strings.TrimPrefix(b.Value, entityPrefix)
}

// Each reads SPARQL JSON results (application/sparql-results+json) from r
// and calls fn with every row, streaming, so that a large answer is never
// held whole. name is used in errors. It returns the head's variables and
// the number of rows. A response that is not SPARQL JSON results (not JSON,
// truncated, without head or results.bindings) is an error wrapping
// ErrMalformed; an error of fn stops the read and is returned as it is.
func Each(r io.Reader, name string, fn func(row map[string]Binding) error) (vars []string, rows int, err error) {
	dec := json.NewDecoder(r)
	malformed := func(format string, args ...any) error {
		return fmt.Errorf("%s: %w: %s", name, ErrMalformed, fmt.Sprintf(format, args...))
	}
	if err := expectDelim(dec, '{'); err != nil {
		return nil, 0, malformed("%v", err)
	}
	sawHead, sawBindings := false, false
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil, rows, malformed("%v", err)
		}
		switch key {
		case "head":
			var head struct {
				Vars []string `json:"vars"`
			}
			if err := dec.Decode(&head); err != nil {
				return nil, rows, malformed("head: %v", err)
			}
			vars, sawHead = head.Vars, true
		case "results":
			if err := expectDelim(dec, '{'); err != nil {
				return nil, rows, malformed("results: %v", err)
			}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, rows, malformed("results: %v", err)
				}
				if k != "bindings" {
					var skip json.RawMessage
					if err := dec.Decode(&skip); err != nil {
						return nil, rows, malformed("results.%v: %v", k, err)
					}
					continue
				}
				if err := expectDelim(dec, '['); err != nil {
					return nil, rows, malformed("results.bindings: %v", err)
				}
				sawBindings = true
				for dec.More() {
					var row map[string]Binding
					if err := dec.Decode(&row); err != nil {
						return nil, rows, malformed("result %d: %v", rows+1, err)
					}
					rows++
					if err := fn(row); err != nil {
						return vars, rows, err
					}
				}
				if err := expectDelim(dec, ']'); err != nil {
					return nil, rows, malformed("results.bindings: %v", err)
				}
			}
			if err := expectDelim(dec, '}'); err != nil {
				return nil, rows, malformed("results: %v", err)
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, rows, malformed("%v: %v", key, err)
			}
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return nil, rows, malformed("%v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, rows, malformed("data after the results")
	}
	if !sawHead {
		return nil, rows, malformed("no head")
	}
	if !sawBindings {
		return nil, rows, malformed("no results.bindings")
	}
	return vars, rows, nil
}

// QueryIDOf identifies a version of a query in provenance: the first
// twelve hex digits of its SHA-256.
func QueryIDOf(query string) string {
	s := sha256.Sum256([]byte(query))
	return hex.EncodeToString(s[:6])
}

// RequireVars returns an error wrapping ErrMalformed, naming the response
// name, when the head's vars lack one of want: the response answers
// another query than the one named what ("P190", "labels").
func RequireVars(name, what string, vars []string, want ...string) error {
	for _, v := range want {
		if !slices.Contains(vars, v) {
			return fmt.Errorf("%s: %w: head.vars %v lacks %q: not results of the %s query", name, ErrMalformed, vars, v, what)
		}
	}
	return nil
}
