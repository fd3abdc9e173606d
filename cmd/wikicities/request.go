package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
)

// requestFields are the request's fields whose flags have other names.
var requestFields = map[string]string{"partner_kinds": "kinds", "city_ids": "cities"}

// party parses "community:ID", "institution:ID" or a community name, given
// as the flag named flagName.
func (e *directoryEnv) party(flagName, s string) (wikicities.PartyRef, error) {
	kind, id, ok := strings.Cut(s, ":")
	if ok && (kind == string(wikicities.PartyCommunity) || kind == string(wikicities.PartyInstitution)) {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n <= 0 {
			return wikicities.PartyRef{}, usageError{fmt.Sprintf("%s %q: %q is not an id", flagName, s, id)}
		}
		return wikicities.PartyRef{Kind: wikicities.PartyKind(kind), ID: n}, nil
	}
	if s == "" {
		return wikicities.PartyRef{}, usageError{flagName + " is required: \"community:ID\", \"institution:ID\" or a community name"}
	}
	c, err := e.community(s)
	if err != nil {
		return wikicities.PartyRef{}, fmt.Errorf("%s: %w", flagName, err)
	}
	return c.Ref(), nil
}

// requestAdd is `request add --party P --title T [--cities "A;B"] ...`.
func requestAdd(ctx context.Context, args []string, rw IO) error {
	f := newFlags("request add", "", rw)
	party := f.String("party", "", `who posts it: "community:ID", "institution:ID" or a community name`)
	title := f.String("title", "", "what is sought")
	description := f.String("description", "", "details")
	kinds := f.String("kinds", "", "kinds of partner sought, comma-separated (user_group,museum,...)")
	cities := f.String("cities", "", `cities where the partner should be, separated by ";" (ids or names)`)
	countries := f.String("countries", "", "countries where the partner should be, comma-separated")
	languages := f.String("languages", "", "languages sought, comma-separated codes")
	skills := f.String("skills", "", "skills sought, comma-separated codes")
	expires := f.String("expires", "", "expiry date (YYYY-MM-DD); default in 90 days")
	env, err := openDirectoryNoArgs(ctx, f, args, true)
	if err != nil {
		return err
	}
	defer env.Close()
	p, err := env.party("--party", *party)
	if err != nil {
		return err
	}
	r := &wikicities.PartnerRequest{Party: p, Title: *title, Description: *description, PartnerKinds: list(*kinds),
		Countries: list(*countries), Languages: list(*languages), Skills: list(*skills), Expires: time.Now().AddDate(0, 0, 90)}
	if *expires != "" {
		if r.Expires, err = parseDate("--expires", *expires); err != nil {
			return err
		}
	}
	for name := range strings.SplitSeq(*cities, ";") {
		if name = strings.TrimSpace(name); name != "" {
			c, err := env.city("--cities", name)
			if err != nil {
				return err
			}
			r.CityIDs = append(r.CityIDs, c.ID)
		}
	}
	if err := env.db.Requests().CreateRequest(env.ctx, r); err != nil {
		return flagError(err, f.FlagSet, requestFields)
	}
	fmt.Fprintf(rw.Stdout, "posted request %d: %s (open until %s)\n", r.ID, r.Title, r.Expires.Format(time.DateOnly))
	return nil
}

// requestList is `request list [--city C]`.
func requestList(ctx context.Context, args []string, rw IO) error {
	f := newFlags("request list", "", rw)
	city := f.String("city", "", "list the open requests that concern this city")
	env, err := openDirectoryNoArgs(ctx, f, args, true)
	if err != nil {
		return err
	}
	defer env.Close()
	rf := wikicities.RequestFilter{Open: true, Limit: 500}
	if *city != "" {
		c, err := env.city("--city", *city)
		if err != nil {
			return err
		}
		rf.CityID = c.ID
	}
	rs, total, err := env.db.Requests().Requests(env.ctx, rf)
	if err != nil {
		return err
	}
	tw := table(rw.Stdout)
	fmt.Fprintln(tw, "ID\tBY\tTITLE\tEXPIRES")
	for _, r := range rs {
		fmt.Fprintf(tw, "%d\t%s:%d\t%s\t%s\n", r.ID, r.Party.Kind, r.Party.ID, r.Title, r.Expires.Format(time.DateOnly))
	}
	tw.Flush()
	fmt.Fprintf(rw.Stdout, "%d open\n", total)
	return nil
}

// recordID reads the id argument of a record of the kind named
// ("request", "institution").
func recordID(kind, arg string) (int64, error) {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil {
		return 0, usageError{fmt.Sprintf("%s id %q is not a number", kind, arg)}
	}
	return id, nil
}

// openRecordArg parses the command's one argument, the id of a record of
// the kind named ("request", "mentorship"), and opens the directory.
func openRecordArg(ctx context.Context, f *actionFlags, args []string, kind string, withGraph bool) (*directoryEnv, int64, error) {
	pos, err := f.parse(args, 1, 1)
	if err != nil {
		return nil, 0, err
	}
	id, err := recordID(kind, pos[0])
	if err != nil {
		return nil, 0, err
	}
	env, err := openDirectory(ctx, f.store, withGraph)
	if err != nil {
		return nil, 0, err
	}
	return env, id, nil
}

// requestAnswer is `request answer ID --party P [--message M]`.
func requestAnswer(ctx context.Context, args []string, rw IO) error {
	f := newFlags("request answer", "ID", rw)
	party := f.String("party", "", `who answers: "community:ID", "institution:ID" or a community name`)
	message := f.String("message", "", "the answer's message")
	env, id, err := openRecordArg(ctx, f, args, "request", true)
	if err != nil {
		return err
	}
	defer env.Close()
	p, err := env.party("--party", *party)
	if err != nil {
		return err
	}
	a := &wikicities.RequestAnswer{RequestID: id, Party: p, Message: *message}
	if err := env.db.Requests().Answer(env.ctx, a); err != nil {
		return flagError(err, f.FlagSet, requestFields)
	}
	fmt.Fprintf(rw.Stdout, "answered request %d as %s:%d\n", id, p.Kind, p.ID)
	return nil
}

// requestDelete is `request delete ID`.
func requestDelete(ctx context.Context, args []string, rw IO) error {
	f := newFlags("request delete", "ID", rw)
	env, id, err := openRecordArg(ctx, f, args, "request", false)
	if err != nil {
		return err
	}
	defer env.Close()
	if err := env.db.Requests().DeleteRequest(env.ctx, id); err != nil {
		return err
	}
	fmt.Fprintf(rw.Stdout, "withdrew request %d\n", id)
	return nil
}
