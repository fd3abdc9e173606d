package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/eventfeed"
	"github.com/wikicities/wikicities/wikitext"
)

func eventAdd(ctx context.Context, args []string, rw IO) error {
	fs, f := newPartnershipFlags("event add", "", rw)
	var ef eventFlags
	ef.register(fs)
	organisers := fs.String("organisers", "", "organising communities: ID,ID")
	edition := fs.Int64("edition", 0, "the campaign edition it is part of")
	ctx, db, _, err := kpOpen(ctx, fs, f, args)
	if err != nil {
		return err
	}
	defer db.Close()
	e := wikicities.Event{Status: wikicities.EventScheduled, EditionID: *edition}
	if err := ef.apply(nil, &e); err != nil {
		return err
	}
	if e.Organisers, err = parseParties("organisers", *organisers); err != nil {
		return err
	}
	if err := db.Services().Events.CreateEvent(ctx, &e); err != nil {
		return flagError(err, fs.FlagSet, eventFlagFields)
	}
	if f.json {
		return printJSON(rw.Stdout, e)
	}
	fmt.Fprintf(rw.Stdout, "event %d: %s\n", e.ID, e.Title)
	return nil
}

func eventList(ctx context.Context, args []string, rw IO) error {
	fs, f := newPartnershipFlags("event list", "", rw)
	var flt wikicities.EventFilter
	fs.StringVar(&flt.Country, "country", "", "country code")
	city := fs.Int64("city", 0, "city ID")
	typ := fs.String("type", "", "event type")
	fs.StringVar(&flt.Language, "language", "", "language code")
	fs.Int64Var(&flt.Campaign, "campaign", 0, "campaign ID")
	fs.Int64Var(&flt.Organiser, "community", 0, "organising community ID")
	wiki := fs.Bool("wikitext", false, "print a wikitable for Meta")
	ctx, db, _, err := kpOpen(ctx, fs, f, args)
	if err != nil {
		return err
	}
	defer db.Close()
	flt.Type = wikicities.EventType(*typ)
	if *city != 0 {
		flt.CityIDs = []int64{*city}
	}
	es, err := db.Services().Events.Events(ctx, flt)
	if err != nil {
		return err
	}
	switch {
	case *wiki:
		fmt.Fprint(rw.Stdout, wikitext.Write(wikitext.GroupEvents("Events", es)))
		return nil
	case f.json:
		return printJSON(rw.Stdout, nonNil(es))
	}
	tw := table(rw.Stdout)
	fmt.Fprintln(tw, "ID\tSTART\tTITLE\tTYPE\tWHERE\tPLACES\tSTATUS")
	for _, e := range es {
		places := fmt.Sprintf("%d", e.Registered)
		if e.Capacity > 0 {
			places = fmt.Sprintf("%d/%d (+%d)", e.Registered, e.Capacity, e.Waitlisted)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", e.ID, e.Start.In(e.Location()).Format("2006-01-02 15:04 MST"),
			e.Title, e.Type, e.CityName, places, e.Status)
	}
	return tw.Flush()
}

func eventShow(ctx context.Context, args []string, rw IO) error {
	fs, f := newPartnershipFlags("event show", "ID", rw)
	ical := fs.Bool("ical", false, "print the event as iCalendar")
	ld := fs.Bool("jsonld", false, "print the event as schema.org JSON-LD")
	base := fs.String("base-url", envOrDefault("WIKICITIES_BASE_URL", "http://127.0.0.1:8080"),
		"public address of the site, for the event's link and UID (env WIKICITIES_BASE_URL)")
	ctx, db, ids, err := kpOpen(ctx, fs, f, args, "event")
	if err != nil {
		return err
	}
	defer db.Close()
	e, err := db.Services().Events.Event(ctx, ids[0])
	if err != nil {
		return err
	}
	site := eventfeed.Site{BaseURL: strings.TrimRight(*base, "/")}
	switch {
	case *ical:
		body, err := eventfeed.Calendar(site, e.Title, []*wikicities.Event{e}, nil)
		if err == nil {
			fmt.Fprint(rw.Stdout, body)
		}
		return err
	case *ld:
		b, err := eventfeed.JSONLD(site, e)
		if err == nil {
			fmt.Fprintln(rw.Stdout, string(b))
		}
		return err
	case f.json:
		return printJSON(rw.Stdout, e)
	}
	fmt.Fprintf(rw.Stdout, "event %d: %s (%s, %s, %s)\n", e.ID, e.Title, e.Type, e.Mode, e.Status)
	fmt.Fprintf(rw.Stdout, "  %s to %s\n", e.Start.In(e.Location()).Format("2006-01-02 15:04 MST"), e.End.In(e.Location()).Format("15:04 MST"))
	fmt.Fprintf(rw.Stdout, "  %s %s; registration %s; %d registered, %d waiting\n", e.Address, e.CityName,
		e.StatusAt(time.Now(), e.Registered), e.Registered, e.Waitlisted)
	return nil
}

func eventRegister(ctx context.Context, args []string, rw IO) error {
	fs, f := newPartnershipFlags("event register", "ID", rw)
	ctx, db, ids, err := kpOpen(ctx, fs, f, args, "event")
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := db.Services().Events.Register(ctx, ids[0], nil)
	if err != nil {
		return flagError(err, fs.FlagSet, nil)
	}
	if r.State == wikicities.Waitlisted {
		fmt.Fprintf(rw.Stdout, "%s waits for a place at event %d (number %d in line)\n", r.Username, r.EventID, r.Position)
		return nil
	}
	fmt.Fprintf(rw.Stdout, "%s is registered for event %d\n", r.Username, r.EventID)
	return nil
}

func eventUnregister(ctx context.Context, args []string, rw IO) error {
	fs, f := newPartnershipFlags("event unregister", "ID", rw)
	user := fs.String("user", "", "whose registration (default: the --as account's)")
	ctx, db, ids, err := kpOpen(ctx, fs, f, args, "event")
	if err != nil {
		return err
	}
	defer db.Close()
	uid := wikicities.ActorFrom(ctx).UserID
	if *user != "" {
		u, err := db.Services().Accounts.UserByName(ctx, *user)
		if err != nil {
			return fmt.Errorf("--user: %w", err)
		}
		uid = u.ID
	}
	promoted, err := db.Services().Events.CancelRegistration(ctx, ids[0], uid)
	if err != nil {
		return flagError(err, fs.FlagSet, nil)
	}
	fmt.Fprintf(rw.Stdout, "registration cancelled\n")
	for _, p := range promoted {
		fmt.Fprintf(rw.Stdout, "%s moves up from the waitlist\n", p.Username)
	}
	return nil
}

func eventCancel(ctx context.Context, args []string, rw IO) error {
	fs, f := newPartnershipFlags("event cancel", "ID", rw)
	ctx, db, ids, err := kpOpen(ctx, fs, f, args, "event")
	if err != nil {
		return err
	}
	defer db.Close()
	e, err := db.Services().Events.CancelEvent(ctx, ids[0], 0)
	if err != nil {
		return flagError(err, fs.FlagSet, nil)
	}
	fmt.Fprintf(rw.Stdout, "event %d (%s) is cancelled\n", e.ID, e.Title)
	return nil
}

func visitRequest(ctx context.Context, args []string, rw IO) error {
	fs, f := newPartnershipFlags("visit request", "", rw)
	v := wikicities.Visit{Visitor: wikicities.Party{Kind: wikicities.PartyCommunity}, Host: wikicities.Party{Kind: wikicities.PartyCommunity}}
	fs.Int64Var(&v.Visitor.ID, "from", 0, "the visiting community")
	fs.Int64Var(&v.Host.ID, "to", 0, "the host community, in a twin city")
	start := fs.String("start", "", "first day")
	end := fs.String("end", "", "last day")
	fs.IntVar(&v.People, "people", 0, "how many people travel")
	fs.StringVar(&v.Purpose, "purpose", "", "what the visit is for")
	var delegation repeatedFlag
	fs.Var(&delegation, "delegate", "a person travelling (repeatable; only the two sides see the list)")
	ctx, db, _, err := kpOpen(ctx, fs, f, args)
	if err != nil {
		return err
	}
	defer db.Close()
	v.Delegation = delegation
	if v.Start, err = parseActivityTime("start", *start); err != nil {
		return err
	}
	if v.End, err = parseActivityTime("end", *end); err != nil {
		return err
	}
	if err := db.Services().Visits.RequestVisit(ctx, &v); err != nil {
		return flagError(err, fs.FlagSet, nil)
	}
	fmt.Fprintf(rw.Stdout, "visit %d: %s to %s, %s\n", v.ID, v.Visitor.Name, v.Host.Name, v.State)
	return nil
}

func visitList(ctx context.Context, args []string, rw IO) error {
	fs, f := newPartnershipFlags("visit list", "COMMUNITY", rw)
	ctx, db, ids, err := kpOpen(ctx, fs, f, args, "community")
	if err != nil {
		return err
	}
	defer db.Close()
	vs, err := db.Services().Visits.Visits(ctx, ids[0])
	if err != nil {
		return err
	}
	if f.json {
		return printJSON(rw.Stdout, nonNil(vs))
	}
	tw := table(rw.Stdout)
	fmt.Fprintln(tw, "ID\tSTART\tVISITOR\tHOST\tPEOPLE\tSTATE")
	for _, v := range vs {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\n", v.ID, v.Start.Format(time.DateOnly), v.Visitor.Name, v.Host.Name, v.People, v.State)
	}
	return tw.Flush()
}

func visitTransition(action wikicities.VisitAction) func(context.Context, []string, IO) error {
	return func(ctx context.Context, args []string, rw IO) error {
		fs, f := newPartnershipFlags("visit "+string(action), "ID", rw)
		var offer *wikicities.HostOffer
		if action == wikicities.VisitAccept {
			offer = &wikicities.HostOffer{}
			fs.IntVar(&offer.Capacity, "capacity", 0, "people the space holds")
			fs.StringVar(&offer.Equipment, "equipment", "", "equipment offered")
			fs.StringVar(&offer.Access, "access", "", "opening hours, step-free access, keys")
		}
		ctx, db, ids, err := kpOpen(ctx, fs, f, args, "visit")
		if err != nil {
			return err
		}
		defer db.Close()
		v, err := db.Services().Visits.TransitionVisit(ctx, ids[0], action, 0, offer)
		if err != nil {
			return flagError(err, fs.FlagSet, nil)
		}
		fmt.Fprintf(rw.Stdout, "visit %d (%s to %s) is now %s\n", v.ID, v.Visitor.Name, v.Host.Name, v.State)
		return nil
	}
}

func visitReport(ctx context.Context, args []string, rw IO) error {
	fs, f := newPartnershipFlags("visit report", "ID", rw)
	text := fs.String("text", "", "the report")
	ctx, db, ids, err := kpOpen(ctx, fs, f, args, "visit")
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.Services().Visits.ReportVisit(ctx, ids[0], 0, *text)
	if err != nil {
		return flagError(err, fs.FlagSet, nil)
	}
	fmt.Fprintf(rw.Stdout, "visit %d: report logged as activity %d of the partnership\n", v.ID, v.ActivityID)
	return nil
}
