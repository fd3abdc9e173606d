package demo

import (
	"context"
	"fmt"

	"github.com/wikicities/wikicities"
)

// Community is a demo community, in a demo city named by its English name.
// Unsure marks what was not checked against Meta-Wiki when this list was
// written: the group exists to the author's knowledge, but its exact name,
// kind or status may differ. Only real groups are listed; none is invented.
type Community struct {
	Name      string
	Kind      wikicities.CommunityKind
	City      string
	Languages []string
	Projects  []string
	MetaPage  string
	Website   string
	Offers    []string
	Wants     []string
	Unsure    string
}

// Institution is a demo institution.
type Institution struct {
	Name   string
	Kind   wikicities.InstitutionKind
	City   string
	WiR    bool // has (or had) a Wikimedian in Residence
	Wants  []string
	Unsure string
}

// Communities are the demo communities: German community spaces, groups in
// the demo cities, and chapters and user groups of the movement.
var Communities = []Community{
	{Name: "WikiMUC", Kind: wikicities.KindLocalGroup, City: "Munich", Languages: []string{"de", "en"},
		Projects: []string{"wikipedia", "commons", "wikidata"}, Website: "https://de.wikipedia.org/wiki/Wikipedia:WikiMUC",
		Offers: []string{"photography", "events", "editing_training"}, Wants: []string{"translation"}},
	{Name: "Kontor Hamburg", Kind: wikicities.KindLocalGroup, City: "Hamburg", Languages: []string{"de"},
		Projects: []string{"wikipedia", "commons"}, Website: "https://de.wikipedia.org/wiki/Wikipedia:Hamburg",
		Offers: []string{"photography", "events"}, Wants: []string{"wikidata"}},
	{Name: "Wikipedia-Büro Hannover", Kind: wikicities.KindLocalGroup, City: "Hanover", Languages: []string{"de"},
		Projects: []string{"wikipedia"}, Website: "https://de.wikipedia.org/wiki/Wikipedia:Hannover",
		Offers: []string{"editing_training"}, Unsure: "the name of the Hanover community space"},
	{Name: "Lokal K", Kind: wikicities.KindLocalGroup, City: "Cologne", Languages: []string{"de"},
		Projects: []string{"wikipedia", "commons"}, Website: "https://de.wikipedia.org/wiki/Wikipedia:Lokal_K",
		Offers: []string{"photography", "glam"}, Wants: []string{"tools_and_bots"}},
	{Name: "Wiki Learning Tec de Monterrey User Group", Kind: wikicities.KindUserGroup, City: "Monterrey", Languages: []string{"es", "en"},
		Projects: []string{"wikipedia", "wikidata"}, Offers: []string{"education", "research"}, Wants: []string{"photography"},
		Unsure: "the group's exact name"},
	{Name: "Amical Wikimedia", Kind: wikicities.KindThematic, City: "Barcelona", Languages: []string{"ca"},
		Projects: []string{"wikipedia", "commons", "wikidata"}, MetaPage: "Amical Wikimedia", Website: "https://www.wikimedia.cat",
		Offers: []string{"glam", "education", "outreach"}, Wants: []string{"photography"}},
	{Name: "Wikimedia District of Columbia", Kind: wikicities.KindChapter, City: "Washington, D.C.", Languages: []string{"en"},
		Projects: []string{"wikipedia", "commons", "wikidata"}, MetaPage: "Wikimedia District of Columbia", Website: "https://wikimediadc.org",
		Offers: []string{"glam", "events", "outreach"}, Wants: []string{"translation"}},
	{Name: "Wikimedia New England", Kind: wikicities.KindUserGroup, City: "Boston", Languages: []string{"en"},
		Projects: []string{"wikipedia", "wikidata"}, MetaPage: "Wikimedia New England", Offers: []string{"events", "education"},
		Unsure: "kind (user group) and current status"},
	{Name: "Wikimedia Ghana User Group", Kind: wikicities.KindUserGroup, City: "Accra", Languages: []string{"en", "ak"},
		Projects: []string{"wikipedia", "commons", "wikidata"}, MetaPage: "Wikimedia Ghana User Group",
		Offers: []string{"outreach", "editing_training"}, Wants: []string{"photography", "fundraising"}},
	{Name: "Pune Wikipedia community", Kind: wikicities.KindLocalGroup, City: "Pune", Languages: []string{"mr", "en"},
		Projects: []string{"wikipedia"}, Offers: []string{"translation"}, Wants: []string{"tools_and_bots"},
		Unsure: "no single recognised group name; Marathi Wikipedia editors meet in Pune"},
	{Name: "Wikimedians of Zimbabwe", Kind: wikicities.KindUserGroup, City: "Harare", Languages: []string{"en", "sn"},
		Projects: []string{"wikipedia"}, Offers: []string{"outreach"}, Wants: []string{"photography", "editing_training"},
		Unsure: "the group's exact name and status"},
}

// Institutions are the demo institutions.
var Institutions = []Institution{
	{Name: "University of Edinburgh", Kind: wikicities.InstUniversity, City: "Edinburgh", WiR: true, Wants: []string{"editing_training", "wikidata"}},
	{Name: "Deutsches Museum", Kind: wikicities.InstMuseum, City: "Munich", Wants: []string{"photography", "glam"}},
	{Name: "Bayerische Staatsbibliothek", Kind: wikicities.InstLibrary, City: "Munich", Wants: []string{"wikidata", "glam"}},
}

// LoadDirectory adds the demo communities and institutions inside the demo
// load's transaction; cities maps demo city names to ids. Communities in a
// city that is not among the demo cities are an error naming both.
// It is the directory's demo Loader: Register("directory", LoadDirectory).
func LoadDirectory(ctx context.Context, tx wikicities.SeedTx, cities map[string]int64) error {
	for _, d := range Communities {
		id, ok := cities[d.City]
		if !ok {
			return fmt.Errorf("community %q: no demo city %q", d.Name, d.City)
		}
		c := &wikicities.Community{Kind: d.Kind, Name: d.Name, CityID: id, Languages: d.Languages, Projects: d.Projects,
			MetaPage: d.MetaPage, Website: d.Website, Status: wikicities.StatusActive, SkillsOffered: d.Offers, SkillsWanted: d.Wants}
		if err := tx.CreateCommunity(ctx, c); err != nil {
			return fmt.Errorf("community %q: %w", d.Name, err)
		}
	}
	for _, d := range Institutions {
		id, ok := cities[d.City]
		if !ok {
			return fmt.Errorf("institution %q: no demo city %q", d.Name, d.City)
		}
		i := &wikicities.Institution{Kind: d.Kind, Name: d.Name, CityID: id, HasWikimedianInResidence: d.WiR, SkillsWanted: d.Wants}
		if err := tx.CreateInstitution(ctx, i); err != nil {
			return fmt.Errorf("institution %q: %w", d.Name, err)
		}
	}
	return nil
}

func init() { Register("directory", LoadDirectory) }
