package index

import (
	"strings"

	"github.com/newsdesk/newsdesk/index/actors"
)

// withPlace adds the country of a report's dateline place ("TOKYO, March
// 3", "Kabul, Afghanistan", "HOMESTEAD, Fla.") to its countries: a report
// filed from a place names it, as a city in its text would. The part
// after a comma (a state, province or country) is read first.
func withPlace(countries []actors.Country, place string) []actors.Country {
	code := placeCountry(place)
	if code == "" {
		return countries
	}
	for _, c := range countries {
		if c.Code == code {
			return countries
		}
	}
	c, ok := actors.CountryByCode(code)
	if !ok {
		return countries
	}
	return append(countries, c)
}

// placeCountry returns the country code of a dateline place, or "".
func placeCountry(place string) string {
	parts := strings.Split(place, ",")
	for i := len(parts) - 1; i >= 0; i-- {
		part := strings.TrimSpace(parts[i])
		if part == "" {
			continue
		}
		if code, ok := stateAbbreviations[strings.ToLower(part)]; ok {
			return code
		}
		if code, ok := actors.CountryOf(part, true); ok {
			return code
		}
	}
	return ""
}

// stateAbbreviations are the abbreviations of US states and Canadian
// provinces that datelines use (AP style: "Fla.", "Ont."). They are read
// in datelines only: in running text "Ill." or "Miss." are words.
var stateAbbreviations = map[string]string{}

func init() {
	for code, list := range map[string]string{
		"US": "Ala. Ariz. Ark. Calif. Colo. Conn. Del. D.C. Fla. Ga. Ill. Ind. Kan. Kans. Ky. La. Md. Mass. Mich. " +
			"Minn. Miss. Mo. Mont. Neb. Nev. N.H. N.J. N.M. N.Y. N.C. N.D. Okla. Ore. Pa. R.I. S.C. S.D. Tenn. " +
			"Tex. Vt. Va. Wash. W.Va. Wis. Wyo.",
		"CA": "Ont. Que. B.C. Alta. Man. Sask. N.S. N.B. Nfld. P.E.I.",
	} {
		for _, a := range strings.Fields(list) {
			stateAbbreviations[strings.ToLower(a)] = code
		}
	}
}
