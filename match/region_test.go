package match_test

import (
	"slices"
	"testing"

	"github.com/wikicities/wikicities/match"
)

// regionWorld is nearWorld with regions: Edinburgh and Glasgow in
// Scotland, Verona and Vicenza in Veneto, and four more groups in Glasgow
// (so five with Wikimedia UK).
func regionWorld() match.Input {
	in := nearWorld()
	in.Region = func(id int64) (string, string) {
		switch id {
		case 2, 9:
			return "GB-SCT", "Scotland"
		case 4, 5:
			return "IT-34", "Veneto"
		}
		return "", ""
	}
	for i, name := range []string{"Glasgow Wikimedians", "Glasgow photo walkers", "Strathclyde students", "Clyde Wiki Club"} {
		in.Communities = append(in.Communities, community(int64(30+i), 9, name, nil, nil, nil))
	}
	return in
}

// Groups in the region of a twin city, elsewhere than in that city, are
// suggested with the region and the twin city named, at most three a
// region (the oldest first); a group in the twin city itself is a direct
// twin, not this; the index follows removals; without regions, nothing.
func TestSuggestGroupsInATwinCitysRegion(t *testing.T) {
	m := match.New(regionWorld(), match.DefaultWeights())
	s := suggest(t, m, 1)
	var got []int64
	for _, x := range s {
		if r := reason(&x, match.ReasonTwinRegion); r != nil {
			got = append(got, x.ID)
			if x.ID == 30 && (r.Params["region"] != "Scotland" || r.Params["twin_city"] != "Edinburgh" ||
				r.Text != "in Scotland, the region of your twin city Edinburgh" || r.Weight != match.DefaultWeights().TwinRegion) {
				t.Errorf("Glasgow Wikimedians: %+v", r)
			}
		}
	}
	slices.Sort(got)
	// Scotland: Wikimedia UK (20), 30, 31 of five; Veneto: Wikimedia Vicenza (4).
	if want := []int64{4, 20, 30, 31}; !slices.Equal(got, want) {
		t.Errorf("groups suggested for a twin city's region: %v, want %v", got, want)
	}
	if x := find(s, match.KindCommunity, 2); x == nil || reason(x, match.ReasonTwinRegion) != nil {
		t.Errorf("the group in Edinburgh itself: %+v", x)
	}
	m.RemoveCommunity(20)
	got = got[:0]
	for _, x := range suggest(t, m, 1) {
		if x.ID != 4 && reason(&x, match.ReasonTwinRegion) != nil {
			got = append(got, x.ID)
		}
	}
	slices.Sort(got)
	if want := []int64{30, 31, 32}; !slices.Equal(got, want) {
		t.Errorf("after removing Wikimedia UK: %v, want %v", got, want)
	}
	for _, x := range suggest(t, match.New(nearWorld(), match.DefaultWeights()), 1) {
		if reason(&x, match.ReasonTwinRegion) != nil {
			t.Errorf("%s suggested for a region without regions", x.Name)
		}
	}
	w := match.DefaultWeights()
	w.TwinRegion = 0
	for _, x := range suggest(t, match.New(regionWorld(), w), 1) {
		if reason(&x, match.ReasonTwinRegion) != nil {
			t.Errorf("%s suggested for a region with the weight 0", x.Name)
		}
	}
}
