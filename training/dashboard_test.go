package training

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wikicities/wikicities"
)

func loadFixture(t *testing.T) *Content {
	t.Helper()
	c, err := Load(os.DirFS("testdata/training_content/wiki_ed"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLoadReadsTheDashboardLayout(t *testing.T) {
	c := loadFixture(t)
	if len(c.Libraries) != 1 || c.Libraries[0].Slug != "wikimedia-commons" || c.Libraries[0].ID != 5 {
		t.Fatalf("libraries = %+v", c.Libraries)
	}
	if got := len(c.Libraries[0].Categories); got != 2 {
		t.Fatalf("categories = %d, want 2", got)
	}
	m := c.Modules["drafting-professional"]
	if m == nil || m.ID != 25 || m.Translations["es"].Name != "Haciendo borradores en el entorno de pruebas (Profesional)" {
		t.Fatalf("module = %+v", m)
	}
	s := c.Slides["commons-licensing-quiz"]
	if s == nil || s.ID != 8102 || s.Assessment == nil || s.Assessment.CorrectAnswerID != 2 || len(s.Assessment.Answers) != 2 {
		t.Fatalf("quiz slide = %+v", s)
	}
	if !strings.Contains(s.Assessment.Answers[1].Explanation, "Correct!") {
		t.Errorf("explanation = %q", s.Assessment.Answers[1].Explanation)
	}
	if c.Slides["using-a-sandbox-professional"].Translations["es"].Title != "Usar un entorno de pruebas" {
		t.Errorf("slide translation lost")
	}
}

func TestResourcesGroupTranslationsAndCountOnce(t *testing.T) {
	rs := Resources(loadFixture(t), Options{Set: "wiki_ed", BaseURL: "https://dashboard.wikiedu.org/", Licence: "CC-BY-SA-4.0"})
	want := []wikicities.TrainingResource{{
		Source: "dashboard:wiki_ed/modules/about-wikimedia-commons", Title: "About Wikimedia Commons",
		Link:      "https://dashboard.wikiedu.org/training/wikimedia-commons/about-wikimedia-commons",
		Languages: []string{"en"}, Topic: "Wikimedia Commons", Format: wikicities.FormatDashboardModule,
		Licence: "CC-BY-SA-4.0", Minutes: 15, Slides: 2, Quizzes: 1,
	}, {
		Source: "dashboard:wiki_ed/modules/drafting-professional", Title: "Drafting in the sandbox (Professional)",
		Titles: map[string]string{
			"de": "Entwürfe im Benutzernamensraum (Professionell)",
			"es": "Haciendo borradores en el entorno de pruebas (Profesional)",
		},
		Link:      "https://dashboard.wikiedu.org/training/wikimedia-commons/drafting-professional",
		Languages: []string{"en", "de", "es"}, Topic: "Drafting", Format: wikicities.FormatDashboardModule,
		Licence: "CC-BY-SA-4.0", Minutes: 60, Slides: 1,
	}}
	slides := make([][]wikicities.TrainingSlide, len(rs))
	for i := range rs {
		slides[i], rs[i].SlideTexts = rs[i].SlideTexts, nil
	}
	if !reflect.DeepEqual(rs, want) {
		t.Errorf("resources:\n got %+v\nwant %+v", rs, want)
	}
	// The slides come along in the module's order, with quizzes and
	// translations, so that the site can show the module.
	if len(slides) != 2 || len(slides[0]) != 2 || len(slides[1]) != 1 {
		t.Fatalf("slides: %+v", slides)
	}
	if s := slides[0][0]; s.Title != "What’s Wikimedia Commons?" || !strings.HasPrefix(s.Content, "Wikimedia Commons (often") || s.Quiz != nil {
		t.Errorf("first slide: %+v", s)
	}
	if q := slides[0][1].Quiz; q == nil || q.Correct != 2 || len(q.Answers) != 2 || q.Answers[1].Text != "CC BY-SA 4.0." || !strings.HasPrefix(q.Answers[1].Explanation, "Correct!") {
		t.Errorf("quiz: %+v", q)
	}
	es, ok := slides[1][0].In("es")
	if !ok || es.Title != "Usar un entorno de pruebas" || es.Content != "Un entorno de pruebas es una página propia." {
		t.Errorf("Spanish slide: %+v, %v", es, ok)
	}
	if fr, ok := slides[1][0].In("fr"); ok || fr.Title != "Using a sandbox" {
		t.Errorf("a slide in a language it lacks: %+v, %v", fr, ok)
	}
}

func TestMinutes(t *testing.T) {
	for in, want := range map[string]int{"15 minutes": 15, "1 hour": 60, " 2 hours ": 120, "5 min": 5, "": 0, "about ten": 0} {
		if got := Minutes(in); got != want {
			t.Errorf("Minutes(%q) = %d, want %d", in, got, want)
		}
	}
}

// fixtureFS is the fixture set with files replaced or added.
func fixtureFS(t *testing.T, files map[string]string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	base := "testdata/training_content/wiki_ed"
	for _, p := range []string{
		"libraries/wikimedia-commons.yml", "modules/about-wikimedia-commons.yml", "modules/drafting-professional.yml",
		"slides/81-about-wikimedia-commons/8101-what-s-wikimedia-commons.yml",
		"slides/81-about-wikimedia-commons/8102-commons-licensing-quiz.yml",
		"slides/25-drafting-professional/2501-using-a-sandbox-professional.yml",
	} {
		b, err := os.ReadFile(base + "/" + p)
		if err != nil {
			t.Fatal(err)
		}
		m[p] = &fstest.MapFile{Data: b}
	}
	for p, s := range files {
		if s == "" {
			delete(m, p)
			continue
		}
		m[p] = &fstest.MapFile{Data: []byte(s)}
	}
	return m
}

func TestLoadRejectsBrokenFilesWithFileAndLine(t *testing.T) {
	quiz := "slides/81-about-wikimedia-commons/8102-commons-licensing-quiz.yml"
	cases := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"yaml syntax", map[string]string{"modules/about-wikimedia-commons.yml": "name: x\nid: 81\nslides:\n- slug: a\n  - slug: b\n"},
			"modules/about-wikimedia-commons.yml:3: did not find expected key"},
		{"wrong type", map[string]string{"modules/about-wikimedia-commons.yml": "name: x\nid: eighty\nslides:\n- slug: what-s-wikimedia-commons\n"},
			"modules/about-wikimedia-commons.yml:2: cannot unmarshal"},
		{"missing name", map[string]string{"modules/about-wikimedia-commons.yml": "id: 81\nslides:\n- slug: what-s-wikimedia-commons\n"},
			"modules/about-wikimedia-commons.yml:1: name: is missing"},
		{"slide id differs from file name", map[string]string{quiz: "id: 8103\ntitle: Quiz\n"},
			quiz + ":1: id: 8103 does not match the file name's 8102"},
		{"correct answer absent", map[string]string{quiz: "id: 8102\ntitle: Q\nassessment:\n  correct_answer_id: 7\n  question: Why?\n  answers:\n    - id: 1\n      text: a\n    - id: 2\n      text: b\n"},
			quiz + ":4: assessment.correct_answer_id: 7 is not the id of an answer"},
		{"duplicate answer id", map[string]string{quiz: "id: 8102\ntitle: Q\nassessment:\n  correct_answer_id: 1\n  question: Why?\n  answers:\n    - id: 1\n      text: a\n    - id: 1\n      text: b\n"},
			quiz + ":9: assessment.answers[1].id: 1 is used twice"},
		{"listed slide missing", map[string]string{quiz: ""},
			"modules/about-wikimedia-commons.yml:12: slide \"commons-licensing-quiz\" is listed"},
		{"listed module missing", map[string]string{"modules/drafting-professional.yml": "", "slides/25-drafting-professional/2501-using-a-sandbox-professional.yml": ""},
			"libraries/wikimedia-commons.yml:17: module \"drafting-professional\" is listed"},
		{"slide file name without id", map[string]string{"slides/x/intro.yml": "id: 1\ntitle: t\n"},
			"slides/x/intro.yml: a slide file is named NNNN-slug.yml"},
		{"not a mapping", map[string]string{"libraries/wikimedia-commons.yml": "- a\n- b\n"},
			"libraries/wikimedia-commons.yml:1: not a YAML mapping"},
		{"translation without name", map[string]string{"modules/drafting-professional.yml": "name: D\nid: 25\nslides:\n  - slug: using-a-sandbox-professional\ntranslations:\n  es:\n    description: sin nombre\n"},
			"modules/drafting-professional.yml:6: translations.es.name: is missing"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(fixtureFS(t, tc.files))
			if err == nil {
				t.Fatal("no error")
			}
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("%v is not a *FileError", err)
			}
			if !strings.Contains(err.Error(), "training: "+tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

func TestLoadRejectsAnEmptyDirectory(t *testing.T) {
	if _, err := Load(fstest.MapFS{"README": {Data: []byte("x")}}); err == nil || !strings.Contains(err.Error(), "not a training_content set") {
		t.Errorf("err = %v", err)
	}
}

func TestLoadReportsEveryBrokenFile(t *testing.T) {
	_, err := Load(fixtureFS(t, map[string]string{
		"modules/about-wikimedia-commons.yml": "id: 81\nslides:\n- slug: what-s-wikimedia-commons\n",
		"slides/x/9-a.yml":                    "id: 8\ntitle: t\n",
	}))
	if err == nil || !strings.Contains(err.Error(), "about-wikimedia-commons.yml:1") || !strings.Contains(err.Error(), "slides/x/9-a.yml:1") || strings.Contains(err.Error(), "is listed") {
		t.Errorf("err = %v", err)
	}
}
