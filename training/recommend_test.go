package training

import (
	"testing"

	"github.com/wikicities/wikicities"
)

func TestRecommendRanksWantedSkillsThenResponsibilities(t *testing.T) {
	rs := []*wikicities.TrainingResource{
		{ID: 1, Title: "Photographing monuments", Skill: "photography", Languages: []string{"en"}},
		{ID: 2, Title: "Organising an edit-a-thon", Topic: "Events", Languages: []string{"en", "de"}, Uses: 4},
		{ID: 3, Title: "Wikidata basics", Skill: "wikidata", Languages: []string{"en"}},
		{ID: 4, Title: "Old photography guide", Skill: "photography", Outdated: true},
		{ID: 5, Title: "Photography for museums", Skill: "photography", Languages: []string{"de"}},
	}
	need := Need{WantedSkills: []string{"photography"}, Responsibilities: []string{"Host the joint edit-a-thon in May"}, Languages: []string{"de"}}
	got := Recommend(rs, need, 0)
	var ids []int64
	for _, r := range got {
		ids = append(ids, r.Resource.ID)
	}
	want := []int64{5, 1, 2} // 10+2, 10, 3+2+log(5)
	if len(ids) != len(want) {
		t.Fatalf("ids = %v, want %v", ids, want)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("ids = %v, want %v", ids, want)
		}
	}
	if got[2].Reasons[0].Code != ReasonResponsibility || got[2].Reasons[0].Params["words"].([]string)[0] != "edit" {
		t.Errorf("responsibility reason = %+v", got[2].Reasons[0])
	}
	if len(Recommend(rs, need, 1)) != 1 {
		t.Error("limit ignored")
	}
	if len(Recommend(rs, Need{}, 0)) != 0 {
		t.Error("recommended without a reason")
	}
}
