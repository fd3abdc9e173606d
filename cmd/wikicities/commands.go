package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/wikicities/wikicities"
)

// command is one command of the CLI: it runs itself, or one of its
// actions named by its first argument (`wikicities user add`).
type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, rw IO) error
	actions       []action
}

// action is one verb of a command with several.
type action struct {
	name, summary string
	run           func(ctx context.Context, args []string, rw IO) error
}

// commands is the whole command line, in the order `wikicities help`
// lists it. Each run function parses its own flag set (newFlags).
var commands = []command{
	{name: "serve", summary: "run the web server and API", run: runServe},
	{name: "migrate", summary: "apply pending schema migrations", run: runMigrate},
	{name: "user", summary: "manage accounts", actions: []action{
		{"add", "add an account (a generated password is printed once)", userAdd},
		{"list", "list the accounts with their roles and grants", userList},
		{"set-role", "make an account a member or an admin", userSetRole},
		{"disable", "disable an account", userEnable(false)},
		{"enable", "enable a disabled account", userEnable(true)},
		{"password", "set a new password (generated, or from standard input)", userPassword},
		{"grant", "make an account a coordinator of a community or institution", userGrant(true)},
		{"revoke", "end an account's coordination of a record", userGrant(false)},
		{"token", "issue an API token for scripts (shown once)", userToken},
	}},
	{name: "backup", summary: "copy the SQLite store to FILE while the server runs", run: runBackup},
	{name: "restore", summary: "replace the SQLite store with a backup FILE (server stopped)", run: runRestore},
	{name: "import", summary: "import twin towns from a file", actions: []action{
		{"csv", "a CSV file: city1,country1,lat1,lng1,city2,country2,lat2,lng2", importFile("csv")},
		{"sparql", "SPARQL JSON results of the query of 'sync wikidata --print-query'", importFile("sparql")},
		{"wikitext", "the twinning tables of a wikitext FILE or of --wiki URL --page TITLE", runImportWikitext},
		{"affiliates", "the movement's affiliate lists of Meta-Wiki and Wikidata, as listed communities (--apply confirms probable matches)", runImportAffiliates},
	}},
	{name: "sync", summary: "import twin towns from Wikidata or a wiki page", actions: []action{
		{"wikidata", "run the P190 twin-town query at the Wikidata Query Service and import the result", runSyncWikidata},
		{"page", "pull a wiki page's twinning table (--apply imports what WikiCities lacks)", runSyncPage},
		{"labels", "fetch the cities' names in other languages from Wikidata", runSyncLabels},
		{"regions", "fetch from Wikidata the province (ISO 3166-2 code) of every city with an item", runSyncRegions},
	}},
	{name: "twins", summary: "list a city's twin towns: twins QID | NAME | \"NAME, COUNTRY\"", run: runTwins},
	{name: "stats", summary: "summarise the twin-city graph", run: runStats},
	{name: "publish", summary: "write the twinning index or a community's partnerships to a wiki page", run: runPublish},
	{name: "community", summary: "the directory of communities", actions: []action{
		{"add", "add a community", communityAdd},
		{"list", "list and search communities", communityList},
		{"show", "show a community", communityShow},
		{"update", "change a community's fields", communityUpdate},
		{"delete", "delete a community", communityDelete},
	}},
	{name: "institution", summary: "the directory of institutions", actions: []action{
		{"add", "add an institution", institutionAdd},
		{"list", "list and search institutions", institutionList},
		{"show", "show an institution", institutionShow},
		{"update", "change an institution's fields", institutionUpdate},
		{"delete", "delete an institution", institutionDelete},
	}},
	{name: "request", summary: "partner-wanted requests", actions: []action{
		{"add", "post a request", requestAdd},
		{"list", "list the open requests", requestList},
		{"answer", "answer a request", requestAnswer},
		{"delete", "withdraw a request", requestDelete},
	}},
	{name: "capacity", summary: "capacities known, available and wanted (CapX-compatible vocabulary)", actions: []action{
		{"list", "list the capacity vocabulary with its Wikidata items", capacityList},
		{"set", "set a person's or group's capacities and mentor availability", capacitySet},
	}},
	{name: "mentoring", summary: "mentors matched to wanted capacities, and mentorships", actions: []action{
		{"suggest", "suggest mentors for a person's or group's wanted capacities, with reasons", mentoringSuggest},
		{"request", "ask a mentor for a mentorship in one capacity", mentoringRequest},
		{"accept", "the mentor accepts a requested mentorship", mentoringAction("accept")},
		{"start", "an accepted mentorship starts (its term runs from now)", mentoringAction("start")},
		{"complete", "an active mentorship is completed", mentoringAction("complete")},
		{"cancel", "cancel a mentorship that is not over", mentoringAction("cancel")},
		{"checkin", "log a check-in on an active mentorship", mentoringCheckIn},
		{"list", "list a person's or group's mentorships", mentoringList},
	}},
	{name: "club", summary: "Wiki Clubs hosted by schools, universities, libraries and museums", actions: []action{
		{"start", "start a Wiki Club: host, meetings, first meeting, a toolkit from the library", clubStart},
		{"show", "show a club (--wikitext: its section for Meta)", clubShow},
		{"sisters", "clubs in twin cities to pair with", clubSisters},
		{"update", "update a club's meetings and measures", clubUpdate},
	}},
	{name: "training", summary: "the Knowledge Park training library", actions: []action{
		{"check", "read a Dashboard training_content set: report broken files with their line, list its modules", trainingCheck},
		{"import", "add a Dashboard training_content set's modules to the library (updating earlier imports)", trainingImport},
		{"list", "list the library (--wikitext: a table for Meta)", trainingList},
		{"attach", "attach a resource to a partnership, responsibility, event or campaign", trainingAttach},
		{"detach", "remove a resource from a partnership, responsibility, event or campaign (undoes attach)", trainingDetach},
		{"recommend", "recommend resources to a community from its wanted skills and responsibilities", trainingRecommend},
		{"links", "check the library's links politely and mark the gone ones outdated", trainingLinks},
	}},
	{name: "skill", summary: "the shared skills vocabulary", actions: []action{
		{"list", "list the skills", skillList},
		{"add", "add a skill: CODE LABEL", skillAdd},
	}},
	{name: "suggest", summary: "ranked partner suggestions for a community, with reasons", run: runSuggest},
	{name: "recruit", summary: "twin cities with no community, for a city or a country", run: runRecruit},
	{name: "export", summary: "export communities|institutions|twins as csv, json or geojson, or reports as csv or json", run: runExport},
	{name: "partnerships", summary: "partnerships: propose, accept, log activities, check their health", actions: []action{
		{"list", "list partnerships (--state, --community, --institution)", partnershipsList},
		{"show", "one partnership with its agreement, history and health", partnershipsShow},
		{"propose", "propose a partnership", partnershipsPropose},
		{"accept", "accept a proposal (as a coordinator of the other party)", partnershipsTransition(wikicities.ActionAccept)},
		{"decline", "decline a proposal (as a coordinator of the other party)", partnershipsTransition(wikicities.ActionDecline)},
		{"withdraw", "withdraw a proposal", partnershipsTransition(wikicities.ActionWithdraw)},
		{"end", "end a partnership", partnershipsTransition(wikicities.ActionEnd)},
		{"renew", "renew a dormant partnership", partnershipsTransition(wikicities.ActionRenew)},
		{"log-activity", "record an activity", partnershipsLogActivity},
		{"check", "lapse idle partnerships to dormant and list those at risk", partnershipsCheck},
	}},
	{name: "campaign", summary: "campaigns across countries: editions, participants, twin editions", actions: []action{
		{"add", "create a campaign (you own it)", campaignAdd},
		{"list", "list the campaigns", campaignList},
		{"show", "a campaign with its editions, participants and totals (--wikitext for Meta)", campaignShow},
		{"update", "change a campaign's name, Wikidata item, description or Meta-Wiki page (its owner; --version N refuses a stale edit)", campaignUpdate},
		{"edition", "add a year's edition (the campaign's owner)", campaignEdition},
		{"join", "sign a community up for an edition (its coordinator)", campaignJoin},
		{"twin", "run an edition together with a community of a twin city", campaignTwin},
	}},
	{name: "event", summary: "workshops, trainings, edit-a-thons, meetups and photo walks people register for", actions: []action{
		{"add", "create an event (a coordinator of every organising community)", eventAdd},
		{"list", "list events (--city, --country, --type, --campaign, --community; --wikitext for Meta)", eventList},
		{"show", "one event (--ical, --jsonld)", eventShow},
		{"update", "change an event's fields (its organisers; --version N refuses a stale edit)", eventUpdate},
		{"register", "register for an event (a place, or the waitlist)", eventRegister},
		{"unregister", "cancel a registration; the first person waiting moves up", eventUnregister},
		{"cancel", "cancel an event (its organisers)", eventCancel},
	}},
	{name: "visit", summary: "exchange visits between groups of twin cities", actions: []action{
		{"request", "ask a group of a twin city to host a visit", visitRequest},
		{"list", "the visits of a community", visitList},
		{"accept", "accept a visit with what the space offers (the host)", visitTransition(wikicities.VisitAccept)},
		{"decline", "decline a visit (the host)", visitTransition(wikicities.VisitDecline)},
		{"cancel", "cancel a visit (either side)", visitTransition(wikicities.VisitCancel)},
		{"complete", "mark a visit done (either side, once it has begun)", visitTransition(wikicities.VisitComplete)},
		{"report", "report on a done visit; logged in the partnership", visitReport},
	}},
	{name: "digest", summary: "the partnership digest emails", actions: []action{
		{"send", "send the digests that are due (--dry-run prints them)", runDigestSend},
	}},
}

// findCommand returns the command named name, or nil.
func findCommand(name string) *command {
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}

// execute runs the command, or its action named by args[0].
func (c *command) execute(ctx context.Context, args []string, rw IO) error {
	if c.actions == nil {
		return c.run(ctx, args, rw)
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		w := rw.Stdout
		if len(args) == 0 {
			w = rw.Stderr
		}
		c.usage(w)
		if len(args) == 0 {
			return usageError{fmt.Sprintf("%s: no subcommand given (%s)", c.name, c.actionNames())}
		}
		return nil
	}
	for _, a := range c.actions {
		if a.name == args[0] {
			return a.run(ctx, args[1:], rw)
		}
	}
	c.usage(rw.Stderr)
	return usageError{fmt.Sprintf("%s: unknown subcommand %q (%s)", c.name, args[0], c.actionNames())}
}

func (c *command) actionNames() string {
	names := make([]string, len(c.actions))
	for i, a := range c.actions {
		names[i] = a.name
	}
	return strings.Join(names, ", ")
}

func (c *command) usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: wikicities %s <subcommand> [arguments and flags]\n\nSubcommands:\n", c.name)
	for _, a := range c.actions {
		fmt.Fprintf(w, "  %-13s %s\n", a.name, a.summary)
	}
	fmt.Fprintf(w, "\nRun 'wikicities %s <subcommand> --help' for its flags.\n", c.name)
}
