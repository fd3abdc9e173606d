package wikicities_test

import (
	"testing"

	"github.com/wikicities/wikicities"
)

// A resource's title is read in the reader's language when it has one,
// else in its own, and says which language it is in.
func TestTrainingResourceTitleIn(t *testing.T) {
	r := &wikicities.TrainingResource{Title: "Edit-a-thon toolkit", Languages: []string{"en", "fr"},
		Titles: map[string]string{"de": "Edit-a-thon-Werkzeugkasten"}}
	for _, c := range []struct{ lang, title, titleLang string }{
		{"de", "Edit-a-thon-Werkzeugkasten", "de"},
		{"ar", "Edit-a-thon toolkit", "en"},
		{"en", "Edit-a-thon toolkit", "en"},
	} {
		if title, lang := r.TitleIn(c.lang); title != c.title || lang != c.titleLang {
			t.Errorf("TitleIn(%s) = %q, %q; want %q, %q", c.lang, title, lang, c.title, c.titleLang)
		}
	}
	bare := &wikicities.TrainingResource{Title: "Untagged"}
	if title, lang := bare.TitleIn("de"); title != "Untagged" || lang != "" {
		t.Errorf("a resource naming no language: %q, %q", title, lang)
	}
}
