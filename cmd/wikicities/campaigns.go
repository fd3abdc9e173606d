package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/wikitext"
)

// The Knowledge Park's commands (issue 17): campaign, event and visit.
// Each action has its own flag set; --as acts as an account (its
// coordinator grants apply), as for partnerships.

// kpOpen parses args with n positional IDs and opens the store as --as.
func kpOpen(ctx context.Context, fs *actionFlags, f *partnershipFlags, args []string, names ...string) (context.Context, kpStore, []int64, error) {
	pos, err := fs.parse(args, len(names), len(names))
	if err != nil {
		return nil, nil, nil, err
	}
	ids := make([]int64, len(pos))
	for i, p := range pos {
		if ids[i], err = strconv.ParseInt(p, 10, 64); err != nil || ids[i] <= 0 {
			return nil, nil, nil, usageError{fmt.Sprintf("%s: %q is not a valid %s ID", strings.TrimPrefix(fs.Name(), "wikicities "), p, names[i])}
		}
	}
	ctx, db, _, err := f.open(ctx, fs, nil, false)
	if err != nil {
		return nil, nil, nil, err
	}
	return ctx, db, ids, nil
}

// kpStore is what the Knowledge Park's commands use of the store.
type kpStore interface {
	Close() error
	Services() wikicities.Services
}

// campaignFlags adds the flags of a campaign's fields, shared by `campaign
// add` and `campaign update` (whose --wikidata help adds how to remove it).
func campaignFlags(fs *actionFlags, c *wikicities.Campaign, wikidataNote string) {
	fs.StringVar(&c.Name, "name", "", "the campaign's name")
	fs.StringVar(&c.Wikidata, "wikidata", "", "its Wikidata item (Q...)"+wikidataNote)
	fs.StringVar(&c.Description, "description", "", "what it is about")
	fs.StringVar(&c.MetaPage, "meta-page", "", "its page on Meta-Wiki")
}

func campaignAdd(ctx context.Context, args []string, rw IO) error {
	fs, f := newPartnershipFlags("campaign add", "", rw)
	var c wikicities.Campaign
	campaignFlags(fs, &c, "")
	ctx, db, _, err := kpOpen(ctx, fs, f, args)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Services().Campaigns.CreateCampaign(ctx, &c); err != nil {
		return flagError(err, fs.FlagSet, nil)
	}
	if f.json {
		return printJSON(rw.Stdout, c)
	}
	fmt.Fprintf(rw.Stdout, "campaign %d: %s\n", c.ID, c.Name)
	return nil
}

func campaignList(ctx context.Context, args []string, rw IO) error {
	fs, f := newPartnershipFlags("campaign list", "", rw)
	ctx, db, _, err := kpOpen(ctx, fs, f, args)
	if err != nil {
		return err
	}
	defer db.Close()
	cs, err := db.Services().Campaigns.Campaigns(ctx)
	if err != nil {
		return err
	}
	if f.json {
		return printJSON(rw.Stdout, nonNil(cs))
	}
	tw := table(rw.Stdout)
	fmt.Fprintln(tw, "ID\tNAME\tWIKIDATA\tOWNER")
	for _, c := range cs {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", c.ID, c.Name, c.Wikidata, c.OwnerName)
	}
	return tw.Flush()
}

func nonNil[T any](l []T) []T {
	if l == nil {
		return []T{}
	}
	return l
}

func campaignShow(ctx context.Context, args []string, rw IO) error {
	fs, f := newPartnershipFlags("campaign show", "ID", rw)
	wiki := fs.Bool("wikitext", false, "print the participants as a wikitable for Meta")
	ctx, db, ids, err := kpOpen(ctx, fs, f, args, "campaign")
	if err != nil {
		return err
	}
	defer db.Close()
	cs := db.Services().Campaigns
	c, err := cs.Campaign(ctx, ids[0])
	if err != nil {
		return err
	}
	eds, err := cs.Editions(ctx, c.ID)
	if err != nil {
		return err
	}
	ns, ts, err := cs.Participation(ctx, c.ID, 0)
	if err != nil {
		return err
	}
	tot := wikicities.CampaignTotalsOf(ns, ts)
	switch {
	case *wiki:
		fmt.Fprint(rw.Stdout, wikitext.Write(wikitext.CampaignParticipants(c.Name, eds, ns, ts)))
		return nil
	case f.json:
		return printJSON(rw.Stdout, map[string]any{"campaign": c, "editions": nonNil(eds), "participants": nonNil(ns), "twins": nonNil(ts), "totals": tot})
	}
	fmt.Fprintf(rw.Stdout, "campaign %d: %s %s\n", c.ID, c.Name, c.Wikidata)
	for _, e := range eds {
		fmt.Fprintf(rw.Stdout, "  edition %d: %d, %s to %s\n", e.ID, e.Year, e.Start.Format("2006-01-02"), e.End.Format("2006-01-02"))
	}
	for _, n := range ns {
		fmt.Fprintf(rw.Stdout, "  %s %s: %s\n", n.Country, n.Region, n.Community.Name)
	}
	for _, t := range ts {
		fmt.Fprintf(rw.Stdout, "  twin edition: %s & %s: %s\n", t.A.Name, t.B.Name, t.Goal)
	}
	fmt.Fprintf(rw.Stdout, "countries %s; %d groups, %d partners, %d twin pairs\n", strings.Join(tot.Countries, " "), tot.Groups, tot.Partners, tot.TwinPairs)
	return nil
}

func campaignEdition(ctx context.Context, args []string, rw IO) error {
	fs, f := newPartnershipFlags("campaign edition", "CAMPAIGN", rw)
	var e wikicities.Edition
	fs.IntVar(&e.Year, "year", 0, "the edition's year")
	start := fs.String("start", "", "first day (2026-09-01)")
	end := fs.String("end", "", "last day")
	fs.StringVar(&e.CommonsCampaign, "commons", "", "the Commons upload campaign (URL)")
	fs.StringVar(&e.DashboardCampaign, "dashboard", "", "the Programs & Events Dashboard campaign (URL)")
	fs.StringVar(&e.MetaPage, "meta-page", "", "the edition's page on Meta-Wiki")
	ctx, db, ids, err := kpOpen(ctx, fs, f, args, "campaign")
	if err != nil {
		return err
	}
	defer db.Close()
	e.CampaignID = ids[0]
	if e.Start, err = parseActivityTime("start", *start); err != nil {
		return err
	}
	if e.End, err = parseActivityTime("end", *end); err != nil {
		return err
	}
	if err := db.Services().Campaigns.CreateEdition(ctx, &e); err != nil {
		return flagError(err, fs.FlagSet, nil)
	}
	if f.json {
		return printJSON(rw.Stdout, e)
	}
	fmt.Fprintf(rw.Stdout, "edition %d: %s %d\n", e.ID, e.CampaignName, e.Year)
	return nil
}

// parseParties reads "community:3,institution:2" (a bare number is a community).
func parseParties(field, v string) ([]wikicities.Party, error) {
	var out []wikicities.Party
	for s := range strings.SplitSeq(v, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		kind, id, ok := strings.Cut(s, ":")
		if !ok {
			kind, id = "community", s
		}
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || (kind != "community" && kind != "institution") {
			return nil, wikicities.Invalidf(field, "%q is not community:ID or institution:ID", s)
		}
		out = append(out, wikicities.Party{Kind: wikicities.PartyKind(kind), ID: n})
	}
	return out, nil
}

func campaignJoin(ctx context.Context, args []string, rw IO) error {
	fs, f := newPartnershipFlags("campaign join", "EDITION", rw)
	n := wikicities.NationalEdition{Community: wikicities.Party{Kind: wikicities.PartyCommunity}}
	fs.Int64Var(&n.Community.ID, "community", 0, "the community taking part")
	fs.StringVar(&n.Country, "country", "", "country code (default: the community's)")
	fs.StringVar(&n.Region, "region", "", "a region, for a regional edition")
	partners := fs.String("partners", "", "its partners: community:ID,institution:ID,...")
	fs.StringVar(&n.UploadCampaign, "upload-campaign", "", "its own Commons upload campaign (URL)")
	ctx, db, ids, err := kpOpen(ctx, fs, f, args, "edition")
	if err != nil {
		return err
	}
	defer db.Close()
	n.EditionID = ids[0]
	if n.Partners, err = parseParties("partners", *partners); err != nil {
		return err
	}
	if err := db.Services().Campaigns.JoinEdition(ctx, &n); err != nil {
		return flagError(err, fs.FlagSet, nil)
	}
	fmt.Fprintf(rw.Stdout, "%s takes part in edition %d (%s)\n", n.Community.Name, n.EditionID, n.Country)
	return nil
}

func campaignTwin(ctx context.Context, args []string, rw IO) error {
	fs, f := newPartnershipFlags("campaign twin", "EDITION", rw)
	t := wikicities.TwinEdition{A: wikicities.Party{Kind: wikicities.PartyCommunity}, B: wikicities.Party{Kind: wikicities.PartyCommunity}}
	fs.Int64Var(&t.A.ID, "community", 0, "one community")
	fs.Int64Var(&t.B.ID, "with", 0, "the community of a twin city it runs the edition with")
	fs.StringVar(&t.Goal, "goal", "", "the shared goal")
	var work repeatedFlag
	fs.Var(&work, "work", "an item of the shared worklist (repeatable)")
	ctx, db, ids, err := kpOpen(ctx, fs, f, args, "edition")
	if err != nil {
		return err
	}
	defer db.Close()
	t.EditionID, t.Worklist = ids[0], work
	if err := db.Services().Campaigns.CreateTwinEdition(ctx, &t); err != nil {
		return flagError(err, fs.FlagSet, nil)
	}
	fmt.Fprintf(rw.Stdout, "twin edition %d: %s & %s\n", t.ID, t.A.Name, t.B.Name)
	return nil
}
