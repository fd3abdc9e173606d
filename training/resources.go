package training

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/wikicities/wikicities"
)

// Options say where a training set lives and who looks after it.
type Options struct {
	Set        string // the training_content directory name: "wiki_ed"
	BaseURL    string // the Dashboard serving it: "https://dashboard.wikiedu.org"
	Licence    string // of the set's texts: "CC-BY-SA-4.0"
	Maintainer string
}

var ttc = regexp.MustCompile(`^\s*(\d+)\s*(minutes?|mins?|hours?|hrs?)\s*$`)

// Minutes reads an estimated_ttc such as "15 minutes" or "1 hour"; 0 when
// it says nothing readable.
func Minutes(s string) int {
	m := ttc.FindStringSubmatch(strings.ToLower(s))
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	if strings.HasPrefix(m[2], "h") {
		n *= 60
	}
	return n
}

// Resources lists the modules of c that a library lists, once each (under
// the first library and category listing them, libraries in file order),
// as Knowledge Park resources: the module's translations become its
// languages and translated titles; a module's link is the Dashboard's
// /training/<library>/<module> page. Ordered by source.
func Resources(c *Content, o Options) []wikicities.TrainingResource {
	seen := map[string]bool{}
	var out []wikicities.TrainingResource
	for _, l := range c.Libraries {
		for _, cat := range l.Categories {
			for _, ref := range cat.Modules {
				m := c.Modules[ref.Slug]
				if m == nil || seen[m.Slug] {
					continue
				}
				seen[m.Slug] = true
				topic := strings.TrimSpace(cat.Title)
				if topic == "" {
					topic = strings.TrimSpace(l.Name)
				}
				out = append(out, resource(c, o, l, m, topic))
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Source < out[j].Source })
	return out
}

func resource(c *Content, o Options, l *Library, m *Module, topic string) wikicities.TrainingResource {
	r := wikicities.TrainingResource{
		Source:     "dashboard:" + o.Set + "/modules/" + m.Slug,
		Title:      strings.TrimSpace(m.Name),
		Link:       strings.TrimRight(o.BaseURL, "/") + "/training/" + l.Slug + "/" + m.Slug,
		Languages:  []string{"en"},
		Topic:      topic,
		Format:     wikicities.FormatDashboardModule,
		Licence:    o.Licence,
		Minutes:    Minutes(m.EstimatedTTC),
		Maintainer: o.Maintainer,
		Slides:     len(m.Slides),
	}
	var langs []string
	for lang, t := range m.Translations {
		if lang == "en" {
			continue
		}
		langs = append(langs, lang)
		if r.Titles == nil {
			r.Titles = map[string]string{}
		}
		r.Titles[lang] = strings.TrimSpace(t.Name)
	}
	sort.Strings(langs)
	r.Languages = append(r.Languages, langs...)
	r.SlideTexts = []wikicities.TrainingSlide{}
	for _, s := range m.Slides {
		sl := c.Slides[s.Slug]
		if sl == nil {
			continue
		}
		if sl.Assessment != nil {
			r.Quizzes++
		}
		r.SlideTexts = append(r.SlideTexts, slideText(sl))
	}
	return r
}

// slideText is a slide as the library keeps it: its texts, quiz and
// translations, trimmed.
func slideText(sl *Slide) wikicities.TrainingSlide {
	out := wikicities.TrainingSlide{Title: strings.TrimSpace(sl.Title), Content: strings.TrimSpace(sl.Content), Quiz: quizOf(sl.Assessment)}
	for lang, t := range sl.Translations {
		if out.Translations == nil {
			out.Translations = map[string]wikicities.SlideTranslation{}
		}
		out.Translations[lang] = wikicities.SlideTranslation{Title: strings.TrimSpace(t.Title), Content: strings.TrimSpace(t.Content), Quiz: quizOf(t.Assessment)}
	}
	return out
}

func quizOf(a *Assessment) *wikicities.SlideQuiz {
	if a == nil {
		return nil
	}
	q := &wikicities.SlideQuiz{Question: strings.TrimSpace(a.Question), Correct: a.CorrectAnswerID}
	for _, x := range a.Answers {
		q.Answers = append(q.Answers, wikicities.QuizAnswer{ID: x.ID, Text: strings.TrimSpace(x.Text), Explanation: strings.TrimSpace(x.Explanation)})
	}
	return q
}
