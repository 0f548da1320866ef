package actors

import (
	"bufio"
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"
)

var (
	//go:embed data/countries.tsv
	countriesTSV string
	//go:embed data/aliases.tsv
	aliasesTSV string
	//go:embed data/titles.txt
	titlesTXT string
	//go:embed data/firstnames.txt
	firstNamesTXT string
	//go:embed data/givennames.txt
	givenNamesTXT string
	//go:embed data/places.tsv
	placesTSV string
	//go:embed data/commonwords.txt
	commonWordsTXT string
)

// Country is a country named in a report: ISO 3166-1 alpha-2 code and
// English short name.
type Country struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// entity is what an alias resolves to.
type entity struct {
	kind    kind
	value   string // country code or organisation display name
	demonym bool   // "Russian", not "Russia"
}

type kind uint8

const (
	kindCountry kind = iota + 1
	kindOrg
)

// gazetteer holds the embedded lists, parsed once.
type gazetteer struct {
	countries map[string]Country // by code
	byName    map[string]string  // lower-case name or alias -> code
	aliases   map[string][]alias // first token (lower) -> aliases starting with it
	// aliasStarts has a bit set for the hash of every first token of an
	// alias: most words start none, and the bit says so without the cost
	// of lower-casing the word for the map.
	aliasStarts [1 << 10]uint64
	titles      map[string]bool
	// firstNames are first names seen in news (GMB); givenNames a long
	// list of given names from name registers, some of them also words or
	// places ("North"): a tagger feature, not proof of a name.
	firstNames, givenNames nameSet
	// countryWords are the lower-case words of country names, aliases and
	// demonyms, a feature of the tagger.
	countryWords map[string]bool
	// nationals are the demonyms of countries ("Australian", "French"),
	// which lead a name but are no part of it.
	nationals map[string]bool
	// places maps region and city names to country codes.
	places placeIndex
	// common are English words written in lower case ("policy").
	common nameSet
	// lowerStarts are the lower-case words that begin an alias ("al");
	// lowerLens has bit n set when one of them is n bytes long, which
	// rules out most words without a lookup.
	lowerStarts map[string]bool
	lowerLens   uint64
}

// alias is one surface form, as tokens.
type alias struct {
	tokens []string // as written in the list
	entity entity
}

var loadOnce = sync.OnceValue(func() *gazetteer {
	g, err := parseGazetteer()
	if err != nil {
		// The data is embedded and checked by tests; a failure here is a
		// build defect, not a run-time condition.
		panic(fmt.Sprintf("actors: embedded data: %v", err))
	}
	return g
})

func parseGazetteer() (*gazetteer, error) {
	g := &gazetteer{
		countries:    map[string]Country{},
		byName:       map[string]string{},
		aliases:      map[string][]alias{},
		titles:       wordSet(titlesTXT),
		firstNames:   newNameSet(wordList(firstNamesTXT)),
		givenNames:   newNameSet(append(wordList(givenNamesTXT), wordList(firstNamesTXT)...)),
		countryWords: map[string]bool{},
		nationals:    map[string]bool{},
		common:       newNameSet(wordList(commonWordsTXT)),
		lowerStarts:  map[string]bool{},
	}
	var placeNames, placeCodes []string
	err := eachRow(countriesTSV, func(f []string) error {
		if len(f) < 2 {
			return fmt.Errorf("countries.tsv: short row %q", f)
		}
		g.countries[f[0]] = Country{Code: f[0], Name: f[1]}
		g.byName[strings.ToLower(f[0])] = f[0]
		for _, name := range f[1:] {
			if capital, ok := strings.CutPrefix(name, "^"); ok {
				// A capital that is also a given name or a word ("Douglas",
				// "Victoria", "Kingston") counts only where the tagger
				// reads a place.
				if g.givenNames.has(capital) || g.common.has(strings.ToLower(capital)) {
					placeNames, placeCodes = append(placeNames, capital), append(placeCodes, f[0])
					for _, w := range strings.Fields(strings.ToLower(capital)) {
						g.countryWords[w] = true // still a word of a country, for the tagger
					}
					continue
				}
				name = capital
			}
			g.addAlias(name, entity{kind: kindCountry, value: f[0]})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var regionNames, regionCodes []string
	err = eachRow(aliasesTSV, func(f []string) error {
		if len(f) < 3 {
			return fmt.Errorf("aliases.tsv: short row %q", f)
		}
		var e entity
		switch f[0] {
		case "country":
			if _, ok := g.countries[f[1]]; !ok {
				return fmt.Errorf("aliases.tsv: unknown country code %q", f[1])
			}
			e = entity{kind: kindCountry, value: f[1]}
		case "organization":
			e = entity{kind: kindOrg, value: f[1]}
		case "region":
			for _, name := range f[2:] {
				regionNames, regionCodes = append(regionNames, name), append(regionCodes, f[1])
			}
			return nil
		default:
			return fmt.Errorf("aliases.tsv: unknown kind %q", f[0])
		}
		for _, name := range f[2:] {
			g.addAlias(name, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(placesTSV, func(f []string) error {
		if len(f) != 2 {
			return fmt.Errorf("places.tsv: bad row %q", f)
		}
		placeNames, placeCodes = append(placeNames, f[0]), append(placeCodes, f[1])
		return nil
	})
	if err != nil {
		return nil, err
	}
	g.places = newPlaceIndex(append(placeNames, regionNames...), append(placeCodes, regionCodes...))
	for _, list := range g.aliases {
		// Longest first, so matching is greedy.
		sort.SliceStable(list, func(i, j int) bool { return len(list[i].tokens) > len(list[j].tokens) })
	}
	return g, nil
}

func (g *gazetteer) addAlias(name string, e entity) {
	if strings.HasPrefix(name, "@") {
		name, e.demonym = name[1:], true
		for _, d := range strings.Split(name, ",") {
			if d = strings.TrimSpace(d); d != "" && !strings.Contains(d, " ") {
				g.nationals[d], g.nationals[d+"s"] = true, true
			}
		}
	}
	parts, _ := expand(Tokenize(name))
	words := make([]string, 0, len(parts))
	for _, t := range parts {
		if t.Word {
			words = append(words, t.Text)
		}
	}
	if len(words) == 0 {
		return
	}
	if e.kind == kindCountry {
		g.byName[strings.ToLower(name)] = e.value
		for _, w := range words {
			g.countryWords[strings.ToLower(w)] = true
		}
	}
	key := strings.ToLower(words[0])
	g.aliases[key] = append(g.aliases[key], alias{tokens: words, entity: e})
	h := hashLower(key)
	g.aliasStarts[h>>6%uint32(len(g.aliasStarts))] |= 1 << (h & 63)
	if !startsUpper(words[0]) {
		g.lowerStarts[words[0]] = true
		g.lowerLens |= 1 << min(len(words[0]), 63)
	}
}

func eachRow(data string, fn func([]string) error) error {
	sc := bufio.NewScanner(strings.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := fn(strings.Split(line, "\t")); err != nil {
			return err
		}
	}
	return sc.Err()
}

func wordSet(data string) map[string]bool {
	set := map[string]bool{}
	for _, w := range wordList(data) {
		set[w] = true
	}
	return set
}

func wordList(data string) []string {
	var out []string
	for _, line := range strings.Split(data, "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// LookupCountry resolves an ISO code ("RU", "ru") or an English name or
// alias ("Russia", "Russian Federation") to a country.
func LookupCountry(s string) (Country, bool) {
	g := loadOnce()
	s = strings.TrimSpace(s)
	if c, ok := g.countries[strings.ToUpper(s)]; ok && len(s) == 2 {
		return c, true
	}
	if code, ok := g.byName[strings.ToLower(s)]; ok {
		return g.countries[code], true
	}
	return Country{}, false
}

// CountryByCode returns the country with the given ISO alpha-2 code.
func CountryByCode(code string) (Country, bool) {
	c, ok := countriesByCode()[strings.ToUpper(code)]
	return c, ok
}

// countriesByCode are the countries alone: a server naming its hits'
// countries needs neither the gazetteer's names and places nor the time
// to load them.
var countriesByCode = sync.OnceValue(func() map[string]Country {
	m := map[string]Country{}
	eachRow(countriesTSV, func(f []string) error {
		if len(f) >= 2 {
			m[f[0]] = Country{Code: f[0], Name: f[1]}
		}
		return nil
	})
	return m
})

// IsTitle reports whether a word is a title or honorific ("Gen",
// "President", "Mr.", "Director-General"), as stripped from person names.
func IsTitle(w string) bool {
	toks := Tokenize(w)
	return len(toks) == 1 && loadOnce().isTitle(toks[0])
}

// lowerStart reports whether w is a lower-case word that begins an alias.
func (g *gazetteer) lowerStart(w string) bool {
	return g.lowerLens&(1<<min(len(w), 63)) != 0 && g.lowerStarts[w]
}
