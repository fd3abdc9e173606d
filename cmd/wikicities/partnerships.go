package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/health"
	"github.com/wikicities/wikicities/labels"
	"github.com/wikicities/wikicities/store"
)

// partnershipFlags are the flags every partnerships subcommand shares.
type partnershipFlags struct {
	as   string
	json bool
}

// newPartnershipFlags returns the flag set of the action name with the
// shared partnership flags registered on it.
func newPartnershipFlags(name, synopsis string, rw IO) (*actionFlags, *partnershipFlags) {
	fs := newFlags(name, synopsis, rw)
	f := &partnershipFlags{}
	fs.StringVar(&f.as, "as", "", "act as this account (its coordinator grants apply); default: the system")
	fs.BoolVar(&f.json, "json", false, "print JSON")
	return fs, f
}

// open parses args (the partnership ID when wantID, and flags in any
// order), opens the store and returns the context carrying the actor.
func (f *partnershipFlags) open(ctx context.Context, fs *actionFlags, args []string, wantID bool) (context.Context, *store.DB, int64, error) {
	n := 0
	if wantID {
		n = 1
	}
	pos, err := fs.parse(args, n, n)
	if err != nil {
		return nil, nil, 0, err
	}
	var id int64
	if wantID {
		if id, err = strconv.ParseInt(pos[0], 10, 64); err != nil || id <= 0 {
			return nil, nil, 0, usageError{fmt.Sprintf("%s: %q is not a partnership ID", fs.Name(), pos[0])}
		}
	}
	db, err := fs.store.open(ctx)
	if err != nil {
		return nil, nil, 0, err
	}
	actor := wikicities.System
	if f.as != "" {
		if actor, err = db.CoordinatorActor(ctx, f.as); err != nil {
			db.Close()
			return nil, nil, 0, fmt.Errorf("--as: %w", err)
		}
	}
	return wikicities.NewContext(ctx, actor), db, id, nil
}

func partyLabel(p wikicities.Party) string { return fmt.Sprintf("%s (%s %d)", p.Name, p.Kind, p.ID) }

func partnershipsList(ctx context.Context, args []string, rw IO) error {
	fs, f := newPartnershipFlags("partnerships list", "", rw)
	states := fs.String("state", "", "comma-separated states (proposed, accepted, active, dormant, ...)")
	community := fs.Int64("community", 0, "only partnerships of this community")
	institution := fs.Int64("institution", 0, "only partnerships of this institution")
	ctx, db, _, err := f.open(ctx, fs, args, false)
	if err != nil {
		return err
	}
	defer db.Close()
	filter := wikicities.PartnershipFilter{Limit: -1}
	if *states != "" {
		for s := range strings.SplitSeq(*states, ",") {
			filter.States = append(filter.States, wikicities.State(strings.TrimSpace(s)))
		}
	}
	switch {
	case *community != 0:
		filter.Party = &wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: *community}
	case *institution != 0:
		filter.Party = &wikicities.PartyRef{Kind: wikicities.PartyInstitution, ID: *institution}
	}
	ps, _, err := db.Partnerships().Partnerships(ctx, filter)
	if err != nil {
		return err
	}
	if f.json {
		return printJSON(rw.Stdout, ps)
	}
	pr := fs.printer()
	tw := table(rw.Stdout)
	fmt.Fprintln(tw, "ID\tSTATE\tTYPE\tLEVEL\tA\tB\tLAST ACTIVITY")
	for _, p := range ps {
		last := "-"
		if !p.LastActivity.IsZero() {
			last = p.LastActivity.Format(time.DateOnly)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", p.ID, labels.State(pr, p.State), labels.Type(pr, p.Type), labels.Level(pr, p.Level), p.A.Name, p.B.Name, last)
	}
	return tw.Flush()
}

func partnershipsShow(ctx context.Context, args []string, rw IO) error {
	fs, f := newPartnershipFlags("partnerships show", "ID", rw)
	ctx, db, id, err := f.open(ctx, fs, args, true)
	if err != nil {
		return err
	}
	defer db.Close()
	ps := db.Partnerships()
	p, err := ps.Partnership(ctx, id)
	if err != nil {
		return err
	}
	hist, err := ps.History(ctx, id)
	if err != nil {
		return err
	}
	acts, err := ps.Activities(ctx, wikicities.ActivityFilter{PartnershipID: id, Limit: -1})
	if err != nil {
		return err
	}
	rep := health.Assess(p, acts, db.Now())
	if f.json {
		return printJSON(rw.Stdout, map[string]any{"partnership": p, "history": hist, "activities": acts, "health": rep})
	}
	w, pr := rw.Stdout, fs.printer()
	fmt.Fprintf(w, "Partnership %d: %s & %s\n", p.ID, partyLabel(p.A), partyLabel(p.B))
	fmt.Fprintf(w, "  %s, %s, %s since %s (version %d)\n", labels.Type(pr, p.Type), labels.Level(pr, p.Level), labels.State(pr, p.State),
		p.StateChangedAt.Format(time.DateOnly), p.Version)
	if len(p.Agreement.Goals) > 0 {
		fmt.Fprintf(w, "  goals: %s\n", strings.Join(p.Agreement.Goals, "; "))
	}
	if len(p.Agreement.Languages) > 0 {
		fmt.Fprintf(w, "  languages: %s\n", languageNames(pr, p.Agreement.Languages))
	}
	if !p.Agreement.ReviewDate.IsZero() {
		fmt.Fprintf(w, "  review: %s\n", p.Agreement.ReviewDate.Format(time.DateOnly))
	}
	for _, r := range p.Responsibilities {
		done := " "
		if r.Done {
			done = "x"
		}
		due := ""
		if !r.Due.IsZero() {
			due = " due " + r.Due.Format(time.DateOnly)
		}
		fmt.Fprintf(w, "  [%s] %s: %s%s\n", done, p.PartyOn(r.Owner).Name, r.Description, due)
	}
	if rep.Scored {
		fmt.Fprintf(w, "Health: %d/100, %s (%s)\n", rep.Score, labels.HealthStatus(pr, rep.Status), labels.HealthSummary(pr, rep))
	} else {
		fmt.Fprintf(w, "Health: %s (%s)\n", labels.HealthStatus(pr, rep.Status), labels.HealthSummary(pr, rep))
	}
	for _, c := range rep.Components {
		fmt.Fprintf(w, "  %-24s %2d/%d\n", labels.HealthComponent(pr, c.Name), c.Points, c.Max)
	}
	var tot wikicities.Totals
	for _, a := range acts {
		if !a.Start.After(db.Now()) {
			tot.Add(a)
		}
	}
	fmt.Fprintf(w, "Totals: %d activities held, %d participants, %d articles created, %d improved, %d media uploaded, %d Wikidata items, %d links\n",
		tot.Activities, tot.Participants, tot.ArticlesCreated, tot.ArticlesImproved, tot.MediaUploaded, tot.WikidataItems, tot.Links)
	fmt.Fprintf(w, "Activities: %d\n", len(acts))
	for _, a := range acts {
		fmt.Fprintf(w, "  %s  %s: %s (%s)\n", a.Start.Format(time.DateOnly), labels.ActivityKind(pr, a.Kind), a.Title, a.Place)
	}
	fmt.Fprintln(w, "History:")
	for _, h := range hist {
		fmt.Fprintf(w, "  %s  %s: %s -> %s by %s", h.At.Format("2006-01-02 15:04"), labels.History(pr, h),
			dashIfEmpty(labels.State(pr, h.From)), labels.State(pr, h.To), dashIfEmpty(h.ActorName))
		if h.Note != "" {
			fmt.Fprintf(w, ": %s", h.Note)
		}
		fmt.Fprintln(w)
	}
	return nil
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// repeatedFlag collects a repeatable string flag.
type repeatedFlag []string

func (l *repeatedFlag) String() string     { return strings.Join(*l, ",") }
func (l *repeatedFlag) Set(v string) error { *l = append(*l, v); return nil }

func partnershipsPropose(ctx context.Context, args []string, rw IO) error {
	fs, f := newPartnershipFlags("partnerships propose", "", rw)
	from := fs.Int64("from", 0, "ID of the proposing community (party A)")
	toC := fs.Int64("to-community", 0, "ID of the other community")
	toI := fs.Int64("to-institution", 0, "ID of the institution")
	typ := fs.String("type", "", "twinning, institutional, regional or campaign")
	level := fs.String("level", "local", "local, regional or global")
	message := fs.String("message", "", "proposal text to the other party")
	note := fs.String("note", "", "note kept in the history")
	var goals, langs repeatedFlag
	fs.Var(&goals, "goal", "a shared goal (repeatable)")
	fs.Var(&langs, "language", "a working language code (repeatable)")
	ctx, db, _, err := f.open(ctx, fs, args, false)
	if err != nil {
		return err
	}
	defer db.Close()
	if (*toC == 0) == (*toI == 0) {
		return usageError{"partnerships propose: give exactly one of --to-community and --to-institution"}
	}
	p := &wikicities.Partnership{A: wikicities.Party{Kind: wikicities.PartyCommunity, ID: *from},
		Type: wikicities.PartnershipType(*typ), Level: wikicities.Level(*level), Message: *message,
		Agreement: wikicities.Agreement{Goals: goals, Languages: langs}}
	p.B = wikicities.Party{Kind: wikicities.PartyCommunity, ID: *toC}
	if *toI != 0 {
		p.B = wikicities.Party{Kind: wikicities.PartyInstitution, ID: *toI}
	}
	if err := db.Partnerships().Propose(ctx, p, *note); err != nil {
		to := "to-community"
		if *toI != 0 {
			to = "to-institution"
		}
		return flagError(err, fs.FlagSet, map[string]string{"a": "from", "b": to, "agreement.goals": "goal", "agreement.languages": "language"})
	}
	if f.json {
		return printJSON(rw.Stdout, p)
	}
	fmt.Fprintf(rw.Stdout, "partnership %d proposed: %s -> %s\n", p.ID, p.A.Name, p.B.Name)
	return nil
}

func partnershipsTransition(action wikicities.Action) func(context.Context, []string, IO) error {
	return func(ctx context.Context, args []string, rw IO) error {
		fs, f := newPartnershipFlags("partnerships "+string(action), "ID", rw)
		note := fs.String("note", "", "note kept in the history")
		version := fs.Int64("version", 0, "refuse if the partnership is no longer at this version")
		ctx, db, id, err := f.open(ctx, fs, args, true)
		if err != nil {
			return err
		}
		defer db.Close()
		p, err := db.Partnerships().Transition(ctx, id, action, *version, *note)
		if err != nil {
			return flagError(err, fs.FlagSet, nil)
		}
		if f.json {
			return printJSON(rw.Stdout, p)
		}
		fmt.Fprintf(rw.Stdout, "partnership %d (%s & %s) is now %s\n", p.ID, p.A.Name, p.B.Name, labels.State(fs.printer(), p.State))
		return nil
	}
}

// parseActivityTime reads 2026-05-01 or 2026-05-01T10:00:00Z (RFC 3339).
func parseActivityTime(name, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, usageError{fmt.Sprintf("--%s %q is not a date (2026-05-01) or time (2026-05-01T10:00:00Z)", name, v)}
	}
	return t, nil
}

func splitOrganizers(v string) []string {
	var out []string
	for n := range strings.SplitSeq(v, ",") {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// activityFields are an activity's fields whose flags have other names.
var activityFields = map[string]string{"outcomes.links": "link", "outcomes.articles_created": "articles-created",
	"outcomes.articles_improved": "articles-improved", "outcomes.media_uploaded": "media", "outcomes.wikidata_items": "wikidata-items"}

func partnershipsLogActivity(ctx context.Context, args []string, rw IO) error {
	fs, f := newPartnershipFlags("partnerships log-activity", "ID", rw)
	kind := fs.String("kind", "", "visit, exchange, editathon, workshop, contest, photo_walk or online_meeting")
	title := fs.String("title", "", "title")
	start := fs.String("start", "", "start: 2026-05-01 or 2026-05-01T10:00:00Z")
	end := fs.String("end", "", "end (optional)")
	place := fs.String("place", "", "place, or online")
	orgA := fs.String("organizers-a", "", "organisers from party A, comma-separated")
	orgB := fs.String("organizers-b", "", "organisers from party B, comma-separated")
	participants := fs.Int("participants", 0, "number of participants")
	created := fs.Int("articles-created", 0, "articles created")
	improved := fs.Int("articles-improved", 0, "articles improved")
	media := fs.Int("media", 0, "media files uploaded")
	items := fs.Int("wikidata-items", 0, "Wikidata items edited")
	notes := fs.String("notes", "", "notes")
	var links repeatedFlag
	fs.Var(&links, "link", "a link to the event page, category or dashboard (repeatable)")
	ctx, db, id, err := f.open(ctx, fs, args, true)
	if err != nil {
		return err
	}
	defer db.Close()
	a := &wikicities.Activity{PartnershipID: id, Kind: wikicities.ActivityKind(*kind), Title: *title, Place: *place,
		OrganizersA: splitOrganizers(*orgA), OrganizersB: splitOrganizers(*orgB), Participants: *participants, Notes: *notes,
		Outcomes: wikicities.Outcomes{ArticlesCreated: *created, ArticlesImproved: *improved, MediaUploaded: *media, WikidataItems: *items, Links: links}}
	if a.Start, err = parseActivityTime("start", *start); err != nil {
		return err
	}
	if a.End, err = parseActivityTime("end", *end); err != nil {
		return err
	}
	if err := db.Partnerships().LogActivity(ctx, a); err != nil {
		return flagError(err, fs.FlagSet, activityFields)
	}
	if f.json {
		return printJSON(rw.Stdout, a)
	}
	fmt.Fprintf(rw.Stdout, "activity %d logged in partnership %d: %s\n", a.ID, id, a.Title)
	return nil
}

// dormantAfterDefault reads WIKICITIES_DORMANT_AFTER (a Go duration such as
// 4368h), defaulting to wikicities.DefaultDormantAfter.
func dormantAfterDefault() time.Duration {
	if v := os.Getenv("WIKICITIES_DORMANT_AFTER"); v != "" {
		if d, err := time.ParseDuration(v); err == nil && d > 0 {
			return d
		}
	}
	return wikicities.DefaultDormantAfter
}

func partnershipsCheck(ctx context.Context, args []string, rw IO) error {
	fs, f := newPartnershipFlags("partnerships check", "", rw)
	after := fs.Duration("dormant-after", dormantAfterDefault(), "time without activity after which a partnership lapses to dormant (env WIKICITIES_DORMANT_AFTER)")
	dry := fs.Bool("dry-run", false, "only list; change nothing")
	ctx, db, _, err := f.open(ctx, fs, args, false)
	if err != nil {
		return err
	}
	defer db.Close()
	ps := db.Partnerships()
	var lapsed []*wikicities.Partnership
	if !*dry {
		if lapsed, err = ps.LapseDormant(ctx, wikicities.DormancyPolicy{After: *after}); err != nil {
			return err
		}
	}
	running, acts, err := ps.HealthInputs(ctx)
	if err != nil {
		return err
	}
	type risk struct {
		Partnership *wikicities.Partnership `json:"partnership"`
		Health      health.Report           `json:"health"`
	}
	var atRisk []risk
	for i, r := range health.AssessAll(running, acts, db.Now()) {
		if r.AtRisk {
			atRisk = append(atRisk, risk{running[i], r})
		}
	}
	sort.SliceStable(atRisk, func(i, j int) bool { return atRisk[i].Health.Score < atRisk[j].Health.Score })
	if f.json {
		return printJSON(rw.Stdout, map[string]any{"lapsed": lapsed, "at_risk": atRisk})
	}
	fmt.Fprintf(rw.Stdout, "%d partnership(s) lapsed to dormant (no activity for %s)\n", len(lapsed), wikicities.SpanOf(*after))
	for _, p := range lapsed {
		fmt.Fprintf(rw.Stdout, "  %d  %s & %s\n", p.ID, p.A.Name, p.B.Name)
	}
	fmt.Fprintf(rw.Stdout, "%d partnership(s) at risk (health under %d)\n", len(atRisk), health.AtRiskBelow)
	for _, r := range atRisk {
		fmt.Fprintf(rw.Stdout, "  %d  %s & %s: %d/100: %s\n", r.Partnership.ID, r.Partnership.A.Name, r.Partnership.B.Name, r.Health.Score, labels.HealthSummary(fs.printer(), r.Health))
	}
	return nil
}
