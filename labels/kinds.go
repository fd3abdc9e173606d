package labels

import (
	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
)

// CommunityKind names a kind of community.
func CommunityKind(p *i18n.Printer, k wikicities.CommunityKind) string {
	switch k {
	case wikicities.KindChapter:
		return p.Msg("directory-kind-chapter")
	case wikicities.KindUserGroup:
		return p.Msg("directory-kind-user-group")
	case wikicities.KindLocalGroup:
		return p.Msg("directory-kind-local-group")
	case wikicities.KindWikiClub:
		return p.Msg("directory-kind-wiki-club")
	case wikicities.KindThematic:
		return p.Msg("directory-kind-thematic-organization")
	}
	return string(k)
}

// InstitutionKind names a kind of institution.
func InstitutionKind(p *i18n.Printer, k wikicities.InstitutionKind) string {
	switch k {
	case wikicities.InstMuseum:
		return p.Msg("directory-institution-museum")
	case wikicities.InstLibrary:
		return p.Msg("directory-institution-library")
	case wikicities.InstArchive:
		return p.Msg("directory-institution-archive")
	case wikicities.InstGallery:
		return p.Msg("directory-institution-gallery")
	case wikicities.InstUniversity:
		return p.Msg("directory-institution-university")
	case wikicities.InstSchool:
		return p.Msg("directory-institution-school")
	case wikicities.InstNGO:
		return p.Msg("directory-institution-ngo")
	case wikicities.InstGovernment:
		return p.Msg("directory-institution-government")
	case wikicities.InstCompany:
		return p.Msg("directory-institution-company")
	}
	return string(k)
}
