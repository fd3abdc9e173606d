package http

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"
)

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// unmarshalerFault finds the value of a JSON body that a type of its own
// (time.Time, chiefly) refused: encoding/json returns such an error without
// saying where, and it was reported for "body" ("parsing time
// "2027-02-30T10:00:00Z": day out of range"). It walks raw alongside t,
// the type decoded into, and returns the path of the first value the type
// refuses ("start", "slots[1].end") with its message; "" when none does.
func unmarshalerFault(raw []byte, t reflect.Type, path string) (string, string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		if string(raw) == "null" {
			return "", ""
		}
		if err := json.Unmarshal(raw, reflect.New(t).Interface()); err != nil {
			return path, unmarshalerMessage(raw, t, err)
		}
		return "", ""
	}
	join := func(name string) string {
		if path == "" {
			return name
		}
		return path + "." + name
	}
	switch t.Kind() {
	case reflect.Struct:
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			return "", ""
		}
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" || (!f.IsExported() && !f.Anonymous) {
				continue
			}
			if f.Anonymous && name == "" {
				if p, m := unmarshalerFault(raw, f.Type, path); p != "" {
					return p, m
				}
				continue
			}
			if name == "" {
				name = f.Name
			}
			for key, val := range obj {
				if strings.EqualFold(key, name) {
					if p, m := unmarshalerFault(val, f.Type, join(key)); p != "" {
						return p, m
					}
				}
			}
		}
	case reflect.Slice, reflect.Array:
		var list []json.RawMessage
		if json.Unmarshal(raw, &list) != nil {
			return "", ""
		}
		for i, val := range list {
			if p, m := unmarshalerFault(val, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); p != "" {
				return p, m
			}
		}
	case reflect.Map:
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			return "", ""
		}
		for key, val := range obj {
			if p, m := unmarshalerFault(val, t.Elem(), join(key)); p != "" {
				return p, m
			}
		}
	}
	return "", ""
}

// unmarshalerMessage says what is wrong with raw, refused by t with err:
// for a time, what a time looks like.
func unmarshalerMessage(raw []byte, t reflect.Type, err error) string {
	if t == reflect.TypeFor[time.Time]() {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return "must be a string such as 2027-05-09T10:00:00+02:00 (RFC 3339), not " + article(jsonValueKind(raw))
		}
		why := ""
		var pe *time.ParseError
		if errors.As(err, &pe) && strings.HasPrefix(pe.Message, ": ") {
			why = " (" + strings.TrimPrefix(pe.Message, ": ") + ")"
		}
		return fmt.Sprintf("%q is not a date and time such as 2027-05-09T10:00:00+02:00 (RFC 3339)%s", s, why)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// jsonValueKind names the kind of the JSON value raw, as encoding/json
// names it in its errors.
func jsonValueKind(raw []byte) string {
	switch s := strings.TrimSpace(string(raw)); {
	case s == "":
		return "nothing"
	case s[0] == '{':
		return "object"
	case s[0] == '[':
		return "array"
	case s[0] == '"':
		return "string"
	case s == "true" || s == "false":
		return "bool"
	case s == "null":
		return "null"
	}
	return "number"
}
