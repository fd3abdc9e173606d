package http

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
)

// A body that does not decode names the field to fix, in the words of
// JSON rather than of Go: encoding/json's "cannot unmarshal number into Go
// struct field Community.name of type string" was given for "body".
func TestDecodeJSONNamesTheField(t *testing.T) {
	type party struct {
		ID int64 `json:"id"`
	}
	type input struct {
		Name      string    `json:"name"`
		Languages []string  `json:"languages"`
		Party     party     `json:"party"`
		Private   bool      `json:"private"`
		Share     float64   `json:"share"`
		Start     time.Time `json:"start"`
		Slots     []struct {
			End *time.Time `json:"end"`
		} `json:"slots"`
	}
	tests := []struct {
		body, field, message string
	}{
		{`{"name": 5}`, "name", "must be a string, not a number"},
		{`{"languages": "de"}`, "languages", "must be an array, not a string"},
		{`{"party": {"id": "WikiMUC"}}`, "party.id", "must be a whole number, not a string"},
		{`{"party": {"id": 1.5}}`, "party.id", "must be a whole number, not a number 1.5"},
		{`{"private": "yes"}`, "private", "must be true or false, not a string"},
		{`{"share": []}`, "share", "must be a number, not an array"},
		{`[]`, "body", "must be an object, not an array"},
		{`{"nmae": "WikiMUC"}`, "nmae", "is not a field of this request"},
		{`{"name": "WikiMUC",}`, "body", "is not valid JSON at byte 20: invalid character '}' looking for beginning of object key string"},
		{`{"name": "Wiki`, "body", "is empty or cut short: want a JSON value"},
		{``, "body", "is empty or cut short: want a JSON value"},
		// A time is checked by a type of its own, whose refusal
		// encoding/json gives without its place: it was "body".
		{`{"start": "2027-02-30T10:00:00Z"}`, "start", `"2027-02-30T10:00:00Z" is not a date and time such as 2027-05-09T10:00:00+02:00 (RFC 3339) (day out of range)`},
		{`{"name": "x", "start": "2027-05-09"}`, "start", `"2027-05-09" is not a date and time such as 2027-05-09T10:00:00+02:00 (RFC 3339)`},
		{`{"start": 1778313600}`, "start", "must be a string such as 2027-05-09T10:00:00+02:00 (RFC 3339), not a number"},
		{`{"slots": [{"end": null}, {"end": "2027-05-09T10:00:00Z"}, {"end": "tomorrow"}]}`, "slots[2].end", `"tomorrow" is not a date and time such as 2027-05-09T10:00:00+02:00 (RFC 3339)`},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(http.MethodPost, "/api/v1/communities", strings.NewReader(tt.body))
		var v input
		err := decodeJSON(httptest.NewRecorder(), r, &v, 1<<20)
		var fe *wikicities.FieldError
		if !errors.Is(err, ErrBadRequest) || !errors.As(err, &fe) {
			t.Errorf("%s: %v, want ErrBadRequest with a field", tt.body, err)
			continue
		}
		if fe.Field != tt.field || fe.Message != tt.message {
			t.Errorf("%s: %s: %q, want %s: %q", tt.body, fe.Field, fe.Message, tt.field, tt.message)
		}
	}
}

// A body that starts with a byte-order mark, as a JSON file saved by an
// editor on Windows does, is read past it (RFC 8259, 8.1, allows it).
func TestDecodeJSONReadsPastAByteOrderMark(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/api/v1/twin-links", strings.NewReader("\uFEFF{\"name\": \"WikiMUC\"}"))
	var v struct {
		Name string `json:"name"`
	}
	if err := decodeJSON(httptest.NewRecorder(), r, &v, 1<<20); err != nil || v.Name != "WikiMUC" {
		t.Errorf("%+v, %v", v, err)
	}
}
