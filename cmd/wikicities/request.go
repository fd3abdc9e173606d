package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
)

func init() {
	register(command{name: "request", summary: "partner-wanted requests: add, list, answer, delete", run: runRequest})
}

// party parses "community:ID", "institution:ID" or a community name.
func (e *directoryEnv) party(s string) (wikicities.PartyRef, error) {
	kind, id, ok := strings.Cut(s, ":")
	if ok && (kind == string(wikicities.PartyCommunity) || kind == string(wikicities.PartyInstitution)) {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n <= 0 {
			return wikicities.PartyRef{}, usageError{fmt.Sprintf("party %q: %q is not an id", s, id)}
		}
		return wikicities.PartyRef{Kind: wikicities.PartyKind(kind), ID: n}, nil
	}
	c, err := e.community(s)
	if err != nil {
		return wikicities.PartyRef{}, err
	}
	return c.Ref(), nil
}

func runRequest(ctx context.Context, args []string, rw IO) error {
	if len(args) == 0 {
		return usageError{"request: give add, list, answer or delete"}
	}
	action, args := args[0], args[1:]
	fs := newFlags("request "+action, rw)
	var sf storeFlags
	sf.register(fs)
	var target string
	var err error
	if action == "answer" || action == "delete" {
		if target, args, err = idArg(args, "request id"); err != nil {
			return err
		}
	}
	party := fs.String("party", "", `who posts or answers: "community:ID", "institution:ID" or a community name`)
	title := fs.String("title", "", "what is sought")
	description := fs.String("description", "", "details")
	kinds := fs.String("kinds", "", "kinds of partner sought, comma-separated (user_group,museum,...)")
	cities := fs.String("cities", "", `cities where the partner should be, separated by ";" (ids or names)`)
	countries := fs.String("countries", "", "countries where the partner should be, comma-separated")
	languages := fs.String("languages", "", "languages sought, comma-separated codes")
	skills := fs.String("skills", "", "skills sought, comma-separated codes")
	expires := fs.String("expires", "", "expiry date (YYYY-MM-DD); default in 90 days")
	message := fs.String("message", "", "the answer's message")
	city := fs.String("city", "", "list the open requests that concern this city")
	env, err := parseAndOpen(ctx, fs, args, &sf)
	if err != nil {
		return err
	}
	defer env.Close()
	svc := env.db.Requests()
	switch action {
	case "add":
		p, err := env.party(*party)
		if err != nil {
			return err
		}
		r := &wikicities.PartnerRequest{Party: p, Title: *title, Description: *description, PartnerKinds: list(*kinds),
			Countries: list(*countries), Languages: list(*languages), Skills: list(*skills), Expires: time.Now().AddDate(0, 0, 90)}
		if *expires != "" {
			if r.Expires, err = parseDate("expires", *expires); err != nil {
				return err
			}
		}
		for _, name := range strings.Split(*cities, ";") {
			if name = strings.TrimSpace(name); name != "" {
				c, err := env.city(name)
				if err != nil {
					return err
				}
				r.CityIDs = append(r.CityIDs, c.ID)
			}
		}
		if err := svc.CreateRequest(env.ctx, r); err != nil {
			return err
		}
		fmt.Fprintf(rw.Stdout, "posted request %d: %s (open until %s)\n", r.ID, r.Title, r.Expires.Format(time.DateOnly))
		return nil
	case "list":
		f := wikicities.RequestFilter{Open: true, Limit: 500}
		if *city != "" {
			c, err := env.city(*city)
			if err != nil {
				return err
			}
			f.CityID = c.ID
		}
		rs, total, err := svc.Requests(env.ctx, f)
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
	id, err := strconv.ParseInt(target, 10, 64)
	if err != nil {
		return usageError{fmt.Sprintf("request id %q is not a number", target)}
	}
	switch action {
	case "answer":
		p, err := env.party(*party)
		if err != nil {
			return err
		}
		a := &wikicities.RequestAnswer{RequestID: id, Party: p, Message: *message}
		if err := svc.Answer(env.ctx, a); err != nil {
			return err
		}
		fmt.Fprintf(rw.Stdout, "answered request %d as %s:%d\n", id, p.Kind, p.ID)
		return nil
	case "delete":
		if err := svc.DeleteRequest(env.ctx, id); err != nil {
			return err
		}
		fmt.Fprintf(rw.Stdout, "withdrew request %d\n", id)
		return nil
	}
	return usageError{fmt.Sprintf("request: unknown action %q (add, list, answer, delete)", action)}
}
