package main

import (
	"context"
	"fmt"
	"slices"

	"github.com/wikicities/wikicities"
)

// eventFlags are the flags describing an event, shared by `event add` and
// `event update`; type, mode, start, end and private are read after parsing.
type eventFlags struct {
	e                     wikicities.Event
	typ, mode, start, end string
	private               bool
}

// eventFieldFlags are the names of the flags register adds.
var eventFieldFlags = []string{"title", "description", "type", "mode", "tz", "start", "end", "rrule", "city", "address", "osm",
	"online", "language", "capacity", "waitlist", "private"}

// register adds the flags to fs.
func (ef *eventFlags) register(fs *actionFlags) {
	e := &ef.e
	fs.StringVar(&e.Title, "title", "", "the event's title")
	fs.StringVar(&e.Description, "description", "", "what happens")
	fs.StringVar(&ef.typ, "type", "workshop", "workshop, training, editathon, meetup or photo_walk")
	fs.StringVar(&ef.mode, "mode", "in_person", "in_person, online or hybrid")
	fs.StringVar(&e.TimeZone, "tz", "UTC", "IANA time zone (Europe/Berlin)")
	fs.StringVar(&ef.start, "start", "", "start (2026-05-09T10:00:00+02:00)")
	fs.StringVar(&ef.end, "end", "", "end")
	fs.StringVar(&e.RRule, "rrule", "", "recurrence rule (FREQ=WEEKLY;COUNT=4)")
	fs.Int64Var(&e.CityID, "city", 0, "the city's ID in the directory")
	fs.StringVar(&e.Address, "address", "", "street address")
	fs.StringVar(&e.OpenStreetMap, "osm", "", "OpenStreetMap link")
	fs.StringVar(&e.OnlineURL, "online", "", "where to join online")
	fs.StringVar(&e.Language, "language", "", "language code")
	fs.IntVar(&e.Capacity, "capacity", 0, "most people registered (0: no limit)")
	fs.BoolVar(&e.Waitlist, "waitlist", false, "keep a waitlist when full")
	fs.BoolVar(&ef.private, "private", false, "only the organisers see who registered")
}

// apply copies into dst the flags set (all of them when set is nil),
// parsing the times. Returns a usage error for a malformed time.
func (ef *eventFlags) apply(set map[string]bool, dst *wikicities.Event) error {
	src := &ef.e
	copies := map[string]func(){
		"title": func() { dst.Title = src.Title }, "description": func() { dst.Description = src.Description },
		"type": func() { dst.Type = wikicities.EventType(ef.typ) }, "mode": func() { dst.Mode = wikicities.AttendanceMode(ef.mode) },
		"tz": func() { dst.TimeZone = src.TimeZone }, "rrule": func() { dst.RRule = src.RRule },
		"city": func() { dst.CityID = src.CityID }, "address": func() { dst.Address = src.Address },
		"osm": func() { dst.OpenStreetMap = src.OpenStreetMap }, "online": func() { dst.OnlineURL = src.OnlineURL },
		"language": func() { dst.Language = src.Language }, "capacity": func() { dst.Capacity = src.Capacity },
		"waitlist": func() { dst.Waitlist = src.Waitlist },
		"private": func() {
			dst.Registration = wikicities.ListPublic
			if ef.private {
				dst.Registration = wikicities.ListPrivate
			}
		},
	}
	for name, assign := range copies {
		if set == nil || set[name] {
			assign()
		}
	}
	var err error
	if set == nil || set["start"] {
		if dst.Start, err = parseActivityTime("start", ef.start); err != nil {
			return err
		}
	}
	if set == nil || set["end"] {
		if dst.End, err = parseActivityTime("end", ef.end); err != nil {
			return err
		}
	}
	return nil
}

// eventUpdate is `event update ID [--version N] --FIELD VALUE...`: the
// flags given change the event, the others keep what it has; its
// organisers, status and registrations stay.
func eventUpdate(ctx context.Context, args []string, rw IO) error {
	fs, f := newPartnershipFlags("event update", "ID", rw)
	var ef eventFlags
	ef.register(fs)
	version := fs.Int64("version", 0, "the version you read (refused if someone changed it since); default: the current one")
	ctx, db, ids, err := kpOpen(ctx, fs, f, args, "event")
	if err != nil {
		return err
	}
	defer db.Close()
	set := setFlags(fs.FlagSet)
	if !slices.ContainsFunc(eventFieldFlags, func(n string) bool { return set[n] }) {
		return usageError{"event update: give at least one field to change (--title, --start, --capacity, ...)"}
	}
	e, err := db.Services().Events.Event(ctx, ids[0])
	if err != nil {
		return err
	}
	if err := ef.apply(set, e); err != nil {
		return err
	}
	if *version != 0 {
		e.Version = *version
	}
	promoted, err := db.Services().Events.UpdateEvent(ctx, e)
	if err != nil {
		return flagError(err, fs.FlagSet, eventFlagFields)
	}
	if f.json {
		return printJSON(rw.Stdout, e)
	}
	fmt.Fprintf(rw.Stdout, "updated event %d: %s (version %d)\n", e.ID, e.Title, e.Version)
	for _, r := range promoted {
		fmt.Fprintf(rw.Stdout, "  %s moved up from the waitlist\n", r.Username)
	}
	return nil
}

// eventFlagFields maps the event's fields to the flags that set them where
// their names differ.
var eventFlagFields = map[string]string{"time_zone": "tz", "city_id": "city", "openstreetmap": "osm", "online_url": "online",
	"registration": "private"}

// campaignUpdate is `campaign update ID [--version N] --FIELD VALUE...`:
// the flags given change the campaign, the others keep what it has.
func campaignUpdate(ctx context.Context, args []string, rw IO) error {
	fs, f := newPartnershipFlags("campaign update", "ID", rw)
	var in wikicities.Campaign
	campaignFlags(fs, &in, `; "" removes it`)
	version := fs.Int64("version", 0, "the version you read (refused if someone changed it since); default: the current one")
	ctx, db, ids, err := kpOpen(ctx, fs, f, args, "campaign")
	if err != nil {
		return err
	}
	defer db.Close()
	set := setFlags(fs.FlagSet)
	if !set["name"] && !set["wikidata"] && !set["description"] && !set["meta-page"] {
		return usageError{"campaign update: give at least one of --name, --wikidata, --description, --meta-page"}
	}
	c, err := db.Services().Campaigns.Campaign(ctx, ids[0])
	if err != nil {
		return err
	}
	for name, assign := range map[string]func(){"name": func() { c.Name = in.Name }, "wikidata": func() { c.Wikidata = in.Wikidata },
		"description": func() { c.Description = in.Description }, "meta-page": func() { c.MetaPage = in.MetaPage }} {
		if set[name] {
			assign()
		}
	}
	if *version != 0 {
		c.Version = *version
	}
	if err := db.Services().Campaigns.UpdateCampaign(ctx, c); err != nil {
		return flagError(err, fs.FlagSet, map[string]string{"meta_page": "meta-page"})
	}
	if f.json {
		return printJSON(rw.Stdout, c)
	}
	fmt.Fprintf(rw.Stdout, "updated campaign %d: %s (version %d)\n", c.ID, c.Name, c.Version)
	return nil
}
