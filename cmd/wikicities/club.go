package main

import (
	"context"
	"fmt"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/wikitext"
)

// clubStart is `club start --host INSTITUTION_ID --name NAME ...`: the
// guided start of a Wiki Club (host, first meeting, a toolkit from the
// library); the club's community is created in the host's city.
func clubStart(ctx context.Context, args []string, rw IO) error {
	f := newFlags("club start", "", rw)
	host := f.Int64("host", 0, "id of the hosting institution (school, university, library, museum)")
	name := f.String("name", "", "the club's name")
	agreement := f.String("agreement", "", "what the host provides (room, time, supervision)")
	schedule := f.String("meetings", "", `when the club meets, e.g. "Wednesdays 16:00"`)
	first := f.String("first-meeting", "", "date of the first meeting (YYYY-MM-DD)")
	toolkit := f.Int64("toolkit", 0, "id of a library resource to start with")
	if _, err := f.parse(args, 0, 0); err != nil {
		return err
	}
	c := &wikicities.WikiClub{Name: *name, HostID: *host, HostAgreement: *agreement, MeetingSchedule: *schedule, ToolkitID: *toolkit}
	if *first != "" {
		t, err := time.Parse("2006-01-02", *first)
		if err != nil {
			return usageError{fmt.Sprintf("--first-meeting %q: want YYYY-MM-DD", *first)}
		}
		c.FirstMeeting = t
	}
	env, err := openDirectory(ctx, f.store, false)
	if err != nil {
		return err
	}
	defer env.Close()
	if err := env.db.Clubs().StartClub(env.ctx, c); err != nil {
		return err
	}
	fmt.Fprintf(rw.Stdout, "Wiki Club %q started (community %d), hosted by %s\n", c.Name, c.CommunityID, c.HostName)
	return nil
}

// clubShow is `club show ID`; --wikitext prints the section for Meta.
func clubShow(ctx context.Context, args []string, rw IO) error {
	f := newFlags("club show", "CLUB", rw)
	asJSON := f.Bool("json", false, "print JSON")
	asWikitext := f.Bool("wikitext", false, "print the club's section for its page on Meta")
	env, comm, err := openCommunityArg(ctx, f, args, false)
	if err != nil {
		return err
	}
	defer env.Close()
	c, err := env.db.Clubs().Club(env.ctx, comm.ID)
	if err != nil {
		return err
	}
	switch {
	case *asJSON:
		return printJSON(rw.Stdout, c)
	case *asWikitext:
		_, err := fmt.Fprint(rw.Stdout, wikitext.Write(wikitext.ClubSection(c)))
		return err
	}
	fmt.Fprintf(rw.Stdout, "%s (hosted by %s)\nmeetings: %s\nmembers: %d, regular editors: %d, outreach events: %d\n",
		c.Name, c.HostName, c.MeetingSchedule, c.Members, c.RegularEditors, c.OutreachEvents)
	return nil
}

// clubSisters is `club sisters ID`: clubs in twin cities to pair with
// (`partnerships propose` pairs them).
func clubSisters(ctx context.Context, args []string, rw IO) error {
	f := newFlags("club sisters", "CLUB", rw)
	env, comm, err := openCommunityArg(ctx, f, args, false)
	if err != nil {
		return err
	}
	defer env.Close()
	cs, err := env.db.Clubs().SisterClubs(env.ctx, comm.ID)
	if err != nil {
		return err
	}
	tw := table(rw.Stdout)
	for _, c := range cs {
		fmt.Fprintf(tw, "%d\t%s\t%s\n", c.CommunityID, c.Name, c.HostName)
	}
	return tw.Flush()
}

// clubUpdate is `club update ID --members N ...`.
func clubUpdate(ctx context.Context, args []string, rw IO) error {
	f := newFlags("club update", "CLUB", rw)
	members := f.Int("members", -1, "members count")
	editors := f.Int("regular-editors", -1, "regular editors")
	outreach := f.Int("outreach-events", -1, "outreach events held")
	schedule := f.String("meetings", "", "when the club meets")
	env, comm, err := openCommunityArg(ctx, f, args, false)
	if err != nil {
		return err
	}
	defer env.Close()
	c, err := env.db.Clubs().Club(env.ctx, comm.ID)
	if err != nil {
		return err
	}
	for _, s := range []struct {
		v   int
		dst *int
	}{{*members, &c.Members}, {*editors, &c.RegularEditors}, {*outreach, &c.OutreachEvents}} {
		if s.v >= 0 {
			*s.dst = s.v
		}
	}
	if *schedule != "" {
		c.MeetingSchedule = *schedule
	}
	if err := env.db.Clubs().UpdateClub(env.ctx, c); err != nil {
		return err
	}
	fmt.Fprintf(rw.Stdout, "%s: %d members, %d regular editors, %d outreach events\n", c.Name, c.Members, c.RegularEditors, c.OutreachEvents)
	return nil
}
