package http

import (
	"context"
	"net/http"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
)

// The Knowledge Park's learning pages (issue 18): the library of training
// materials and toolkits (pages_library.go), capacities and the directory of
// who offers what (pages_capacities.go), mentoring (pages_mentoring.go) and
// Wiki Clubs (pages_clubs.go). They share one entry of the header's
// navigation, "Learn", and a row of links to one another.

// learnSections are the first path segments of the learning pages, which
// the header's "Learn" entry marks as current.
var learnSections = map[string]bool{"library": true, "capacities": true, "mentoring": true, "mentorships": true, "clubs": true}

// InLearn reports whether the page is one of the learning pages.
func (p *Page) InLearn() bool { return learnSections[p.Section] }

func (s *Server) registerLearnPages() {
	s.registerLibraryPages()
	s.registerCapacityPages()
	s.registerMentoringPages()
	s.registerClubPages()
	s.CitySections = append(s.CitySections, s.cityClubsSection)
}

// capacityNames says the capacity vocabulary in one language.
type capacityNames struct {
	vocab  []*wikicities.Capacity
	labels map[string]string
}

// capacityNamesFor reads the vocabulary and labels it in pr's language,
// falling back to English, then to the code.
func (s *Server) capacityNamesFor(ctx context.Context, pr *i18n.Printer) (*capacityNames, error) {
	cs, err := s.Capacities.Capacities(ctx)
	if err != nil {
		return nil, err
	}
	n := &capacityNames{vocab: cs, labels: map[string]string{}}
	for _, c := range cs {
		l := c.Labels[pr.Lang()]
		if l == "" {
			l = c.Labels["en"]
		}
		if l == "" {
			l = c.Code
		}
		n.labels[c.Code] = l
	}
	return n, nil
}

// Name returns the label of code.
func (n *capacityNames) Name(code string) string {
	if l, ok := n.labels[code]; ok {
		return l
	}
	return code
}

// Names returns the labels of codes.
func (n *capacityNames) Names(codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = n.Name(c)
	}
	return out
}

// capacityGroup is a top-level capacity with the capacities under it, for
// the groups of checkboxes of the capacities form.
type capacityGroup struct {
	Label   string
	Options []option
}

// Groups returns the vocabulary as groups under each top-level capacity;
// each option says its path below the top ("Photography › Heritage").
func (n *capacityNames) Groups() []capacityGroup {
	var out []capacityGroup
	index := map[string]int{}
	for _, c := range n.vocab {
		top, _, _ := strings.Cut(c.Code, ".")
		i, ok := index[top]
		if !ok {
			i = len(out)
			index[top] = i
			out = append(out, capacityGroup{Label: n.Name(top)})
		}
		label := n.Name(c.Code)
		if c.Parent != "" && c.Parent != top {
			label = n.Name(c.Parent) + " › " + label
		}
		out[i].Options = append(out[i].Options, option{Value: c.Code, Label: label})
	}
	return out
}

// pageExists reports whether path is the address of a page that a route
// serves, so that a link to a page another area may not have yet (an
// event's) is only drawn when it leads somewhere.
func (s *Server) pageExists(path string) bool {
	r, err := http.NewRequest(http.MethodGet, path, nil)
	if err != nil {
		return false
	}
	_, pattern := s.mux.Handler(r)
	return pattern != "" && pattern != "GET /"
}
