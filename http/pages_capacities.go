package http

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
)

// Capacities: what a person or a group knows, has available to share and
// wants (CapX's Known / Available / Wanted), shown on the account and
// community pages and edited by their owner; and the directory of who
// offers and who wants what.

func (s *Server) registerCapacityPages() {
	s.handle("GET /capacities", s.cached(s.handleCapacityDirectory))
	s.handle("GET /capacities/{kind}/{id}/edit", s.handleCapacitiesEdit)
	s.handle("POST /capacities/{kind}/{id}/edit", s.handleCapacitiesUpdate)
}

// holderURL is the page of a holder: a group's community page; people have
// no page of their own ("").
func holderURL(h wikicities.Holder) string {
	if h.Kind == wikicities.HolderGroup {
		return "/communities/" + strconv.FormatInt(h.ID, 10)
	}
	return ""
}

// canActFor reports whether a may change h's capacities and mentorships:
// the person themself, a coordinator of the group, or an admin (as the
// store's requireHolder says).
func canActFor(a *wikicities.Actor, h wikicities.Holder) bool {
	if !a.CanWrite() {
		return false
	}
	if h.Kind == wikicities.HolderGroup {
		return a.CoordinatorOf(wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: h.ID})
	}
	return a.UserID == h.ID || a.IsAdmin()
}

// capacitiesView is a holder's capacities in words, for the account and
// community pages.
type capacitiesView struct {
	Known, Available, Wanted []string
	Away                     string // the return date when away
	MenteeLimit              int
	EditURL, MentoringURL    string // for whoever may act for the holder
	Empty                    bool
}

// capacitiesOf returns h's capacities in the reader's words; the edit and
// mentoring links only for whoever may act for h.
func (s *Server) capacitiesOf(r *http.Request, p *Page, h wikicities.Holder) (*capacitiesView, error) {
	if s.Capacities == nil {
		return nil, nil
	}
	hc, err := s.Capacities.HolderCapacities(r.Context(), h)
	if err != nil {
		return nil, err
	}
	names, err := s.capacityNamesFor(r.Context(), p.Printer())
	if err != nil {
		return nil, err
	}
	v := &capacitiesView{Known: names.Names(hc.Known), Available: names.Names(hc.Available), Wanted: names.Names(hc.Wanted),
		MenteeLimit: hc.MenteeLimit}
	if hc.AwayUntil.After(time.Now()) {
		v.Away = p.Printer().Date(hc.AwayUntil)
	}
	v.Empty = len(hc.Known)+len(hc.Available)+len(hc.Wanted) == 0
	if canActFor(p.Actor, h) {
		v.EditURL = fmt.Sprintf("/capacities/%s/%d/edit", h.Kind, h.ID)
		v.MentoringURL = fmt.Sprintf("/mentoring/%s/%d", h.Kind, h.ID)
	}
	return v, nil
}

// directoryEntry is one capacity of the directory with who offers and who
// wants it.
type directoryEntry struct {
	Code, Label      string
	Depth            int
	Offered, Wanted  []holderLink
	OfferedOrWanted  bool
	RequestMentoring string // the reader's dashboard, to ask one of them
}

// holderLink names a holder, with its page when it has one.
type holderLink struct {
	Name, URL string
	Group     bool
}

// capacityDirectory is the Data of /capacities.
type capacityDirectory struct {
	Entries   []directoryEntry
	Filter    *Form
	Options   []option
	Dashboard string // the reader's mentoring dashboard, if signed in
}

func (s *Server) handleCapacityDirectory(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = pr.Msg("capacities-title")
	names, err := s.capacityNamesFor(r.Context(), pr)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	all, err := s.Capacities.AllHolderCapacities(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	f := newForm(nil)
	f.Values.Set("capacity", r.URL.Query().Get("capacity"))
	d := capacityDirectory{Filter: f, Options: []option{{"", pr.Msg("library-filter-any")}}}
	if p.Actor.CanWrite() && p.Actor.UserID != 0 {
		d.Dashboard = fmt.Sprintf("/mentoring/person/%d", p.Actor.UserID)
	}
	holders := map[wikicities.Holder]holderLink{}
	link := func(h wikicities.Holder) holderLink {
		if l, ok := holders[h]; ok {
			return l
		}
		l := s.holderLinkOf(r, h)
		holders[h] = l
		return l
	}
	for _, c := range names.vocab {
		d.Options = append(d.Options, option{c.Code, names.Name(c.Code)})
		if want := f.Get("capacity"); want != "" && c.Code != want && !strings.HasPrefix(c.Code, want+".") {
			continue
		}
		e := directoryEntry{Code: c.Code, Label: names.Name(c.Code), Depth: strings.Count(c.Code, ".")}
		for _, hc := range all {
			if contains(hc.Available, c.Code) {
				e.Offered = append(e.Offered, link(hc.Holder))
			}
			if contains(hc.Wanted, c.Code) {
				e.Wanted = append(e.Wanted, link(hc.Holder))
			}
		}
		e.OfferedOrWanted = len(e.Offered)+len(e.Wanted) > 0
		d.Entries = append(d.Entries, e)
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "capacities", p)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// holderLinkOf names h: a group by its community's name and page, a person
// by their username.
func (s *Server) holderLinkOf(r *http.Request, h wikicities.Holder) holderLink {
	if h.Kind == wikicities.HolderGroup {
		if c, err := s.Communities.Community(r.Context(), h.ID); err == nil {
			return holderLink{Name: c.Name, URL: holderURL(h), Group: true}
		}
	} else if s.Accounts != nil {
		if u, err := s.Accounts.User(r.Context(), h.ID); err == nil {
			return holderLink{Name: u.Username}
		}
	}
	return holderLink{Name: fmt.Sprintf("%s %d", h.Kind, h.ID)}
}

// capacitiesForm is the Data of the capacities form.
type capacitiesForm struct {
	Form    *Form
	Holder  holderLink
	Action  string
	Back    string
	Groups  []capacityGroup
	States  []option
	IsGroup bool
}

var capacitiesFields = []string{"known", "available", "wanted", "away_until", "mentee_limit"}

// holderFromPath reads the {kind}/{id} of a holder's page and checks that
// the visitor may act for it; it answers the request itself (sign-in, 404,
// 403) and returns false when the request cannot go on.
func (s *Server) holderFromPath(w http.ResponseWriter, r *http.Request) (wikicities.Holder, bool) {
	if !s.requireSignIn(w, r) {
		return wikicities.Holder{}, false
	}
	h, err := holderParam(r)
	if err != nil {
		s.renderError(w, r, errNoPage)
		return h, false
	}
	if !canActFor(wikicities.ActorFrom(r.Context()), h) {
		s.renderError(w, r, wikicities.ErrForbidden)
		return h, false
	}
	return h, true
}

func (s *Server) capacitiesFormData(r *http.Request, p *Page, h wikicities.Holder, f *Form) (capacitiesForm, error) {
	pr := p.Printer()
	names, err := s.capacityNamesFor(r.Context(), pr)
	if err != nil {
		return capacitiesForm{}, err
	}
	d := capacitiesForm{Form: f, Holder: s.holderLinkOf(r, h), Action: fmt.Sprintf("/capacities/%s/%d/edit", h.Kind, h.ID),
		Groups: names.Groups(), IsGroup: h.Kind == wikicities.HolderGroup,
		States: []option{{"", pr.Msg("capacity-state-none")}, {string(wikicities.CapacityKnown), pr.Msg("capacity-state-known")},
			{string(wikicities.CapacityAvailable), pr.Msg("capacity-state-available")}, {string(wikicities.CapacityWanted), pr.Msg("capacity-state-wanted")}}}
	d.Back = fmt.Sprintf("/mentoring/%s/%d", h.Kind, h.ID)
	if h.Kind == wikicities.HolderGroup {
		d.Back = holderURL(h)
	}
	return d, nil
}

func (s *Server) handleCapacitiesEdit(w http.ResponseWriter, r *http.Request) {
	h, ok := s.holderFromPath(w, r)
	if !ok {
		return
	}
	hc, err := s.Capacities.HolderCapacities(r.Context(), h)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderCapacitiesForm(w, r, http.StatusOK, h, newForm(capacityValues(hc)))
}

// capacityValues are the form's values for hc, version included: a
// "cap.<code>" field with the state of each capacity hc has.
func capacityValues(hc *wikicities.HolderCapacities) url.Values {
	v := url.Values{}
	for state, codes := range map[wikicities.CapacityState][]string{wikicities.CapacityKnown: hc.Known,
		wikicities.CapacityAvailable: hc.Available, wikicities.CapacityWanted: hc.Wanted} {
		for _, c := range codes {
			v.Set("cap."+c, string(state))
		}
	}
	if !hc.AwayUntil.IsZero() {
		v.Set("away_until", hc.AwayUntil.UTC().Format(time.DateOnly))
	}
	if hc.MenteeLimit > 0 {
		v.Set("mentee_limit", strconv.Itoa(hc.MenteeLimit))
	}
	v.Set("version", strconv.FormatInt(hc.Version, 10))
	return v
}

func (s *Server) renderCapacitiesForm(w http.ResponseWriter, r *http.Request, status int, h wikicities.Holder, f *Form) {
	p := s.newPage(w, r)
	d, err := s.capacitiesFormData(r, p, h, f)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p.Title = p.Msg("capacities-edit-title", d.Holder.Name)
	p.Data = d
	s.render(w, r, status, "capacities-form", p)
}

// capacitiesFromForm reads the posted form: one choice per capacity
// ("cap.<code>"), the return date and the mentee limit; dates and numbers
// that do not read are the form's own errors.
func capacitiesFromForm(pr *i18n.Printer, h wikicities.Holder, f *Form) *wikicities.HolderCapacities {
	hc := &wikicities.HolderCapacities{Holder: h, Known: []string{}, Available: []string{}, Wanted: []string{}}
	for k, vs := range f.Values {
		code, ok := strings.CutPrefix(k, "cap.")
		if !ok || len(vs) == 0 {
			continue
		}
		switch wikicities.CapacityState(vs[0]) {
		case wikicities.CapacityKnown:
			hc.Known = append(hc.Known, code)
		case wikicities.CapacityAvailable:
			hc.Available = append(hc.Available, code)
		case wikicities.CapacityWanted:
			hc.Wanted = append(hc.Wanted, code)
		}
	}
	if v := strings.TrimSpace(f.Get("away_until")); v != "" {
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			f.Errors["away_until"] = pr.Msg("form-not-a-date", v)
		}
		hc.AwayUntil = t
	}
	if v := strings.TrimSpace(f.Get("mentee_limit")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			f.Errors["mentee_limit"] = pr.Msg("capacities-limit-invalid")
		}
		hc.MenteeLimit = n
	}
	return hc
}

func (s *Server) handleCapacitiesUpdate(w http.ResponseWriter, r *http.Request) {
	h, ok := s.holderFromPath(w, r)
	if !ok || !s.postedForm(w, r) {
		return
	}
	pr := s.Printer(r)
	f := newForm(r.PostForm)
	hc := capacitiesFromForm(pr, h, f)
	status := s.submit(w, r, pr, f, formSave{fields: capacitiesFields,
		save: func() (string, error) {
			v := formVersion(f)
			hc.Version = v
			if err := s.Capacities.SetHolderCapacities(r.Context(), hc); err != nil {
				return "", err
			}
			if h.Kind == wikicities.HolderGroup {
				return holderURL(h) + "?done=capacities#wc-capacities", nil
			}
			return fmt.Sprintf("/mentoring/person/%d?done=capacities", h.ID), nil
		},
		stale: func() (int64, url.Values, error) {
			cur, err := s.Capacities.HolderCapacities(r.Context(), h)
			if err != nil {
				return 0, nil, err
			}
			// Each capacity's choice is a field of its own.
			now := capacityValues(cur)
			var fields []string
			for k := range now {
				fields = append(fields, k)
			}
			for k := range f.Values {
				fields = append(fields, k)
			}
			slices.Sort(fields)
			f.noteCurrent(now, nil, slices.Compact(slices.DeleteFunc(fields, func(k string) bool { return !strings.HasPrefix(k, "cap.") })))
			return cur.Version, now, nil
		}})
	if status != 0 {
		s.renderCapacitiesForm(w, r, status, h, f)
	}
}
