package http

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// The register and edit forms of a community and of an institution share
// one flow. The person who registers a party becomes its coordinator (the
// store grants it); a new party that looks like one already listed in the
// same city comes back with the candidates, a link to ask to coordinate
// each, and "register it anyway"; its coordinators edit it; an edit that
// someone else's save overtook keeps what was typed and shows the current
// record. partyForms holds what differs between the two kinds.

// partyRecord is the record of a party: *wikicities.Community or
// *wikicities.Institution.
type partyRecord interface {
	Ref() wikicities.PartyRef
	Validate() error
}

// partyForm is the Data of a party's register and edit forms; each kind
// fills the choices its form has.
type partyForm[T partyRecord] struct {
	Form       *Form
	Edit       bool
	ID         int64
	Action     string
	Kinds      []option
	Statuses   []option // communities
	Projects   []option // communities
	Programmes []option // institutions
	Skills     []option
	// Current is the current record, shown after a stale edit.
	Current T
	// Duplicates are the listed parties the new one looks like; the form
	// comes back asking to claim one of them or to confirm.
	Duplicates []duplicateCandidate
}

// partyForms is what the shared flow needs to know of one kind of party.
type partyForms[T partyRecord] struct {
	s           *Server
	template    string // the form's template
	path        string // the kind's pages: "/communities"
	newTitle    string // the message of the register form's title
	defaultKind string // the kind a new form starts with
	fields      []string
	aliases     map[string]string
	// choices fills the form's choices besides the skills.
	choices  func(pr *i18n.Printer, d *partyForm[T])
	fromForm func(f *Form, pr *i18n.Printer) T
	values   func(x T, pr *i18n.Printer) url.Values // an edit form's values, version included
	name     func(x T) string
	version  func(x T) int64
	// keep copies onto an edited record what the form does not show of the
	// current one (its id, archived flag, ...), and the form's version.
	keep    func(x, cur T, version int64)
	load    func(context.Context, int64) (T, error)
	similar func(context.Context, T) ([]duplicateCandidate, error)
	create  func(context.Context, T) error // sets the record's id
	update  func(context.Context, T) error
}

// registerPartyForms registers the register and edit forms of a kind of
// party under its path; forms is called for each request.
func registerPartyForms[T partyRecord](s *Server, path string, forms func() partyForms[T]) {
	s.handle("GET "+path+"/new", func(w http.ResponseWriter, r *http.Request) { forms().handleNew(w, r) })
	s.handle("POST "+path, func(w http.ResponseWriter, r *http.Request) { forms().handleCreate(w, r) })
	s.handle("GET "+path+"/{id}/edit", func(w http.ResponseWriter, r *http.Request) { forms().handleEdit(w, r) })
	s.handle("POST "+path+"/{id}/edit", func(w http.ResponseWriter, r *http.Request) { forms().handleUpdate(w, r) })
}

// cityFieldValue is how the city field shows the city of a record: by the
// graph's name, or by its id when the graph lacks it.
func (s *Server) cityFieldValue(id int64) string {
	if city := s.Graph.City(id); city != nil {
		return cityInputValue(city)
	}
	return strconv.FormatInt(id, 10)
}

// skillBoxes lists the skills vocabulary as checkboxes.
func (s *Server) skillBoxes(r *http.Request, pr *i18n.Printer) []option {
	skills, err := s.Skills.Skills(r.Context())
	if err != nil {
		s.Log.Error("listing skills", "err", err)
		return nil
	}
	out := make([]option, len(skills))
	for i, sk := range skills {
		out[i] = option{sk.Code, labels.Skill(pr, sk.Code, sk.Label)}
	}
	return out
}

// data is the Data of the form over f: the register form, or with id the
// edit form of that record.
func (k partyForms[T]) data(r *http.Request, p *Page, f *Form, id int64) partyForm[T] {
	pr := p.Printer()
	d := partyForm[T]{Form: f, Action: k.path, Skills: k.s.skillBoxes(r, pr)}
	if id != 0 {
		d.Edit, d.ID, d.Action = true, id, fmt.Sprintf("%s/%d/edit", k.path, id)
	}
	k.choices(pr, &d)
	return d
}

// editable loads the record of the request for its coordinator; it answers
// the request itself and returns false when it cannot go on.
func (k partyForms[T]) editable(w http.ResponseWriter, r *http.Request) (T, bool) {
	return recordFor(k.s, w, r, k.load, func(a *wikicities.Actor, x T) error {
		return a.RequireCoordinator(x.Ref())
	})
}

func (k partyForms[T]) handleNew(w http.ResponseWriter, r *http.Request) {
	s := k.s
	if !s.requireSignIn(w, r) {
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg(k.newTitle)
	f := newForm(url.Values{"kind": {k.defaultKind}})
	if id, err := strconv.ParseInt(r.URL.Query().Get("city"), 10, 64); err == nil {
		if c := s.Graph.City(id); c != nil {
			f.Values.Set("city", cityInputValue(c))
		}
	}
	p.Data = k.data(r, p, f, 0)
	s.render(w, r, http.StatusOK, k.template, p)
}

func (k partyForms[T]) handleCreate(w http.ResponseWriter, r *http.Request) {
	s := k.s
	if !s.requireSignIn(w, r) || !s.postedForm(w, r) {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg(k.newTitle)
	f := newForm(r.PostForm)
	x := k.fromForm(f, pr)
	d := k.data(r, p, f, 0)
	if len(f.Errors) == 0 && f.Get("confirm_duplicate") != "1" {
		dups, err := k.similar(r.Context(), x)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if len(dups) > 0 {
			d.Duplicates = dups
			p.Data = d
			s.render(w, r, http.StatusConflict, k.template, p)
			return
		}
	}
	status := s.submit(w, r, pr, f, formSave{fields: k.fields, aliases: k.aliases, check: x.Validate,
		save: func() (string, error) {
			err := k.create(r.Context(), x) // sets the id
			return fmt.Sprintf("%s/%d?done=created", k.path, x.Ref().ID), err
		}})
	if status == 0 {
		return
	}
	p.Data = d
	s.render(w, r, status, k.template, p)
}

func (k partyForms[T]) handleEdit(w http.ResponseWriter, r *http.Request) {
	s := k.s
	x, ok := k.editable(w, r)
	if !ok {
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("community-edit-title", k.name(x))
	p.Data = k.data(r, p, newForm(k.values(x, p.Printer())), x.Ref().ID)
	s.render(w, r, http.StatusOK, k.template, p)
}

func (k partyForms[T]) handleUpdate(w http.ResponseWriter, r *http.Request) {
	s := k.s
	cur, ok := k.editable(w, r)
	if !ok || !s.postedForm(w, r) {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("community-edit-title", k.name(cur))
	f := newForm(r.PostForm)
	x := k.fromForm(f, pr)
	version := formVersion(f)
	k.keep(x, cur, version)
	id := cur.Ref().ID
	d := k.data(r, p, f, id)
	status := s.submit(w, r, pr, f, formSave{fields: k.fields, aliases: k.aliases, check: x.Validate,
		save: func() (string, error) {
			return fmt.Sprintf("%s/%d?done=saved", k.path, id), k.update(r.Context(), x)
		},
		stale: func() (int64, url.Values, error) {
			// Shown beside what was typed, which the next save replaces.
			fresh, err := k.load(r.Context(), id)
			if err != nil {
				return 0, nil, err
			}
			d.Current = fresh
			return k.version(fresh), k.values(fresh, pr), nil
		},
		typed: func() url.Values { return k.values(x, pr) }})
	if status == 0 {
		return
	}
	p.Data = d
	s.render(w, r, status, k.template, p)
}
