package demo

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"

	"github.com/wikicities/wikicities"
)

// The demo's accounts. DemoUser coordinates DemoCommunity and may be signed
// in with the password that Account returns; PartnersUser coordinates the
// other demo parties, so that the demo partnerships could be answered, and
// has a password nobody knows.
const (
	DemoUser      = "demo"
	PartnersUser  = "demo-partners"
	DemoCommunity = "WikiMUC"
)

// Marker starts the text of every demo partnership, request and activity,
// so that no visitor takes them for real agreements between the groups.
const Marker = "[Demo]"

// Partnership is a demo partnership between two demo parties, named as in
// Communities and Institutions, and the state it is brought to.
type Partnership struct {
	A, B             string // B: a community, or an institution when Type is institutional
	Type             wikicities.PartnershipType
	Level            wikicities.Level
	State            wikicities.State
	Goals            []string
	Languages        []string
	Responsibilities []responsibility
	Activities       []activity
}

type responsibility struct {
	Owner       wikicities.Side
	Description string
	DueDays     int // days from now; negative is overdue
	Done        bool
}

type activity struct {
	Kind         wikicities.ActivityKind
	Title        string
	DaysAgo      int // negative: planned
	Participants int
	Media        int
	Place        string // where it took place, or "online"
}

// Partnerships are the demo partnerships: one in each state a coordinator
// meets, invented for trying the site (their texts start with Marker).
var Partnerships = []Partnership{
	{A: DemoCommunity, B: "Deutsches Museum", Type: wikicities.TypeInstitutional, Level: wikicities.LevelLocal, State: wikicities.StateActive,
		Goals: []string{"Photograph the collections for Commons", "Improve the articles on the exhibits"}, Languages: []string{"de", "en"},
		Responsibilities: []responsibility{
			{wikicities.SideA, "Organise the next photo walk", 10, false},
			{wikicities.SideB, "Open the depot for photographers", -5, false},
			{wikicities.SideA, "Upload the photos of the spring walk", -30, true},
		},
		Activities: []activity{
			{wikicities.ActivityPhotoWalk, "Photo walk through the aviation hall", 40, 12, 340, "Deutsches Museum"},
			{wikicities.ActivityEditathon, "Editathon on the history of technology", -20, 0, 0, "Deutsches Museum"},
		}},
	{A: "Kontor Hamburg", B: DemoCommunity, Type: wikicities.TypeTwinning, Level: wikicities.LevelRegional, State: wikicities.StateProposed,
		Goals: []string{"Exchange photographers between the two cities"}, Languages: []string{"de"}},
	{A: DemoCommunity, B: "Lokal K", Type: wikicities.TypeCampaign, Level: wikicities.LevelRegional, State: wikicities.StateAccepted,
		Goals: []string{"Run Wiki Loves Monuments together"}, Languages: []string{"de"},
		Responsibilities: []responsibility{{wikicities.SideB, "Draft the list of monuments", 21, false}}},
	{A: "Wikimedia New England", B: "Wikimedia District of Columbia", Type: wikicities.TypeRegional, Level: wikicities.LevelRegional, State: wikicities.StateDormant,
		Goals: []string{"Share an outreach calendar"}, Languages: []string{"en"},
		Activities: []activity{{wikicities.ActivityOnlineMeeting, "Kick-off call", 300, 9, 0, "online"}}},
	{A: "Amical Wikimedia", B: "Wiki Learning Tec de Monterrey User Group", Type: wikicities.TypeCampaign, Level: wikicities.LevelGlobal, State: wikicities.StateActive,
		Goals: []string{"Translate education material between Catalan and Spanish"}, Languages: []string{"ca", "es"},
		Responsibilities: []responsibility{{wikicities.SideA, "Send the list of articles", 3, false}},
		Activities:       []activity{{wikicities.ActivityWorkshop, "Online translation workshop", 12, 25, 0, "online"}}},
	{A: "Pune Wikipedia community", B: "Wikimedia Ghana User Group", Type: wikicities.TypeCampaign, Level: wikicities.LevelGlobal, State: wikicities.StateDeclined,
		Goals: []string{"A joint contest on women in science"}, Languages: []string{"en"}},
	{A: DemoCommunity, B: "Bayerische Staatsbibliothek", Type: wikicities.TypeInstitutional, Level: wikicities.LevelLocal, State: wikicities.StateEnded,
		Goals: []string{"Digitise maps of Bavaria"}, Languages: []string{"de"},
		Activities: []activity{{wikicities.ActivityWorkshop, "Workshop on map digitisation", 200, 8, 60, "Bayerische Staatsbibliothek"}}},
}

// Request is a demo partner request.
type Request struct {
	Party     string
	Title     string
	Skills    []string
	Languages []string
	Countries []string
	Days      int // open for this many days
}

// Requests are the demo partner requests.
var Requests = []Request{
	{Party: DemoCommunity, Title: "A partner to translate our photo walk guides", Skills: []string{"translation"}, Languages: []string{"es", "en"}, Days: 60},
	{Party: "Amical Wikimedia", Title: "Photographers for Wiki Loves Monuments", Skills: []string{"photography"}, Countries: []string{"Germany", "France"}, Days: 90},
	{Party: "Wikimedians of Zimbabwe", Title: "An experienced chapter to mentor our new board", Languages: []string{"en"}, Days: 45},
}

// Enliven adds the demo accounts, partnerships and requests, and the
// Knowledge Park and Smart Region (enlivenKnowledge), through the
// services, as the system; call it right after Load reported that it
// loaded the demo data. A second call adds nothing: once the demo account
// exists it only adds the Knowledge Park if that is missing. It returns
// the demo account's password.
func Enliven(ctx context.Context, svc wikicities.Services) (string, error) {
	ctx = wikicities.NewContext(ctx, wikicities.System)
	if err := nameCities(ctx, svc); err != nil {
		return "", err
	}
	parties, err := demoParties(ctx, svc)
	if err != nil {
		return "", err
	}
	pw, err := Password(ctx, svc.Accounts)
	if err != nil {
		return "", err
	}
	switch _, err := svc.Accounts.UserByName(ctx, DemoUser); {
	case err == nil:
		// Enlivened before: only what a later version added is missing.
		return pw, enlivenKnowledge(ctx, svc, parties)
	case !errors.Is(err, wikicities.ErrNotFound):
		return "", err
	}
	demoUser, err := demoAccount(ctx, svc, DemoUser, pw, []wikicities.PartyRef{parties[DemoCommunity]})
	if err != nil {
		return "", err
	}
	var others []wikicities.PartyRef
	for name, ref := range parties {
		if name != DemoCommunity {
			others = append(others, ref)
		}
	}
	secret, err := svc.Accounts.Secret(ctx)
	if err != nil {
		return "", err
	}
	partnersUser, err := demoAccount(ctx, svc, PartnersUser, derive(secret, "demo-partners"), others)
	if err != nil {
		return "", err
	}
	now := svc.Clock.Now()
	for _, d := range Partnerships {
		if err := addPartnership(ctx, svc, d, parties, now, demoUser, partnersUser); err != nil {
			return "", fmt.Errorf("demo partnership %s – %s: %w", d.A, d.B, err)
		}
	}
	for _, d := range Requests {
		r := &wikicities.PartnerRequest{Party: parties[d.Party], Title: Marker + " " + d.Title,
			Description: "An invented request to try WikiCities with; " + d.Party + " did not post it.",
			Skills:      d.Skills, Languages: d.Languages, Countries: d.Countries, Expires: now.AddDate(0, 0, d.Days)}
		if err := svc.Requests.CreateRequest(ctx, r); err != nil {
			return "", fmt.Errorf("demo request %q: %w", d.Title, err)
		}
	}
	return pw, enlivenKnowledge(ctx, svc, parties)
}

// Password returns the demo account's password: derived from the site's
// secret, so that every start can print it and no store keeps it.
func Password(ctx context.Context, accounts wikicities.AccountService) (string, error) {
	secret, err := accounts.Secret(wikicities.NewContext(ctx, wikicities.System))
	if err != nil {
		return "", err
	}
	return derive(secret, "demo"), nil
}

// DemoPassword returns the demo account's password if the demo account
// exists and still has it (nobody changed it), or "".
func DemoPassword(ctx context.Context, svc wikicities.Services) (string, error) {
	ctx = wikicities.NewContext(ctx, wikicities.System)
	u, err := svc.Accounts.UserByName(ctx, DemoUser)
	if errors.Is(err, wikicities.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	pw, err := Password(ctx, svc.Accounts)
	if err != nil {
		return "", err
	}
	if u.Disabled || svc.Passwords == nil || svc.Passwords.Verify(pw, u.PasswordHash) != nil {
		return "", nil
	}
	return pw, nil
}

func derive(secret []byte, what string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("wikicities demo account " + what))
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(m.Sum(nil))[:16])
}

func demoParties(ctx context.Context, svc wikicities.Services) (map[string]wikicities.PartyRef, error) {
	parties := map[string]wikicities.PartyRef{}
	comms, err := svc.Communities.AllCommunities(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range comms {
		parties[c.Name] = wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: c.ID}
	}
	insts, err := svc.Institutions.AllInstitutions(ctx)
	if err != nil {
		return nil, err
	}
	for _, i := range insts {
		parties[i.Name] = wikicities.PartyRef{Kind: wikicities.PartyInstitution, ID: i.ID}
	}
	for _, d := range Partnerships {
		for _, n := range []string{d.A, d.B} {
			if _, ok := parties[n]; !ok {
				return nil, fmt.Errorf("demo partnership %s – %s: no demo party %q", d.A, d.B, n)
			}
		}
	}
	for _, d := range Requests {
		if _, ok := parties[d.Party]; !ok {
			return nil, fmt.Errorf("demo request %q: no demo party %q", d.Title, d.Party)
		}
	}
	return parties, nil
}

func demoAccount(ctx context.Context, svc wikicities.Services, name, pw string, coordinates []wikicities.PartyRef) (*wikicities.Actor, error) {
	if svc.Passwords == nil {
		return nil, errors.New("demo: no password hasher")
	}
	hash, err := svc.Passwords.Hash(pw)
	if err != nil {
		return nil, err
	}
	u, err := svc.Accounts.CreateUser(ctx, &wikicities.User{Username: name, Role: wikicities.RoleMember, PasswordHash: hash})
	if err != nil {
		return nil, fmt.Errorf("demo account %s: %w", name, err)
	}
	for _, p := range coordinates {
		if err := svc.Accounts.Grant(ctx, u.ID, p); err != nil {
			return nil, fmt.Errorf("demo account %s: grant %v: %w", name, p, err)
		}
	}
	return svc.Accounts.Actor(ctx, u, "")
}

// nameCities gives the demo cities their names in other languages
// (City.Names), found by their Wikidata item or name.
func nameCities(ctx context.Context, svc wikicities.Services) error {
	names := map[int64]map[string]string{}
	for _, d := range Cities {
		if len(d.Names) == 0 {
			continue
		}
		q := d.QID
		if q == "" {
			q = d.Name + ", " + d.Country
		}
		c, err := svc.Cities.LookupCity(ctx, q)
		if err != nil {
			return fmt.Errorf("demo city %s: %w", d.Name, err)
		}
		names[c.ID] = d.Names
	}
	_, _, _, err := svc.CityNames.SetCityNames(ctx, names)
	return err
}
