package http

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// The library of training materials and toolkits: a list with filters,
// a page per resource (where it is used, its link check, related
// resources), and forms to add and edit resources.

func (s *Server) registerLibraryPages() {
	s.handle("GET /library", s.cached(s.handleLibrary))
	s.handle("GET /library/new", s.handleResourceNew)
	s.handle("POST /library", s.handleResourceCreate)
	s.handle("GET /library/{id}", s.cached(s.handleResourcePage))
	s.handle("GET /library/{id}/slides/{n}", s.cached(s.handleSlidePage))
	s.handle("GET /library/{id}/edit", s.handleResourceEdit)
	s.handle("POST /library/{id}/edit", s.handleResourceUpdate)
}

// resourceFormats are the resource formats in the order forms offer them.
var resourceFormats = []wikicities.ResourceFormat{wikicities.FormatToolkit, wikicities.FormatHandbook, wikicities.FormatDashboardModule,
	wikicities.FormatCourse, wikicities.FormatVideo, wikicities.FormatFile}

// resourceFormatLabel names a resource format in the reader's language.
func resourceFormatLabel(p *i18n.Printer, f wikicities.ResourceFormat) string {
	switch f {
	case wikicities.FormatToolkit:
		return p.Msg("resource-format-toolkit")
	case wikicities.FormatHandbook:
		return p.Msg("resource-format-handbook")
	case wikicities.FormatDashboardModule:
		return p.Msg("resource-format-dashboard-module")
	case wikicities.FormatCourse:
		return p.Msg("resource-format-course")
	case wikicities.FormatVideo:
		return p.Msg("resource-format-video")
	case wikicities.FormatFile:
		return p.Msg("resource-format-file")
	}
	return string(f)
}

// resourceLevelLabel names a level; "" for none.
func resourceLevelLabel(p *i18n.Printer, l wikicities.ResourceLevel) string {
	switch l {
	case wikicities.LevelBeginner:
		return p.Msg("resource-level-beginner")
	case wikicities.LevelIntermediate:
		return p.Msg("resource-level-intermediate")
	case wikicities.LevelAdvanced:
		return p.Msg("resource-level-advanced")
	}
	return ""
}

// resourceItem is a resource in a list, in the reader's language.
type resourceItem struct {
	ID                          int64
	Title, Topic, Format, Level string
	Languages                   string
	Minutes                     int
	Outdated                    bool
	TitleLang                   string // the language of Title
	Reasons                     []string
}

func resourceItemOf(p *i18n.Printer, r *wikicities.TrainingResource) resourceItem {
	it := resourceItem{ID: r.ID, Topic: r.Topic, Format: resourceFormatLabel(p, r.Format), Level: resourceLevelLabel(p, r.Level),
		Minutes: r.Minutes, Outdated: r.Outdated}
	it.Title, it.TitleLang = r.TitleIn(p.Lang())
	names := make([]string, len(r.Languages))
	for i, l := range r.Languages {
		names[i] = labels.Language(p, l)
	}
	it.Languages = strings.Join(names, p.Msg("comma-separator"))
	return it
}

// libraryPage is the Data of /library.
type libraryPage struct {
	Filter      *Form
	Languages   []option
	Topics      []option
	Kinds       []option
	Items       []resourceItem
	Total       int
	Filtered    bool
	CanAdd      bool
	Recommended []recommendedFor
}

// recommendedFor is the library's recommendations for a group the reader
// coordinates.
type recommendedFor struct {
	Group partyLink
	Items []resourceItem
}

func (s *Server) handleLibrary(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = pr.Msg("library-title")
	q := r.URL.Query()
	f := newForm(nil)
	for _, k := range []string{"lang", "topic", "kind", "q"} {
		f.Values.Set(k, strings.TrimSpace(q.Get(k)))
	}
	all, err := s.Training.Resources(r.Context(), wikicities.ResourceFilter{})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	d := libraryPage{Filter: f, Total: len(all), CanAdd: p.Actor.CanWrite()}
	d.Languages, d.Topics = libraryChoices(pr, all)
	d.Kinds = []option{{"", pr.Msg("library-filter-any")}}
	for _, k := range resourceFormats {
		d.Kinds = append(d.Kinds, option{string(k), resourceFormatLabel(pr, k)})
	}
	matches, err := s.Training.Resources(r.Context(), wikicities.ResourceFilter{Language: f.Get("lang"), Query: f.Get("q")})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	for _, x := range matches {
		if (f.Get("topic") == "" || x.Topic == f.Get("topic")) && (f.Get("kind") == "" || string(x.Format) == f.Get("kind")) {
			d.Items = append(d.Items, resourceItemOf(pr, x))
		}
	}
	d.Filtered = len(d.Items) != len(all)
	if d.Recommended, err = s.recommendedForReader(r, pr, p.Actor); err != nil {
		s.renderError(w, r, err)
		return
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "library", p)
}

// libraryChoices are the languages and topics the library's filters offer:
// those of its resources, each once.
func libraryChoices(pr *i18n.Printer, all []*wikicities.TrainingResource) (langs, topics []option) {
	seenL, seenT := map[string]bool{}, map[string]bool{}
	var ls, ts []string
	for _, x := range all {
		for _, l := range x.Languages {
			if !seenL[l] {
				seenL[l] = true
				ls = append(ls, l)
			}
		}
		if x.Topic != "" && !seenT[x.Topic] {
			seenT[x.Topic] = true
			ts = append(ts, x.Topic)
		}
	}
	slices.Sort(ls)
	slices.Sort(ts)
	langs = []option{{"", pr.Msg("library-filter-any")}}
	for _, l := range ls {
		langs = append(langs, option{l, labels.Language(pr, l)})
	}
	topics = []option{{"", pr.Msg("library-filter-any")}}
	for _, t := range ts {
		topics = append(topics, option{t, t})
	}
	return langs, topics
}

// recommendedForReader recommends resources to each group the reader
// coordinates (three groups at most, three resources each).
func (s *Server) recommendedForReader(r *http.Request, pr *i18n.Printer, a *wikicities.Actor) ([]recommendedFor, error) {
	var out []recommendedFor
	for _, g := range a.Coordinates {
		if g.Kind != wikicities.PartyCommunity || len(out) == 3 {
			continue
		}
		c, err := s.Communities.Community(r.Context(), g.ID)
		if err != nil {
			continue // a group gone since the session began
		}
		recs, err := s.Training.RecommendResources(r.Context(), g.ID, 3)
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			continue
		}
		rf := recommendedFor{Group: partyLink{Kind: wikicities.PartyCommunity, ID: c.ID, Name: c.Name}}
		for _, rec := range recs {
			it := resourceItemOf(pr, rec.Resource)
			for _, why := range rec.Reasons {
				it.Reasons = append(it.Reasons, labels.ResourceReason(pr, why))
			}
			rf.Items = append(rf.Items, it)
		}
		out = append(out, rf)
	}
	return out, nil
}

// resourcePage is the Data of /library/{id}.
type resourcePage struct {
	R         *wikicities.TrainingResource
	Item      resourceItem
	Skill     string
	CheckedAt string
	Uses      []resourceUseItem
	Related   []resourceItem
	Slides    []slideLink // a training module's table of contents
	CanEdit   bool
	Notice    string
}

// resourceUseItem is a place a resource is used, with the page it opens
// ("" when that page does not exist).
type resourceUseItem struct {
	Kind, Name, URL string
}

func (s *Server) handleResourcePage(w http.ResponseWriter, r *http.Request) {
	x, ok := pageRecord(s, w, r, s.Training.Resource)
	if !ok {
		return
	}
	uses, err := s.Training.ResourceUses(r.Context(), x.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	d := resourcePage{R: x, Item: resourceItemOf(pr, x), CanEdit: x.EditableBy(p.Actor),
		Notice: doneNotice(r, pr, map[string]string{"created": "resource-created", "saved": "resource-saved"})}
	p.Title = d.Item.Title
	if x.Skill != "" {
		d.Skill = labels.Skill(pr, x.Skill, x.Skill)
	}
	if !x.CheckedAt.IsZero() {
		d.CheckedAt = pr.Date(x.CheckedAt)
	}
	for _, u := range uses {
		d.Uses = append(d.Uses, s.resourceUseItem(pr, u))
	}
	if d.Slides, err = s.moduleContents(r, p, x); err != nil {
		s.renderError(w, r, err)
		return
	}
	all, err := s.Training.Resources(r.Context(), wikicities.ResourceFilter{})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	for _, o := range all {
		if o.ID != x.ID && len(d.Related) < 5 && (x.Topic != "" && o.Topic == x.Topic || x.Skill != "" && o.Skill == x.Skill) {
			d.Related = append(d.Related, resourceItemOf(pr, o))
		}
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "resource", p)
}

func (s *Server) resourceUseItem(pr *i18n.Printer, u *wikicities.ResourceUse) resourceUseItem {
	it := resourceUseItem{Name: u.Name}
	switch u.Target.Kind {
	case wikicities.TargetPartnership:
		it.Kind = pr.Msg("resource-use-partnership")
	case wikicities.TargetResponsibility:
		it.Kind = pr.Msg("resource-use-responsibility")
	case wikicities.TargetEvent:
		it.Kind = pr.Msg("resource-use-event")
		it.URL = fmt.Sprintf("/events/%d", u.Target.ID)
	case wikicities.TargetCampaign:
		it.Kind = pr.Msg("resource-use-campaign")
		it.URL = fmt.Sprintf("/campaigns/%d", u.Target.ID)
	}
	if u.PartnershipID != 0 {
		it.URL = fmt.Sprintf("/partnerships/%d", u.PartnershipID)
	}
	if it.URL != "" && !s.pageExists(it.URL) {
		it.URL = ""
	}
	return it
}

// resourceForm is the Data of the add and edit forms.
type resourceForm struct {
	Form    *Form
	Edit    bool
	ID      int64
	Action  string
	Formats []option
	Levels  []option
	Skills  []option
	Current *wikicities.TrainingResource // after a stale save
}

var resourceFields = []string{"title", "link", "format", "level", "topic", "skill", "languages", "minutes", "licence", "maintainer"}

func (s *Server) resourceFormData(r *http.Request, pr *i18n.Printer, f *Form) resourceForm {
	d := resourceForm{Form: f}
	for _, k := range resourceFormats {
		d.Formats = append(d.Formats, option{string(k), resourceFormatLabel(pr, k)})
	}
	d.Levels = []option{{"", pr.Msg("resource-level-none")}}
	for _, l := range []wikicities.ResourceLevel{wikicities.LevelBeginner, wikicities.LevelIntermediate, wikicities.LevelAdvanced} {
		d.Levels = append(d.Levels, option{string(l), resourceLevelLabel(pr, l)})
	}
	d.Skills = []option{{"", pr.Msg("resource-skill-none")}}
	if skills, err := s.Skills.Skills(r.Context()); err == nil {
		for _, sk := range skills {
			d.Skills = append(d.Skills, option{sk.Code, labels.Skill(pr, sk.Code, sk.Label)})
		}
	} else {
		s.Log.Error("listing skills", "err", err)
	}
	return d
}

// resourceValues are the form's values for x.
func resourceValues(x *wikicities.TrainingResource) *Form {
	f := newForm(nil)
	f.Values.Set("title", x.Title)
	f.Values.Set("link", x.Link)
	f.Values.Set("format", string(x.Format))
	f.Values.Set("level", string(x.Level))
	f.Values.Set("topic", x.Topic)
	f.Values.Set("skill", x.Skill)
	f.Values.Set("languages", strings.Join(x.Languages, ", "))
	if x.Minutes > 0 {
		f.Values.Set("minutes", strconv.Itoa(x.Minutes))
	}
	f.Values.Set("licence", x.Licence)
	f.Values.Set("maintainer", x.Maintainer)
	f.Values.Set("version", strconv.FormatInt(x.Version, 10))
	return f
}

// resourceFromForm reads the posted form; a length that is not a number
// is the form's own error.
func resourceFromForm(pr *i18n.Printer, f *Form) *wikicities.TrainingResource {
	x := &wikicities.TrainingResource{Title: f.Get("title"), Link: f.Get("link"), Format: wikicities.ResourceFormat(f.Get("format")),
		Level: wikicities.ResourceLevel(f.Get("level")), Topic: f.Get("topic"), Skill: f.Get("skill"), Licence: f.Get("licence"),
		Maintainer: f.Get("maintainer")}
	for _, l := range strings.FieldsFunc(f.Get("languages"), func(r rune) bool { return r == ',' || r == ' ' }) {
		x.Languages = append(x.Languages, strings.ToLower(l))
	}
	if m := strings.TrimSpace(f.Get("minutes")); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil || n < 0 {
			f.Errors["minutes"] = pr.Msg("resource-minutes-invalid")
		}
		x.Minutes = n
	}
	return x
}

func (s *Server) handleResourceNew(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) {
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("resource-new-title")
	f := newForm(nil)
	f.Values.Set("format", string(wikicities.FormatToolkit))
	f.Values.Set("languages", p.Lang)
	d := s.resourceFormData(r, p.Printer(), f)
	d.Action = "/library"
	p.Data = d
	s.render(w, r, http.StatusOK, "resource-form", p)
}

func (s *Server) handleResourceCreate(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) || !s.postedForm(w, r) {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	f := newForm(r.PostForm)
	x := resourceFromForm(pr, f)
	status := s.submit(w, r, pr, f, formSave{fields: resourceFields,
		save: func() (string, error) {
			if err := s.Training.AddResource(r.Context(), x); err != nil {
				return "", err
			}
			return fmt.Sprintf("/library/%d?done=created", x.ID), nil
		}})
	if status == 0 {
		return
	}
	p.Title = pr.Msg("resource-new-title")
	d := s.resourceFormData(r, pr, f)
	d.Action = "/library"
	p.Data = d
	s.render(w, r, status, "resource-form", p)
}

// editableResource loads resource {id} for a visitor who may edit it.
func (s *Server) editableResource(w http.ResponseWriter, r *http.Request) (*wikicities.TrainingResource, bool) {
	return recordFor(s, w, r, s.Training.Resource, func(a *wikicities.Actor, x *wikicities.TrainingResource) error {
		if !x.EditableBy(a) {
			return wikicities.ErrForbidden
		}
		return nil
	})
}

func (s *Server) handleResourceEdit(w http.ResponseWriter, r *http.Request) {
	x, ok := s.editableResource(w, r)
	if !ok {
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("resource-edit-title", x.Title)
	d := s.resourceFormData(r, p.Printer(), resourceValues(x))
	d.Edit, d.ID, d.Action = true, x.ID, fmt.Sprintf("/library/%d/edit", x.ID)
	p.Data = d
	s.render(w, r, http.StatusOK, "resource-form", p)
}

func (s *Server) handleResourceUpdate(w http.ResponseWriter, r *http.Request) {
	cur, ok := s.editableResource(w, r)
	if !ok || !s.postedForm(w, r) {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	f := newForm(r.PostForm)
	x := resourceFromForm(pr, f)
	x.ID = cur.ID
	var current *wikicities.TrainingResource
	status := s.submit(w, r, pr, f, formSave{fields: resourceFields,
		save: func() (string, error) {
			v := formVersion(f)
			x.Version = v
			if err := s.Training.UpdateResource(r.Context(), x); err != nil {
				return "", err
			}
			return fmt.Sprintf("/library/%d?done=saved", x.ID), nil
		},
		stale: func() (int64, url.Values, error) {
			var err error
			current, err = s.Training.Resource(r.Context(), x.ID)
			if err != nil {
				return 0, nil, err
			}
			return current.Version, resourceValues(current).Values, nil
		}})
	if status == 0 {
		return
	}
	p.Title = pr.Msg("resource-edit-title", cur.Title)
	d := s.resourceFormData(r, pr, f)
	d.Edit, d.ID, d.Action, d.Current = true, x.ID, fmt.Sprintf("/library/%d/edit", x.ID), current
	p.Data = d
	s.render(w, r, status, "resource-form", p)
}
