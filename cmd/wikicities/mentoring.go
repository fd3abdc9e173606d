package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/labels"
)

// holder parses --person USERNAME or --group COMMUNITY (name or id); one
// of them is required.
func (e *directoryEnv) holder(person, group string) (wikicities.Holder, error) {
	switch {
	case person != "" && group != "":
		return wikicities.Holder{}, usageError{"give --person or --group, not both"}
	case person != "":
		u, err := e.db.Accounts().UserByName(e.ctx, person)
		if err != nil {
			return wikicities.Holder{}, fmt.Errorf("--person %q: %w", person, err)
		}
		return wikicities.Holder{Kind: wikicities.HolderPerson, ID: u.ID}, nil
	case group != "":
		c, err := e.community(group)
		if err != nil {
			return wikicities.Holder{}, fmt.Errorf("--group: %w", err)
		}
		return wikicities.Holder{Kind: wikicities.HolderGroup, ID: c.ID}, nil
	}
	return wikicities.Holder{}, usageError{"--person USERNAME or --group COMMUNITY is required"}
}

// capacityList is `capacity list`: the vocabulary as a tree, labels in the
// chosen language (English when it has none), with Wikidata items.
func capacityList(ctx context.Context, args []string, rw IO) error {
	f := newFlags("capacity list", "", rw)
	asJSON := f.Bool("json", false, "print JSON")
	env, err := openDirectoryNoArgs(ctx, f, args, false)
	if err != nil {
		return err
	}
	defer env.Close()
	cs, err := env.db.Capacities().Capacities(env.ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(rw.Stdout, cs)
	}
	lang := f.printer().Lang()
	tw := table(rw.Stdout)
	for _, c := range cs {
		label := c.Labels[lang]
		if label == "" {
			label = c.Labels["en"]
		}
		indent := strings.Repeat("  ", strings.Count(c.Code, "."))
		fmt.Fprintf(tw, "%s%s\t%s\t%s\n", indent, c.Code, label, c.QID)
	}
	return tw.Flush()
}

// capacitySet is `capacity set --person U | --group G --known ... --available ... --wanted ...`.
func capacitySet(ctx context.Context, args []string, rw IO) error {
	f := newFlags("capacity set", "", rw)
	person := f.String("person", "", "the account whose capacities these are")
	group := f.String("group", "", "the community whose capacities these are (name or id)")
	known := f.String("known", "", "capacity codes known, comma-separated")
	available := f.String("available", "", "capacity codes available to share (as a mentor), comma-separated")
	wanted := f.String("wanted", "", "capacity codes wanted, comma-separated")
	away := f.String("away-until", "", "as a mentor, away until this date (YYYY-MM-DD)")
	limit := f.Int("mentee-limit", 0, "as a mentor, how many mentees at a time (0: no limit)")
	env, err := openDirectoryNoArgs(ctx, f, args, false)
	if err != nil {
		return err
	}
	defer env.Close()
	h, err := env.holder(*person, *group)
	if err != nil {
		return err
	}
	hc := &wikicities.HolderCapacities{Holder: h, Known: list(*known), Available: list(*available),
		Wanted: list(*wanted), MenteeLimit: *limit}
	if *away != "" {
		if hc.AwayUntil, err = time.Parse("2006-01-02", *away); err != nil {
			return usageError{fmt.Sprintf("--away-until %q: want YYYY-MM-DD", *away)}
		}
	}
	if err := env.db.Capacities().SetHolderCapacities(env.ctx, hc); err != nil {
		return err
	}
	fmt.Fprintf(rw.Stdout, "%s %d: known %s; available %s; wanted %s\n", h.Kind, h.ID,
		strings.Join(hc.Known, ","), strings.Join(hc.Available, ","), strings.Join(hc.Wanted, ","))
	return nil
}

// mentoringSuggest is `mentoring suggest --person U | --group G [--capacity C]`.
func mentoringSuggest(ctx context.Context, args []string, rw IO) error {
	f := newFlags("mentoring suggest", "", rw)
	person := f.String("person", "", "the account looking for a mentor")
	group := f.String("group", "", "the community looking for a mentoring group")
	capacity := f.String("capacity", "", "only this wanted capacity")
	limit := f.Int("limit", 10, "how many suggestions")
	asJSON := f.Bool("json", false, "print JSON")
	env, err := openDirectoryNoArgs(ctx, f, args, false)
	if err != nil {
		return err
	}
	defer env.Close()
	h, err := env.holder(*person, *group)
	if err != nil {
		return err
	}
	ss, err := env.db.Mentorships().SuggestMentors(env.ctx, h, *capacity, *limit)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(rw.Stdout, ss)
	}
	pr := f.printer()
	vocab, err := env.db.Capacities().Capacities(env.ctx)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, c := range vocab {
		names[c.Code] = c.Labels["en"]
		if l := c.Labels[pr.Lang()]; l != "" {
			names[c.Code] = l
		}
	}
	label := func(code string) string {
		if n := names[code]; n != "" {
			return n
		}
		return code
	}
	for _, s := range ss {
		var why []string
		for _, r := range s.Reasons {
			why = append(why, labels.MentoringReason(pr, r, label))
		}
		fmt.Fprintf(rw.Stdout, "%s\t%s %d\t%.1f\t%s\n", s.Name, s.Mentor.Kind, s.Mentor.ID, s.Score, strings.Join(why, "; "))
	}
	return nil
}

// mentoringRequest is `mentoring request --person U --mentor M --capacity C`
// (or --group G --mentor M).
func mentoringRequest(ctx context.Context, args []string, rw IO) error {
	f := newFlags("mentoring request", "", rw)
	person := f.String("person", "", "the mentee account")
	group := f.String("group", "", "the mentee community")
	mentor := f.String("mentor", "", "the mentor: an account (with --person) or a community (with --group)")
	capacity := f.String("capacity", "", "the capacity to learn")
	months := f.Int("months", 0, "term in months, 1 to 6 (default 3)")
	goals := f.String("goals", "", "what the mentee wants to achieve")
	env, err := openDirectoryNoArgs(ctx, f, args, false)
	if err != nil {
		return err
	}
	defer env.Close()
	mentee, err := env.holder(*person, *group)
	if err != nil {
		return err
	}
	var m wikicities.Holder
	if mentee.Kind == wikicities.HolderPerson {
		m, err = env.holder(*mentor, "")
	} else {
		m, err = env.holder("", *mentor)
	}
	if err != nil {
		return fmt.Errorf("--mentor: %w", err)
	}
	ms := &wikicities.Mentorship{Kind: mentee.Kind, Mentor: m.ID, Mentee: mentee.ID, Capacity: *capacity, Months: *months, Goals: *goals}
	if err := env.db.Mentorships().RequestMentorship(env.ctx, ms); err != nil {
		return err
	}
	fmt.Fprintf(rw.Stdout, "mentorship %d: %s asks %s for %s (%d months): %s\n", ms.ID, ms.MenteeName, ms.MentorName, ms.Capacity, ms.Months, ms.State)
	return nil
}

// mentoringAction is `mentoring accept|start|complete|cancel ID`.
func mentoringAction(action string) func(context.Context, []string, IO) error {
	return func(ctx context.Context, args []string, rw IO) error {
		f := newFlags("mentoring "+action, "ID", rw)
		env, id, err := openRecordArg(ctx, f, args, "mentorship", false)
		if err != nil {
			return err
		}
		defer env.Close()
		m, err := env.db.Mentorships().MentorshipAction(env.ctx, id, action)
		if err != nil {
			return err
		}
		fmt.Fprintf(rw.Stdout, "mentorship %d: %s\n", m.ID, m.State)
		return nil
	}
}

// mentoringCheckIn is `mentoring checkin ID NOTE`.
func mentoringCheckIn(ctx context.Context, args []string, rw IO) error {
	f := newFlags("mentoring checkin", "ID NOTE", rw)
	pos, err := f.parse(args, 2, 2)
	if err != nil {
		return err
	}
	id, err := recordID("mentorship", pos[0])
	if err != nil {
		return err
	}
	env, err := openDirectory(ctx, f.store, false)
	if err != nil {
		return err
	}
	defer env.Close()
	c, err := env.db.Mentorships().AddCheckIn(env.ctx, id, pos[1])
	if err != nil {
		return err
	}
	fmt.Fprintf(rw.Stdout, "check-in %d logged", c.ID)
	if c.ActivityID != 0 {
		fmt.Fprintf(rw.Stdout, " (partnership activity %d)", c.ActivityID)
	}
	fmt.Fprintln(rw.Stdout)
	return nil
}

// mentoringList is `mentoring list --person U | --group G`.
func mentoringList(ctx context.Context, args []string, rw IO) error {
	f := newFlags("mentoring list", "", rw)
	person := f.String("person", "", "an account")
	group := f.String("group", "", "a community")
	asJSON := f.Bool("json", false, "print JSON")
	env, err := openDirectoryNoArgs(ctx, f, args, false)
	if err != nil {
		return err
	}
	defer env.Close()
	h, err := env.holder(*person, *group)
	if err != nil {
		return err
	}
	ms, err := env.db.Mentorships().Mentorships(env.ctx, h)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(rw.Stdout, ms)
	}
	tw := table(rw.Stdout)
	for _, m := range ms {
		fmt.Fprintf(tw, "%d\t%s -> %s\t%s\t%s\t%d check-ins\n", m.ID, m.MentorName, m.MenteeName, m.Capacity, m.State, len(m.CheckIns))
	}
	return tw.Flush()
}
