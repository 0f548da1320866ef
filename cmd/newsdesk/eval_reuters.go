package main

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/index/actors"
)

// reutersResult is the recall of Reuters-21578's own people and places
// annotations. They name a story's subjects, not everyone it mentions,
// so only recall means anything.
type reutersResult struct {
	reports                  int // reports with a body and an annotation
	people, countries        prf
	peopleAbsent, unmappable int
	unmapped                 map[string]int
}

func (r reutersResult) print(w io.Writer, name string) {
	_, pr, _ := r.people.scores()
	_, cr, _ := r.countries.scores()
	fmt.Fprintf(w, "%s (%d reports)\tpeople recall\t\t%.3f\t\t\n", name, r.reports, pr)
	fmt.Fprintf(w, "%s (%d reports)\tcountry recall\t\t%.3f\t\t\n", name, r.reports, cr)
}

// evalReuters extracts the actors of every Reuters-21578 report that has
// a body and people or places annotated, as indexing does, and counts
// how many annotated people and countries the facets hold. A person
// counts as found when a facet name ends with the annotation's surname
// ("james-baker" and "James Baker", "reagan" and "Ronald Reagan");
// annotated people whose surname the text never uses are left out. Place
// codes are read as names ("west-germany"); the few that name no country
// (regions, former states) are left out.
func evalReuters(x *actors.Extractor, path string, show int, w io.Writer) (reutersResult, error) {
	res := reutersResult{unmapped: map[string]int{}}
	type annotations struct {
		People []string `json:"people"`
		Places []string `json:"places"`
	}
	shown := 0
	err := eachExtracted(x, path, func(line []byte) bool {
		var gold annotations
		return json.Unmarshal(line, &gold) == nil && (len(gold.People) > 0 || len(gold.Places) > 0)
	}, func(line []byte, report index.Report) error {
		if report.Body == "" {
			return nil
		}
		var gold annotations
		json.Unmarshal(line, &gold)
		res.reports++
		text := strings.ToLower(report.Title + "\n" + report.Body)

		foundPeople := map[string]bool{}
		for _, p := range report.People {
			foundPeople[surname(p)] = true
		}
		for _, code := range gold.People {
			last := surname(code)
			if !regexp.MustCompile(`\b` + regexp.QuoteMeta(last) + `\b`).MatchString(text) {
				res.peopleAbsent++
				continue
			}
			res.people.gold++
			if foundPeople[last] {
				res.people.tp++
			} else if shown < show {
				shown++
				fmt.Fprintf(w, "%s: person %q not found (people: %s)\n", report.ID, code, strings.Join(report.People, "; "))
			}
		}

		foundCountries := map[string]bool{}
		for _, c := range report.Countries {
			foundCountries[c.Code] = true
		}
		for _, place := range gold.Places {
			code, ok := actors.CountryOf(strings.ReplaceAll(place, "-", " "), true)
			if !ok {
				res.unmappable++
				res.unmapped[place]++
				continue
			}
			res.countries.gold++
			if foundCountries[code] {
				res.countries.tp++
			} else if shown < show {
				shown++
				fmt.Fprintf(w, "%s: country %s (%s) not found (countries: %v) in %q, dateline %q\n", report.ID, code,
					place, report.Countries, report.Title, report.Dateline)
			}
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	if show > 0 && len(res.unmapped) > 0 {
		var names []string
		for p, n := range res.unmapped {
			names = append(names, fmt.Sprintf("%s (%d)", p, n))
		}
		sort.Strings(names)
		fmt.Fprintf(w, "place codes that name no country, left out: %s\n", strings.Join(names, ", "))
	}
	return res, nil
}

// surname is the last word of a name or annotation code, lower-cased.
func surname(name string) string {
	words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == ' ' || r == '-' || r == '.' })
	if len(words) == 0 {
		return ""
	}
	return words[len(words)-1]
}
