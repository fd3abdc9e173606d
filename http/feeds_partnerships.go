package http

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
	"github.com/gorilla/feeds"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/eventfeed"
)

// The feeds are public and outside /api: an Atom feed of partnership news
// (site-wide and per community or institution) and an iCalendar feed of a
// community's activities, for calendar and feed readers. The digest's
// unsubscribe link lands here too.
func (s *Server) registerPartnershipFeeds() {
	s.handle("GET /partnerships/feed.atom", s.partnershipNewsFeed(""))
	s.handle("GET /communities/{id}/partnerships.atom", s.partnershipNewsFeed(wikicities.PartyCommunity))
	s.handle("GET /institutions/{id}/partnerships.atom", s.partnershipNewsFeed(wikicities.PartyInstitution))
	s.handle("GET /communities/{id}/activities.ics", s.communityActivitiesICS)
}

// ICSPast is how far back a community's calendar feed reaches, so that
// subscribers keep the recent activities; everything planned is included.
const ICSPast = 30 * 24 * time.Hour

// newsTitle is the English headline of a news item.
func newsTitle(n *wikicities.NewsItem) string {
	pair := n.A.Name + " & " + n.B.Name
	if n.Activity != nil {
		return fmt.Sprintf("%s: %s (%s)", pair, n.Activity.Title, strings.ReplaceAll(string(n.Activity.Kind), "_", " "))
	}
	switch n.Action {
	case wikicities.ActionAccept:
		return pair + ": partnership agreed"
	case wikicities.ActionActivate:
		return pair + ": partnership active"
	case wikicities.ActionLapse:
		return pair + ": partnership dormant"
	case wikicities.ActionRenew:
		return pair + ": partnership renewed"
	case wikicities.ActionEnd:
		return pair + ": partnership ended"
	}
	return pair + ": " + string(n.Action)
}

func newsSummary(n *wikicities.NewsItem) string {
	if a := n.Activity; a != nil {
		var parts []string
		if a.Place != "" {
			parts = append(parts, a.Place)
		}
		if a.Participants > 0 {
			parts = append(parts, fmt.Sprintf("%d participants", a.Participants))
		}
		o := a.Outcomes
		for _, x := range []struct {
			n    int
			what string
		}{{o.ArticlesCreated, "articles created"}, {o.ArticlesImproved, "articles improved"}, {o.MediaUploaded, "files uploaded"}, {o.WikidataItems, "Wikidata items edited"}} {
			if x.n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", x.n, x.what))
			}
		}
		return strings.Join(parts, "; ")
	}
	return n.Note
}

func (s *Server) partnershipNewsFeed(kind wikicities.PartyKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		title := "WikiCities: partnership news"
		link := s.BaseURL + "/partnerships"
		var party *wikicities.PartyRef
		if kind != "" {
			id, err := pathID(r, "id")
			if err != nil {
				s.writeError(w, r, err)
				return
			}
			party = &wikicities.PartyRef{Kind: kind, ID: id}
			name, err := s.Partnerships.PartyName(r.Context(), *party)
			if err != nil {
				s.writeError(w, r, err)
				return
			}
			title = "WikiCities: partnerships of " + name
			link = fmt.Sprintf("%s/%ss/%d", s.BaseURL, kind, id)
			if kind == wikicities.PartyCommunity {
				link = fmt.Sprintf("%s/communities/%d", s.BaseURL, id)
			}
		}
		news, err := s.Partnerships.News(r.Context(), party, 50)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		updated := time.Unix(0, 0).UTC()
		if len(news) > 0 {
			updated = news[0].At
		}
		f := &feeds.Feed{Title: title, Link: &feeds.Link{Href: link}, Id: s.BaseURL + r.URL.Path, Updated: updated,
			Description: "Partnerships agreed, activities held, partnerships renewed and ended."}
		for _, n := range news {
			f.Items = append(f.Items, &feeds.Item{
				Id:    fmt.Sprintf("%s/partnerships/%d#%s", s.BaseURL, n.PartnershipID, n.Key),
				Title: newsTitle(n),
				Link:  &feeds.Link{Href: fmt.Sprintf("%s/partnerships/%d", s.BaseURL, n.PartnershipID)},
				// gorilla/feeds marks the summary as HTML: names and
				// places come from users, so they are escaped.
				Description: html.EscapeString(newsSummary(n)),
				Created:     n.At,
				Updated:     n.At,
			})
		}
		atom, err := f.ToAtom()
		s.writeFeed(w, r, "application/atom+xml; charset=utf-8", atom, err)
	}
}

// writeFeed writes body, a public feed (Atom, iCalendar) of type
// contentType that anyone may cache for five minutes, or err, when not nil,
// through writeError.
func (s *Server) writeFeed(w http.ResponseWriter, r *http.Request, contentType, body string, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "public, max-age=300")
	fmt.Fprint(w, body)
}

// communityActivitiesICS serves the activities of a community's
// partnerships from ICSPast ago onwards as an iCalendar feed.
func (s *Server) communityActivitiesICS(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ps := s.Partnerships
	name, err := ps.PartyName(r.Context(), wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: id})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	now := s.Clock.Now()
	acts, err := ps.Activities(r.Context(), wikicities.ActivityFilter{Community: id, From: now.Add(-ICSPast), Limit: 5000})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	host := "wikicities"
	if u, err := url.Parse(s.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, "-//WikiCities//Partnership activities//EN")
	calName := ical.NewProp("X-WR-CALNAME")
	calName.SetText(eventfeed.Text("WikiCities: activities of " + name))
	calName.Params.Del(ical.ParamValue) // TEXT is what calendar clients expect of it
	cal.Props.Set(calName)
	for _, a := range acts {
		ev := ical.NewEvent()
		ev.Props.SetText(ical.PropUID, fmt.Sprintf("activity-%d@%s", a.ID, host))
		ev.Props.SetDateTime(ical.PropDateTimeStamp, a.UpdatedAt.UTC())
		ev.Props.SetDateTime(ical.PropDateTimeStart, a.Start.UTC())
		end := a.End
		if end.IsZero() {
			end = a.Start.Add(2 * time.Hour)
		}
		ev.Props.SetDateTime(ical.PropDateTimeEnd, end.UTC())
		ev.Props.SetText(ical.PropSummary, eventfeed.Text(a.Title))
		if a.Place != "" {
			ev.Props.SetText(ical.PropLocation, eventfeed.Text(a.Place))
		}
		desc := strings.ReplaceAll(string(a.Kind), "_", " ")
		if a.Notes != "" {
			desc += "\n\n" + a.Notes
		}
		ev.Props.SetText(ical.PropDescription, eventfeed.Text(desc))
		if u, err := url.Parse(fmt.Sprintf("%s/partnerships/%d", s.BaseURL, a.PartnershipID)); err == nil {
			ev.Props.SetURI(ical.PropURL, u)
		}
		seq := ical.NewProp(ical.PropSequence)
		seq.Value = strconv.FormatInt(a.Version-1, 10) // an INTEGER, the property's default type
		ev.Props.Set(seq)
		cal.Children = append(cal.Children, ev.Component)
	}
	body, err := eventfeed.Encode(cal)
	s.writeFeed(w, r, "text/calendar; charset=utf-8", body, err)
}
