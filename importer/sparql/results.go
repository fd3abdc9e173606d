package sparql

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
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
	br := bufio.NewReader(r)
	if bom, _ := br.Peek(len(utf8BOM)); string(bom) == utf8BOM {
		br.Discard(len(utf8BOM)) // as editors on Windows save it
	}
	dec := json.NewDecoder(br)
	malformed := func(format string, args ...any) error {
		return fmt.Errorf("%s: %w: %s", name, ErrMalformed, fmt.Sprintf(format, args...))
	}
	if first, _ := br.Peek(1); len(first) == 1 && first[0] == '[' {
		return nil, 0, malformed("%s", arrayOfRows)
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
						return nil, rows, malformed("result %d: %v", rows+1, decodeError(err))
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

const utf8BOM = "\uFEFF"

// arrayOfRows says what a top-level array is: the query service's simple
// JSON, which loses the values' types.
const arrayOfRows = "an array of rows, as the query service's \"JSON file\" download writes it; " +
	"give SPARQL JSON results: its \"JSON file (verbose)\" download, or the endpoint's answer to format=json"

// decodeError says why a row did not decode in JSON's words rather than
// Go's ("cannot unmarshal number into Go value of type sparql.Binding").
func decodeError(err error) error {
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te) && te.Field != "":
		return fmt.Errorf("%s must be %s, not %s", te.Field, jsonKind(te.Type), article(te.Value))
	case errors.As(err, &te):
		return fmt.Errorf("want %s, not %s", jsonKind(te.Type), article(te.Value))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("the file ends inside the row (cut short?)")
	}
	return errors.New(strings.TrimPrefix(err.Error(), "json: "))
}

// article puts "a" or "an" before encoding/json's name of a value
// ("number", "array").
func article(v string) string {
	if v != "" && strings.ContainsRune("aeiou", rune(v[0])) {
		return "an " + v
	}
	return "a " + v
}

// jsonKind names the JSON value Go type t takes.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Map:
		return "an object (a row: variable to binding)"
	case reflect.Struct:
		return "an object (a binding: type and value)"
	}
	return t.Kind().String()
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
