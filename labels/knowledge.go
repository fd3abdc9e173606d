package labels

import (
	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/mentoring"
	"github.com/wikicities/wikicities/training"
)

// MentoringReason says one reason of a mentor suggestion in the reader's
// language; capacity names a capacity code (the vocabulary's label in the
// reader's language).
func MentoringReason(p *i18n.Printer, r wikicities.Reason, capacity func(code string) string) string {
	switch r.Code {
	case mentoring.ReasonCapacity:
		codes := paramStrings(r.Params, "capacities")
		names := make([]string, len(codes))
		for i, c := range codes {
			names[i] = capacity(c)
		}
		return p.Msg("mentoring-reason-capacity", JoinWords(p, names))
	case mentoring.ReasonPartners:
		return p.Msg("mentoring-reason-partners")
	case mentoring.ReasonSameCity:
		return p.Msg("mentoring-reason-same-city")
	case mentoring.ReasonTwinCity:
		return p.Msg("mentoring-reason-twin-city")
	case mentoring.ReasonLanguages:
		langs := paramStrings(r.Params, "languages")
		names := make([]string, len(langs))
		for i, l := range langs {
			names[i] = Language(p, l)
		}
		return p.Msg("mentoring-reason-languages", JoinWords(p, names))
	case mentoring.ReasonDistance:
		return p.Msg("mentoring-reason-distance", p.Num(paramInt(r.Params, "km")))
	}
	return r.Text
}

// ResourceReason says one reason of a resource recommendation in the
// reader's language.
func ResourceReason(p *i18n.Printer, r wikicities.Reason) string {
	switch r.Code {
	case training.ReasonWantedSkill:
		code, _ := param[string](r.Params, "skill")
		return p.Msg("resource-reason-skill", Skill(p, code, code))
	case training.ReasonResponsibility:
		resp, _ := param[string](r.Params, "responsibility")
		return p.Msg("resource-reason-responsibility", resp)
	case training.ReasonLanguage:
		l, _ := param[string](r.Params, "language")
		return p.Msg("resource-reason-language", Language(p, l))
	case training.ReasonUsed:
		return p.Msg("resource-reason-used", paramInt(r.Params, "uses"))
	}
	return r.Text
}
