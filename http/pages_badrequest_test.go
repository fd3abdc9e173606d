package http_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

var errorAlert = regexp.MustCompile(`cdx-message__content">([^<]*)<`)

// The error page of a refused address or a tampered form (a missing or
// garbled id, an unknown filter value, a button's field changed by hand)
// names the field by its translated label and says the problem in the
// reader's language; the English details stay the API's.
func TestBadRequestPagesSpeakTheReadersLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		id := ps.propose(t)
		answer := fmt.Sprintf("/partnerships/%d/answer", id)
		for _, c := range []struct {
			target  string
			form    url.Values
			english string // the API's detail, which the page must not show
			want    map[string]string
		}{
			{"/partnerships/new", nil, "is not a community id",
				map[string]string{"de": "Vorschlagende Gemeinschaft: Dieses Feld ist erforderlich.", "ar": "المجتمع المقترِح: "}},
			{"/partnerships/new?a=abc", nil, "is not a community id",
				map[string]string{"de": "Vorschlagende Gemeinschaft: „abc“ ist keine Nummer eines Eintrags.", "ar": "ليس رقم سجلّ"}},
			{"/visits/new?visitor=x", nil, "is not a valid id",
				map[string]string{"de": "Besuchende Gruppe: „x“ ist keine Nummer eines Eintrags.", "ar": "المجموعة الزائرة: «"}},
			{"/communities?kind=bogus", nil, "is not one of",
				map[string]string{"de": "Art: „bogus“ gehört nicht zu den angebotenen Möglichkeiten.", "ar": "ليس من الخيارات المتاحة"}},
			{"/events?type=%3Cb%3Ebogus", nil, "is not an event type",
				map[string]string{"de": "Typ: „<b>bogus“ gehört nicht zu den angebotenen Möglichkeiten.", "ar": "النوع: «"}},
			{"/communities?offset=-1", nil, "must be a whole number",
				map[string]string{"de": "Stelle in der Liste: Bitte eine ganze Zahl von 0 bis 1.000.000 eingeben.", "ar": "الموضع في القائمة: "}},
			{"/search?q=Berlin&offset=-1", nil, "must be a whole number",
				map[string]string{"de": "Stelle in der Liste: Bitte eine ganze Zahl von 0 bis 100.000 eingeben.", "ar": "الموضع في القائمة: "}},
			{"/events?campaign=x", nil, "is not a valid id",
				map[string]string{"de": "Kampagne: „x“ ist keine Nummer eines Eintrags.", "ar": "ليس رقم سجلّ"}},
			{"/account/email/garbage", nil, "is malformed",
				map[string]string{"de": "Link aus der E-Mail: Der Link ist abgeschnitten oder wurde verändert.", "ar": "الرابط من البريد الإلكتروني: الرابط مقطوع"}},
			{"/digest/unsubscribe/garbage", nil, "is malformed",
				map[string]string{"de": "Link aus der E-Mail: Der Link ist abgeschnitten", "ar": "الرابط مقطوع"}},
			{"/events/1/register", url.Values{"q0": {"1"}, "q1": {"abc"}}, "is not an answer",
				map[string]string{"de": "Frage 2: „abc“ gehört nicht zu den angebotenen Möglichkeiten.", "ar": "السؤال ٢: «"}},
			{answer, url.Values{"action": {"bogus"}}, "is not accept, decline",
				map[string]string{"de": "Schaltfläche: „bogus“ gehört nicht zu den angebotenen Möglichkeiten.", "ar": "الزر: «"}},
		} {
			for _, lang := range []string{"de", "ar"} {
				target := c.target + "?uselang=" + lang
				if u, _ := url.Parse(c.target); u.RawQuery != "" {
					target = c.target + "&uselang=" + lang
				}
				var r response
				if c.form != nil {
					r = ps.post(t, ps.CoordA, target, c.form)
				} else {
					r = ps.get(t, ps.CoordA, target)
				}
				what := lang + " " + c.target
				if r.code != http.StatusUnprocessableEntity && r.code != http.StatusBadRequest {
					t.Errorf("%s: status %d, want 400 or 422", what, r.code)
					continue
				}
				m := errorAlert.FindStringSubmatch(r.body)
				if m == nil {
					t.Errorf("%s: no error message on the page", what)
					continue
				}
				detail := html.UnescapeString(m[1])
				mustContain(t, what, detail, c.want[lang])
				mustNotContain(t, what, detail, c.english, "Please check", "Bitte prüfe")
				mustNotContain(t, what, r.body, "<b>bogus")
			}
		}
	})
}
