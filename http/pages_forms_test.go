package http_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// A refused form speaks the page's language: the domain's validation
// problems (a web address, a language code, a name too long) are shown in
// German or Arabic next to their fields, not in the API's English.
func TestFormErrorsSpeakThePagesLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		bad := url.Values{"name": {"Wiki Loves Berlin"}, "kind": {"local_group"}, "city": {"Berlin"},
			"website": {"ftp://example.org"}, "languages": {"de, xx-nonsense"}}
		for _, c := range []struct {
			lang   string
			want   []string
			absent []string
		}{
			{"en", []string{`&#34;ftp://example.org&#34; is not a web address beginning with http:// or https://.`,
				`&#34;xx-nonsense&#34; is not a Wikimedia language code, such as de, pt-br or zh-hans.`}, nil},
			{"de", []string{`„ftp://example.org“ ist keine Webadresse, die mit http:// oder https:// beginnt.`,
				`„xx-nonsense“ ist kein Wikimedia-Sprachcode wie de, pt-br oder zh-hans.`},
				[]string{"is not an http(s) address", "is not a Wikimedia language code", "Please check this field"}},
			{"ar", []string{"«\u2068ftp://example.org\u2069» ليس عنوان ويب يبدأ بـ http:// أو https://.", "«\u2068xx-nonsense\u2069» ليس رمز لغة في ويكيميديا"},
				[]string{"is not an http(s) address", "Please check this field"}},
		} {
			r := ps.post(t, ps.Member, "/communities?uselang="+c.lang, bad)
			if r.code != http.StatusUnprocessableEntity {
				t.Fatalf("%s: status %d, want 422", c.lang, r.code)
			}
			mustContain(t, c.lang+" form", r.body, c.want...)
			mustNotContain(t, c.lang+" form", r.body, c.absent...)
		}
	})
}
