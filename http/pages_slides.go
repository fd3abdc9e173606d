package http

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"github.com/wikicities/wikicities"
)

// A training module imported from the Dashboard is read on the site, slide
// by slide, in the reader's language when the slide has a translation:
// library -> module -> slides. A quiz shows its question and answers; the
// right answer and the explanations open on demand, without JavaScript.

// slidePage is the Data of /library/{id}/slides/{n}.
type slidePage struct {
	Resource   resourceItem
	N, Count   int
	Title      string
	Lang       string // the language the slide is shown in
	Translated bool   // shown in the reader's language
	Content    template.HTML
	Quiz       *quizView
	Prev, Next string
	Contents   []slideLink
}

// quizView is a slide's quiz in its language.
type quizView struct {
	Question string
	Answers  []quizAnswerView
}

type quizAnswerView struct {
	Text, Explanation string
	Correct           bool
}

// slideLink is an entry of the module's table of contents.
type slideLink struct {
	N       int
	Title   string
	URL     string
	Current bool
}

func (s *Server) handleSlidePage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, errNoPage)
		return
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		s.renderError(w, r, errNoPage)
		return
	}
	x, err := s.Training.Resource(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	slides, err := s.Training.Slides(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if n > len(slides) {
		s.renderError(w, r, errNoPage)
		return
	}
	p := s.newPage(w, r)
	d := slidePage{Resource: resourceItemOf(p.Printer(), x), N: n, Count: len(slides)}
	sl, ok := slides[n-1].In(p.Lang)
	d.Title, d.Translated, d.Content = sl.Title, ok, slideHTML(sl.Content)
	d.Lang = d.Resource.TitleLang
	if len(x.Languages) > 0 {
		d.Lang = x.Languages[0]
	}
	if ok {
		d.Lang = p.Lang
	}
	if q := sl.Quiz; q != nil {
		d.Quiz = &quizView{Question: q.Question}
		for _, a := range q.Answers {
			d.Quiz.Answers = append(d.Quiz.Answers, quizAnswerView{Text: a.Text, Explanation: a.Explanation, Correct: a.ID == q.Correct})
		}
	}
	url := func(i int) string { return fmt.Sprintf("/library/%d/slides/%d", id, i) }
	if n > 1 {
		d.Prev = url(n - 1)
	}
	if n < len(slides) {
		d.Next = url(n + 1)
	}
	for i, o := range slides {
		t, _ := o.In(p.Lang)
		d.Contents = append(d.Contents, slideLink{N: i + 1, Title: t.Title, URL: url(i + 1), Current: i+1 == n})
	}
	p.Title = p.Msg("slide-title", d.Title, d.Resource.Title)
	p.Data = d
	s.render(w, r, http.StatusOK, "slide", p)
}

// moduleContents is the table of contents of a module on its resource
// page (nil for a resource without slides).
func (s *Server) moduleContents(r *http.Request, p *Page, x *wikicities.TrainingResource) ([]slideLink, error) {
	slides, err := s.Training.Slides(r.Context(), x.ID)
	if err != nil {
		return nil, err
	}
	var out []slideLink
	for i, o := range slides {
		t, _ := o.In(p.Lang)
		out = append(out, slideLink{N: i + 1, Title: t.Title, URL: fmt.Sprintf("/library/%d/slides/%d", x.ID, i+1)})
	}
	return out, nil
}
