package wikicities

import "strings"

// languageCodes are the Wikimedia language codes WikiCities accepts: the
// codes of the Wikipedia language editions and of the other projects'
// languages, plus the variant and special codes communities use ("zh-hans",
// "be-tarask", "simple", "sr-el", "mul"). Codes are lower case.
var languageCodes = map[string]bool{}

func init() {
	for _, c := range strings.Fields(wikimediaLanguages) {
		languageCodes[c] = true
	}
}

// ValidLanguage reports whether code is a known Wikimedia language code.
// Matching ignores case: "zh-Hans" is "zh-hans".
func ValidLanguage(code string) bool { return languageCodes[strings.ToLower(code)] }

// LanguageCodes returns how many language codes are known.
func LanguageCodes() int { return len(languageCodes) }

// KnownLanguages returns the known language codes in the order of the list
// (by code), for pickers that offer them by name.
func KnownLanguages() []string { return strings.Fields(wikimediaLanguages) }

const wikimediaLanguages = `
aa ab ace ady af ak als alt am ami an ang anp ar arc ary arz as ast atj av avk awa ay az azb
ba ban bar bat-smg bbc bcl bdr be be-tarask be-x-old bew bg bh bi bjn blk bm bn bo bpy br bs bug bxr
ca cbk-zam cdo ce ceb ch cho chr chy ckb co cr crh cs csb cu cv cy
da dag de de-at de-ch dga din diq dsb dtp dty dv dz
ee el eml en en-ca en-gb eo es et eu ext
fa fat ff fi fiu-vro fj fo fon fr frp frr fur fy
ga gag gan gcr gd gl glk gn gom gor got gpe gsw gu guc gur guw gv
ha hak haw he hi hif ho hr hsb ht hu hy hyw hz
ia iba id ie ig igl ii ik ilo inh io is it iu
ja jam jbo jv
ka kaa kab kbd kbp kcg kg kge kgp ki kj kk kl km kn knc ko koi kr krc ks ksh ku kus kv kw ky
la lad lb lbe lez lfn lg li lij lld lmo ln lo lrc lt ltg lus lv
mad mai map-bms mdf mg mh mhr mi min mk ml mn mni mnw mos mr mrj ms mt mus mwl my myv mzn
na nah nan nap nds nds-nl ne new ng nia nl nn no nov nqo nr nrm nso nup nv ny
oc olo om or os
pa pag pam pap pcd pcm pdc pfl pi pih pl pms pnb pnt ps pt pt-br pwn
qu quc
rki rm rmy rn ro roa-rup roa-tara rsk ru rue rup rw
sa sah sat sc scn sco sd se sg sgs sh shi shn shy-latn si simple sk skr sl sm smn sn so sq sr sr-ec sr-el srn ss st stq su sv sw syl szl szy
ta tay tcy tdd te tet tg th ti tig tk tl tly tn to tok tpi tr trv ts tt tum tw ty tyv
udm ug uk ur uz
ve vec vep vi vls vo vro
wa war wo wuu
xal xh xmf
yi yo yue
za zea zgh zh zh-classical zh-cn zh-hans zh-hant zh-hk zh-min-nan zh-mo zh-my zh-sg zh-tw zh-yue zu
mul
`
