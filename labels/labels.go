// Package labels says the domain's codes in a reader's language: the
// states, types and levels of partnerships, kinds of activity, projects,
// skills and languages, and the reasons of suggestions and of health
// scores, translated by code with their parameters. Pages and emails share
// it, so that a health reason reads the same on the partnership page and in
// the digest. The message keys are literal, so that the test of used keys
// sees every one; an unknown code falls back to the domain's English.
package labels

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/health"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/match"
)

// State names a partnership state.
func State(p *i18n.Printer, st wikicities.State) string {
	switch st {
	case wikicities.StateProposed:
		return p.Msg("state-proposed")
	case wikicities.StateAccepted:
		return p.Msg("state-accepted")
	case wikicities.StateDeclined:
		return p.Msg("state-declined")
	case wikicities.StateWithdrawn:
		return p.Msg("state-withdrawn")
	case wikicities.StateActive:
		return p.Msg("state-active")
	case wikicities.StateDormant:
		return p.Msg("state-dormant")
	case wikicities.StateEnded:
		return p.Msg("state-ended")
	}
	return string(st)
}

// Type names a partnership type.
func Type(p *i18n.Printer, t wikicities.PartnershipType) string {
	switch t {
	case wikicities.TypeTwinning:
		return p.Msg("partnership-type-twinning")
	case wikicities.TypeInstitutional:
		return p.Msg("partnership-type-institutional")
	case wikicities.TypeRegional:
		return p.Msg("partnership-type-regional")
	case wikicities.TypeCampaign:
		return p.Msg("partnership-type-campaign")
	}
	return string(t)
}

// Level names a partnership level.
func Level(p *i18n.Printer, l wikicities.Level) string {
	switch l {
	case wikicities.LevelLocal:
		return p.Msg("partnership-level-local")
	case wikicities.LevelRegional:
		return p.Msg("partnership-level-regional")
	case wikicities.LevelGlobal:
		return p.Msg("partnership-level-global")
	}
	return string(l)
}

// ActivityKind names a kind of activity.
func ActivityKind(p *i18n.Printer, k wikicities.ActivityKind) string {
	switch k {
	case wikicities.ActivityVisit:
		return p.Msg("activity-kind-visit")
	case wikicities.ActivityExchange:
		return p.Msg("activity-kind-exchange")
	case wikicities.ActivityEditathon:
		return p.Msg("activity-kind-editathon")
	case wikicities.ActivityWorkshop:
		return p.Msg("activity-kind-workshop")
	case wikicities.ActivityContest:
		return p.Msg("activity-kind-contest")
	case wikicities.ActivityPhotoWalk:
		return p.Msg("activity-kind-photo-walk")
	case wikicities.ActivityOnlineMeeting:
		return p.Msg("activity-kind-online-meeting")
	}
	return string(k)
}

// ActivityPlace says where an activity took place: a place "online" (the
// API's word for it, in any case) in the reader's language, any other
// place as it was written.
func ActivityPlace(p *i18n.Printer, place string) string {
	place = strings.TrimSpace(place)
	if strings.EqualFold(place, "online") {
		return p.Msg("activity-place-online")
	}
	return place
}

// HealthComponent names a component of the health score (health.Component.Name).
func HealthComponent(p *i18n.Printer, name string) string {
	switch name {
	case "recency":
		return p.Msg("health-component-recency")
	case "frequency":
		return p.Msg("health-component-frequency")
	case "responsibilities":
		return p.Msg("health-component-responsibilities")
	case "both_sides":
		return p.Msg("health-component-both-sides")
	}
	return name
}

// History says what a transition did.
func History(p *i18n.Printer, h *wikicities.HistoryEntry) string {
	switch h.Action {
	case wikicities.ActionPropose:
		return p.Msg("history-propose")
	case wikicities.ActionAccept:
		return p.Msg("history-accept")
	case wikicities.ActionDecline:
		return p.Msg("history-decline")
	case wikicities.ActionWithdraw:
		return p.Msg("history-withdraw")
	case wikicities.ActionActivate:
		return p.Msg("history-activate")
	case wikicities.ActionLapse:
		return p.Msg("history-lapse")
	case wikicities.ActionRenew:
		return p.Msg("history-renew")
	case wikicities.ActionEnd:
		return p.Msg("history-end")
	}
	return fmt.Sprintf("%s → %s", h.From, h.To)
}

// Project names a Wikimedia project by its code; an unknown code is shown as it is.
func Project(p *i18n.Printer, code string) string {
	switch code {
	case "wikipedia":
		return p.Msg("project-wikipedia")
	case "commons":
		return p.Msg("project-commons")
	case "wikidata":
		return p.Msg("project-wikidata")
	case "wikisource":
		return p.Msg("project-wikisource")
	case "wiktionary":
		return p.Msg("project-wiktionary")
	case "wikivoyage":
		return p.Msg("project-wikivoyage")
	case "wikibooks":
		return p.Msg("project-wikibooks")
	case "wikinews":
		return p.Msg("project-wikinews")
	case "wikiquote":
		return p.Msg("project-wikiquote")
	case "wikiversity":
		return p.Msg("project-wikiversity")
	case "wikispecies":
		return p.Msg("project-wikispecies")
	case "wikifunctions":
		return p.Msg("project-wikifunctions")
	case "mediawiki":
		return p.Msg("project-mediawiki")
	case "meta":
		return p.Msg("project-meta")
	}
	return code
}

// Skill translates a skill of the shared vocabulary; a skill added
// later keeps its stored English label.
func Skill(p *i18n.Printer, code, label string) string {
	switch code {
	case "photography":
		return p.Msg("skill-photography")
	case "glam":
		return p.Msg("skill-glam")
	case "education":
		return p.Msg("skill-education")
	case "wikidata":
		return p.Msg("skill-wikidata")
	case "translation":
		return p.Msg("skill-translation")
	case "tools_and_bots":
		return p.Msg("skill-tools-and-bots")
	case "events":
		return p.Msg("skill-events")
	case "outreach":
		return p.Msg("skill-outreach")
	case "editing_training":
		return p.Msg("skill-editing-training")
	case "fundraising":
		return p.Msg("skill-fundraising")
	case "communications":
		return p.Msg("skill-communications")
	case "research":
		return p.Msg("skill-research")
	case "accessibility":
		return p.Msg("skill-accessibility")
	case "open_licensing":
		return p.Msg("skill-open-licensing")
	}
	if label != "" {
		return label
	}
	return code
}

// Skills translates skill codes, in order.
func Skills(p *i18n.Printer, codes []string) []string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		out = append(out, Skill(p, c, strings.ReplaceAll(c, "_", " ")))
	}
	return out
}

// Language names a language code in the page's language ("Deutsch" →
// "German" on an English page); unknown codes are shown as they are.
func Language(p *i18n.Printer, code string) string {
	t, err := language.Parse(code)
	if err != nil {
		return code
	}
	page, err := language.Parse(p.Lang())
	if err != nil {
		return code
	}
	if n := display.Tags(page).Name(t); n != "" {
		return n
	}
	return code
}

// JoinWords joins words with the language's comma.
func JoinWords(p *i18n.Printer, words []string) string {
	return strings.Join(words, p.Msg("comma-separator"))
}

func param[T any](params map[string]any, key string) (T, bool) {
	v, ok := params[key].(T)
	return v, ok
}

// paramInt reads a numeric parameter, whatever its Go type.
func paramInt(params map[string]any, key string) int {
	switch v := params[key].(type) {
	case int:
		return v
	case int64:
		return int(v)
	case float64:
		return int(math.Round(v))
	}
	return 0
}

// paramStrings reads a list parameter.
func paramStrings(params map[string]any, key string) []string {
	switch v := params[key].(type) {
	case []string:
		return v
	case []int64:
		out := make([]string, 0, len(v))
		for _, x := range v {
			out = append(out, strconv.FormatInt(x, 10))
		}
		return out
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if f, ok := x.(float64); ok { // a number read from JSON: an id
				out = append(out, strconv.FormatFloat(f, 'f', -1, 64))
				continue
			}
			out = append(out, fmt.Sprint(x))
		}
		return out
	}
	return nil
}

// CityName names a city in the reader's language by its id; "" when it
// does not know the city (the reason's own name is said then).
type CityName func(id int64) string

// SuggestionReason says one reason of a suggestion in the reader's
// language, with the cities named as the matcher named them.
func SuggestionReason(p *i18n.Printer, r match.Reason) string {
	return SuggestionReasonNamed(p, r, nil)
}

// SuggestionReasonNamed says one reason of a suggestion in the reader's
// language, naming its cities through name where the reason gives their
// ids ("München" on a German page, not the data's "Munich").
func SuggestionReasonNamed(p *i18n.Printer, r match.Reason, name CityName) string {
	named := func(key, idKey string) string {
		s, _ := param[string](r.Params, key)
		if name != nil {
			if id := paramInt(r.Params, idKey); id != 0 {
				if n := name(int64(id)); n != "" {
					return n
				}
			}
		}
		return s
	}
	namedList := func(key, idsKey string) []string {
		ids := paramStrings(r.Params, idsKey)
		if name == nil || len(ids) == 0 {
			return paramStrings(r.Params, key)
		}
		out := make([]string, 0, len(ids))
		for _, s := range ids {
			id, err := strconv.ParseInt(s, 10, 64)
			n := ""
			if err == nil {
				n = name(id)
			}
			if n == "" {
				return paramStrings(r.Params, key)
			}
			out = append(out, n)
		}
		slices.Sort(out)
		return out
	}
	city := named("city", "city_id")
	switch r.Code {
	case match.ReasonTwinCity:
		return p.Msg("reason-twin-city", city)
	case match.ReasonSecondDegree:
		return p.Msg("reason-second-degree", city, JoinWords(p, namedList("via", "via_ids")))
	case match.ReasonNearTwin:
		twin := named("twin_city", "twin_city_id")
		return p.Msg("reason-near-twin", twin, paramInt(r.Params, "distance_km"))
	case match.ReasonLanguages:
		langs := paramStrings(r.Params, "languages")
		names := make([]string, len(langs))
		for i, l := range langs {
			names[i] = Language(p, l)
		}
		return p.Msg("reason-shared-languages", JoinWords(p, names), len(names))
	case match.ReasonTheyOffer, match.ReasonTheyWant:
		codes := paramStrings(r.Params, "skills")
		names := make([]string, len(codes))
		for i, c := range codes {
			names[i] = Skill(p, c, strings.ReplaceAll(c, "_", " "))
		}
		if r.Code == match.ReasonTheyOffer {
			return p.Msg("reason-offers-skills", JoinWords(p, names))
		}
		return p.Msg("reason-wants-skills", JoinWords(p, names))
	case match.ReasonInstitution:
		return p.Msg("reason-institution-in-twin-city", city)
	case match.ReasonTheirRequest:
		title, _ := param[string](r.Params, "title")
		return p.Msg("reason-their-request", title)
	case match.ReasonOurRequest:
		title, _ := param[string](r.Params, "title")
		return p.Msg("reason-our-request", title)
	case match.ReasonDormant:
		return p.Msg("reason-dormant")
	case match.ReasonRecruit:
		ours := named("our_city", "our_city_id")
		return p.Msg("reason-recruit", city, ours)
	case match.ReasonNoneNear:
		return p.Msg("reason-no-community-near", paramInt(r.Params, "radius_km"))
	case match.ReasonRecruitNearest:
		name, _ := param[string](r.Params, "community")
		return p.Msg("reason-recruit-nearest", name, paramInt(r.Params, "distance_km"))
	case match.ReasonNearHome:
		// A partner in our own city is not "0 km" away.
		if km := paramInt(r.Params, "distance_km"); km > 0 {
			return p.Msg("reason-near-our-city", city, km)
		}
		return p.Msg("reason-in-our-city", city)
	case match.ReasonTwinRegion:
		region, _ := param[string](r.Params, "region")
		twins := namedList("twin_cities", "twin_city_ids")
		return p.Msg("reason-in-twin-region", region, JoinWords(p, twins), len(twins))
	case match.ReasonCoversCountry:
		country, _ := param[string](r.Params, "country")
		twins := namedList("twin_cities", "twin_city_ids")
		return p.Msg("reason-covers-twin-country", Country(p, country), JoinWords(p, twins), len(twins))
	}
	return r.Text
}

// HealthReason says one reason of a health score in the reader's language.
func HealthReason(p *i18n.Printer, r health.Reason) string {
	switch r.Code {
	case health.ReasonNoActivityYet:
		return spanMsg(p, "health-no-activity-yet-", r.Params)
	case health.ReasonNoActivity:
		return spanMsg(p, "health-no-activity-", r.Params)
	case health.ReasonFewActivities:
		return p.Msg("health-few-activities", paramInt(r.Params, "count"), paramInt(r.Params, "expected"))
	case health.ReasonNoResponsibility:
		return p.Msg("health-no-responsibilities")
	case health.ReasonOverdue:
		return p.Msg("health-overdue", paramInt(r.Params, "overdue"), paramInt(r.Params, "total"))
	case health.ReasonLate:
		return p.Msg("health-done-late", paramInt(r.Params, "late"), paramInt(r.Params, "total"))
	case health.ReasonOneSided:
		party, _ := param[string](r.Params, "party")
		return p.Msg("health-one-sided", party)
	case health.ReasonNoOrganizers:
		return p.Msg("health-no-organizers")
	case health.ReasonReviewDue:
		return spanMsg(p, "health-review-due-", r.Params)
	case health.ReasonNotYetPartners:
		return p.Msg("health-not-yet-partners")
	case health.ReasonClosed:
		st, _ := param[string](r.Params, "state")
		return p.Msg("health-closed", State(p, wikicities.State(st)))
	case health.ReasonDormant:
		since, _ := param[string](r.Params, "since")
		if t, err := time.Parse(time.DateOnly, since); err == nil {
			since = p.Date(t)
		}
		return p.Msg("health-dormant", since)
	}
	return r.Text
}

// spanMsg says a reason whose params carry a span (n and unit) with the
// message prefix+unit ("health-no-activity-months"): one message per unit,
// so that each language can decline the unit as its sentence needs.
func spanMsg(p *i18n.Printer, prefix string, params map[string]any) string {
	unit, _ := param[string](params, "unit")
	switch wikicities.SpanUnit(unit) {
	case wikicities.SpanDays, wikicities.SpanWeeks, wikicities.SpanMonths, wikicities.SpanYears:
	default:
		unit = string(wikicities.SpanDays)
	}
	return p.Msg(prefix+unit, paramInt(params, "n"))
}

// HealthStatus names the verdict of a health assessment.
func HealthStatus(p *i18n.Printer, s health.Status) string {
	switch s {
	case health.StatusNotScored:
		return p.Msg("health-status-not-scored")
	case health.StatusClosed:
		return p.Msg("health-status-closed")
	case health.StatusGettingStarted:
		return p.Msg("health-status-getting-started")
	case health.StatusDoingWell:
		return p.Msg("health-status-doing-well")
	case health.StatusFair:
		return p.Msg("health-status-fair")
	case health.StatusAtRisk:
		return p.Msg("health-at-risk")
	case health.StatusDormant:
		return p.Msg("health-status-dormant")
	}
	return string(s)
}

// HealthSummary joins a report's reasons, or says all is well.
func HealthSummary(p *i18n.Printer, h health.Report) string {
	if len(h.Reasons) == 0 {
		return p.Msg("health-all-well")
	}
	words := make([]string, len(h.Reasons))
	for i, r := range h.Reasons {
		words[i] = HealthReason(p, r)
	}
	return strings.Join(words, p.Msg("semicolon-separator"))
}

// Problem says a validation problem in the reader's language, as a whole
// sentence to show next to its form field; a problem without a kind keeps
// the domain's English message.
func Problem(p *i18n.Printer, e *wikicities.FieldError) string {
	arg := func(i int) any {
		if i < len(e.Params) {
			return e.Params[i]
		}
		return ""
	}
	switch e.Problem {
	case wikicities.ProblemRequired:
		return p.Msg("form-required")
	case wikicities.ProblemTooLong:
		return p.Msg("invalid-too-long", arg(0))
	case wikicities.ProblemOneLine:
		return p.Msg("invalid-one-line")
	case wikicities.ProblemOneLineMax:
		return p.Msg("invalid-one-line-max", arg(0))
	case wikicities.ProblemLength:
		return p.Msg("invalid-length", arg(0), arg(1))
	case wikicities.ProblemTooMany:
		return p.Msg("invalid-too-many", arg(0))
	case wikicities.ProblemNotAllowed:
		if fmt.Sprint(arg(0)) == "" {
			// Nothing chosen is a missing choice, not `"" is not one of them`.
			return p.Msg("form-required")
		}
		return p.Msg("invalid-not-allowed", arg(0))
	case wikicities.ProblemBrokenLink:
		return p.Msg("invalid-broken-link")
	case wikicities.ProblemExpiredLink:
		return p.Msg("invalid-expired-link")
	case wikicities.ProblemNotID:
		return p.Msg("invalid-not-id", arg(0))
	case wikicities.ProblemLanguage:
		return p.Msg("invalid-language", arg(0))
	case wikicities.ProblemSkill:
		return p.Msg("invalid-skill", arg(0))
	case wikicities.ProblemURL:
		return p.Msg("invalid-url", arg(0))
	case wikicities.ProblemEmail:
		return p.Msg("invalid-email", arg(0))
	case wikicities.ProblemQID:
		return p.Msg("invalid-qid", arg(0))
	case wikicities.ProblemMetaPage:
		return p.Msg("invalid-meta-page")
	case wikicities.ProblemNumberRange:
		return p.Msg("invalid-number-range", arg(0), arg(1))
	case wikicities.ProblemDateRange:
		return p.Msg("invalid-date-range", arg(0))
	case wikicities.ProblemBeforeStart:
		return p.Msg("invalid-before-start")
	case wikicities.ProblemNotFuture:
		return p.Msg("invalid-not-future", arg(0))
	case wikicities.ProblemTooFarAhead:
		return p.Msg("invalid-too-far-ahead", arg(0))
	case wikicities.ProblemYearRange:
		return p.Msg("invalid-year-range", arg(0), arg(1), arg(2))
	case wikicities.ProblemSelfPartner:
		return p.Msg("invalid-self-partner")
	case wikicities.ProblemMentorAway:
		until, _ := arg(1).(time.Time)
		return p.Msg("invalid-mentor-away", arg(0), p.Date(until))
	case wikicities.ProblemMentorFull:
		return p.Msg("invalid-mentor-full", arg(0), arg(1))
	case wikicities.ProblemMentorUnavailable:
		return p.Msg("invalid-mentor-unavailable", arg(0), arg(1))
	}
	return p.Msg("form-field-problem", e.Message)
}
