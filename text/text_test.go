package text_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/wikicities/wikicities/text"
)

func TestClean(t *testing.T) {
	for _, c := range []struct {
		name, in, want, problem string
	}{
		{"plain", "Augsburg", "Augsburg", ""},
		{"CRLF from a browser text box", "one\r\ntwo\r\n", "one\ntwo\n", ""},
		{"lone CR", "one\rtwo", "one\ntwo", ""},
		{"tab kept", "a\tb", "a\tb", ""},
		{"decomposed to NFC", "Sa\u0303o Paulo", "São Paulo", ""},
		{"replacement character typed as such", "a\uFFFDb", "a\uFFFDb", ""},
		{"NUL", "a\x00b", "", "NUL"},
		{"invalid UTF-8", "a\xffb", "", "UTF-8"},
		{"truncated UTF-8", "caf\xc3", "", "UTF-8"},
		{"escape", "a\x1b[31mred", "", "U+001B"},
		{"DEL", "a\x7f", "", "U+007F"},
		{"C1 control", "a\u0085b", "", "U+0085"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := text.Clean("title", c.in)
			if c.problem == "" {
				if err != nil || got != c.want {
					t.Fatalf("Clean(%q) = %q, %v; want %q", c.in, got, err, c.want)
				}
				return
			}
			var te *text.Error
			if !errors.As(err, &te) || te.Field != "title" || !strings.Contains(err.Error(), c.problem) {
				t.Fatalf("Clean(%q) = %q, %v; want an error naming title and %s", c.in, got, err, c.problem)
			}
		})
	}
}

type inner struct {
	Goals []string `json:"goals"`
}

type body struct {
	Name    string            `json:"name"`
	Notes   *string           `json:"notes"`
	Inner   inner             `json:"agreement"`
	Extra   map[string]string `json:"extra"`
	Any     any               `json:"any"`
	private string
}

func TestCleanAllNamesTheField(t *testing.T) {
	notes := "x\r\ny"
	b := &body{Name: "Sa\u0303o", Notes: &notes, Inner: inner{Goals: []string{"ok", "a\r\nb"}},
		Extra: map[string]string{"k": "v\r"}, Any: map[string]any{"deep": []any{"p\r\nq"}}, private: "\x00"}
	if err := text.CleanAll("", b); err != nil {
		t.Fatal(err)
	}
	if b.Name != "São" || *b.Notes != "x\ny" || b.Inner.Goals[1] != "a\nb" || b.Extra["k"] != "v\n" ||
		b.Any.(map[string]any)["deep"].([]any)[0] != "p\nq" {
		t.Errorf("not cleaned: %+v %q", b, *b.Notes)
	}
	for _, c := range []struct {
		b     *body
		field string
	}{
		{&body{Inner: inner{Goals: []string{"ok", "bad\x00"}}}, "agreement.goals[1]"},
		{&body{Extra: map[string]string{"k": "\xff"}}, "extra.k"},
		{&body{Any: []any{"fine", map[string]any{"x": "\x01"}}}, "any[1].x"},
	} {
		err := text.CleanAll("", c.b)
		var te *text.Error
		if !errors.As(err, &te) || te.Field != c.field {
			t.Errorf("CleanAll: %v, want an error naming %s", err, c.field)
		}
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"", "abc", "a\r\nb", "\x00", "\xff", "e\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := text.Clean("f", s)
		if err != nil {
			return
		}
		if strings.ContainsRune(got, '\r') || text.Check("f", got) != nil {
			t.Fatalf("Clean(%q) = %q, which is not clean", s, got)
		}
		if again, err := text.Clean("f", got); err != nil || again != got {
			t.Fatalf("Clean is not idempotent on %q: %q, %v", got, again, err)
		}
	})
}
