package actors

import (
	"sort"
	"strings"
	"unicode"
)

// Actors are the people, countries and organisations a report is about.
type Actors struct {
	People        []string  `json:"people"`
	Countries     []Country `json:"countries"`
	Organizations []string  `json:"organizations"`
}

// Extract finds the actors named in a report's title and body. It is a
// pure function of its input and safe for concurrent use.
func Extract(title, body string) Actors {
	g := loadOnce()
	d := newDocument()
	for _, text := range []string{title, body} {
		d.scan(g, text, Tokenize(text))
	}
	return d.result(g)
}

// document accumulates mentions across the title and the body.
type document struct {
	people    *tally
	countries *tally
	orgs      *tally
	surnames  []string // single-word person mentions, resolved at the end
}

func newDocument() *document {
	return &document{people: newTally(), countries: newTally(), orgs: newTally()}
}

func (d *document) scan(g *gazetteer, text string, toks []Token) {
	for i := 0; i < len(toks); {
		// Runs start at a capital, or at "al" ("al Qaeda", "al-Shabab").
		if !toks[i].Word || !toks[i].Upper() && toks[i].Text != "al" {
			i++
			continue
		}
		run := capitalRun(toks, i)
		d.classify(g, text, toks[i:run], toks[run:])
		i = run
	}
}

// classify decides what a run of capitalised words names. Aliases are
// matched inside it first; the rest may be a person or an organisation.
func (d *document) classify(g *gazetteer, text string, run, next []Token) {
	if len(run) == 0 {
		return
	}
	if isOrgRun(run) {
		start := 0
		if run[0].Text == "The" {
			start = 1
		}
		if start < len(run) {
			d.orgs.add(normalizeSpace(text[run[start].Start:run[len(run)-1].End]))
		}
		d.matchAliases(g, run, false)
		return
	}
	if name, ok := personName(g, text, run, next); ok {
		if strings.Contains(name, " ") {
			d.people.add(name)
		} else {
			d.surnames = append(d.surnames, name)
		}
		return
	}
	d.matchAliases(g, run, true)
}

// matchAliases records the countries and organisations named by aliases
// in run. With rest, unmatched single words are kept as possible surnames.
func (d *document) matchAliases(g *gazetteer, run []Token, rest bool) {
	for i := 0; i < len(run); {
		n, e := g.match(run[i:])
		switch {
		case n == 0:
			if rest && len(run) == 1 && !run[0].Hyphen {
				d.surnames = append(d.surnames, run[0].Text)
			}
			i++
			continue
		case e.kind == kindCountry:
			d.countries.add(e.value)
		case e.kind == kindOrg:
			d.orgs.add(e.value)
		}
		i += n
	}
}

// match returns the number of tokens of the longest alias at the start of
// toks, and what it names.
func (g *gazetteer) match(toks []Token) (int, entity) {
	for _, a := range g.aliases[strings.ToLower(toks[0].Text)] {
		if len(a.tokens) <= len(toks) && aliasMatches(a.tokens, toks) {
			return len(a.tokens), a.entity
		}
	}
	return 0, entity{}
}

func aliasMatches(want []string, toks []Token) bool {
	for i, w := range want {
		t := toks[i].Text
		if isAcronym(w) {
			if t != w {
				return false
			}
			continue
		}
		if !strings.EqualFold(t, w) {
			return false
		}
		if startsUpper(w) && !toks[i].Upper() {
			return false
		}
	}
	return true
}

// isAcronym reports whether w is written in capitals ("US", "NATO",
// "U.S."): such aliases match only in capitals, so "us" and "who" do not.
func isAcronym(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2 && len(w) <= 6
}

func startsUpper(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}

func (d *document) result(g *gazetteer) Actors {
	d.resolveSurnames()
	a := Actors{People: d.people.sorted(), Organizations: d.orgs.sorted()}
	for _, code := range d.countries.sorted() {
		a.Countries = append(a.Countries, g.countries[code])
	}
	if a.People == nil {
		a.People = []string{}
	}
	if a.Countries == nil {
		a.Countries = []Country{}
	}
	if a.Organizations == nil {
		a.Organizations = []string{}
	}
	return a
}

// resolveSurnames counts a lone surname ("Putin") as a mention of the full
// name used elsewhere in the report ("Vladimir Putin"). Unresolved single
// words are dropped: a facet value needs a full name.
func (d *document) resolveSurnames() {
	for _, s := range d.surnames {
		for _, full := range d.people.order {
			if strings.HasSuffix(full, " "+s) {
				d.people.add(full)
				break
			}
		}
	}
}

// tally counts values and remembers first-seen order.
type tally struct {
	counts map[string]int
	order  []string
}

func newTally() *tally { return &tally{counts: map[string]int{}} }

func (t *tally) add(v string) {
	if t.counts[v] == 0 {
		t.order = append(t.order, v)
	}
	t.counts[v]++
}

// sorted returns the values, most mentioned first, ties in order of first
// mention.
func (t *tally) sorted() []string {
	out := append([]string(nil), t.order...)
	sort.SliceStable(out, func(i, j int) bool { return t.counts[out[i]] > t.counts[out[j]] })
	return out
}

func normalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
