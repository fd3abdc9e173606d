package http

import (
	"html/template"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities/i18n"
)

// TestTemplatesFormatDatesAndNumbersPerLanguage runs the template functions
// pages use for dates and numbers in each served language.
func TestTemplatesFormatDatesAndNumbersPerLanguage(t *testing.T) {
	at := time.Date(2026, time.December, 6, 9, 5, 0, 0, time.UTC)
	tests := []struct{ lang, want string }{
		{"en", "6 December 2026|6 December 2026, 09:05 UTC|1,234"},
		{"de", "6. Dezember 2026|6. Dezember 2026, 09:05 UTC|1.234"},
		{"ar", "٦ ديسمبر ٢٠٢٦|٦ ديسمبر ٢٠٢٦، ٠٩:٠٥ UTC|١٬٢٣٤"},
	}
	for _, tt := range tests {
		tpl := template.Must(template.New("t").Funcs(templateFuncs(i18n.Default().Printer(tt.lang), nil)).
			Parse(`{{date .}}|{{datetime .}}|{{num 1234}}`))
		var b strings.Builder
		if err := tpl.Execute(&b, at); err != nil {
			t.Fatal(err)
		}
		if b.String() != tt.want {
			t.Errorf("%s: %q, want %q", tt.lang, b.String(), tt.want)
		}
	}
}
