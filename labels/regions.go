package labels

import (
	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/twins"
)

// Region names a world region of the reports (twins.Region).
func Region(p *i18n.Printer, r twins.Region) string {
	switch r {
	case twins.RegionCEE:
		return p.Msg("region-cee")
	case twins.RegionESEAP:
		return p.Msg("region-eseap")
	case twins.RegionLAC:
		return p.Msg("region-lac")
	case twins.RegionMENA:
		return p.Msg("region-mena")
	case twins.RegionNA:
		return p.Msg("region-na")
	case twins.RegionNWE:
		return p.Msg("region-nwe")
	case twins.RegionSA:
		return p.Msg("region-sa")
	case twins.RegionSSA:
		return p.Msg("region-ssa")
	}
	return p.Msg("region-unknown")
}

// CommunityStatus names a community's life state.
func CommunityStatus(p *i18n.Printer, s wikicities.Status) string {
	switch s {
	case wikicities.StatusActive:
		return p.Msg("directory-status-active")
	case wikicities.StatusDormant:
		return p.Msg("directory-status-dormant")
	case wikicities.StatusClosed:
		return p.Msg("directory-status-closed")
	}
	return string(s)
}
