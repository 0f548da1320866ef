package actors

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"
)

//go:embed data/ner.model.gz
var modelData []byte

// Actors are the people, countries and organisations a report is about.
type Actors struct {
	People        []string  `json:"people"`
	Countries     []Country `json:"countries"`
	Organizations []string  `json:"organizations"`
}

// Mention is one place in a text where an actor is named: Kind is
// "person", "country" or "organization", Value the facet value it counts
// for (a full name, an ISO code, an organisation name).
type Mention struct {
	Kind       string `json:"kind"`
	Start, End int    `json:"-"`
	Value      string `json:"value"`
	// guess marks a name the tagger read as an organisation or an unknown
	// place: if the report names a person so, it is that person.
	guess bool
}

// Mention kinds.
const (
	KindPerson       = "person"
	KindCountry      = "country"
	KindOrganization = "organization"
)

// Extractor finds actors with a tagger model and the gazetteers. It is
// safe for concurrent use.
type Extractor struct {
	g *gazetteer
	m *model
}

// NewExtractor returns an extractor using the given tagger model (as
// written by Train).
func NewExtractor(model []byte) (*Extractor, error) {
	m, err := readModel(model)
	if err != nil {
		return nil, err
	}
	return &Extractor{g: loadOnce(), m: m}, nil
}

// Default returns the extractor with the embedded model, loaded once.
func Default() *Extractor { return defaultExtractor() }

var defaultExtractor = sync.OnceValue(func() *Extractor {
	x, err := NewExtractor(modelData)
	if err != nil {
		// The model is embedded and checked by tests: a build defect.
		panic(fmt.Sprintf("actors: embedded model: %v", err))
	}
	return x
})

// Extract finds the actors named in a report's title and body with the
// embedded model. It is a pure function of its input.
func Extract(title, body string) Actors { return defaultExtractor().Extract(title, body) }

// Extract finds the actors named in a report's title and body.
func (x *Extractor) Extract(title, body string) Actors {
	a, _ := x.Analyze(title, body)
	return a
}

// Analyze returns the actors of a document made of texts (title, body)
// and, for each text, the mentions found in it, in order.
func (x *Extractor) Analyze(texts ...string) (Actors, [][]Mention) {
	d := &document{x: x, people: newTally(), countries: newTally(), orgs: newTally(), hist: docState{},
		words: map[string]*word{}}
	mentions := make([][]Mention, len(texts))
	for i, text := range texts {
		d.text, d.textIndex = text, i
		d.mentions = nil
		for _, s := range sentences(text, Tokenize(text)) {
			d.sentence(s)
		}
		mentions[i] = d.mentions
	}
	d.disambiguate(mentions)
	d.reconcile(mentions)
	d.resolveSingles(mentions)
	return d.result(), mentions
}

// document accumulates mentions across the texts of one report.
type document struct {
	x                       *Extractor
	text                    string
	people, countries, orgs *tally
	singles                 []string // one-word person names, resolved at the end
	hist                    docState
	mentions                []Mention
	textIndex               int         // which of the texts is being read
	ambiguous               []ambiguity // country names that are also places elsewhere
	buf                     []uint32
	words                   map[string]*word // prepared words, by token
}

// ambiguity is a mention of a country name that also names a place in
// another country ("Georgia", a US state).
type ambiguity struct {
	code, alt     string
	text, mention int
}

// span is an entity the tagger found: type and token range.
type span struct {
	typ        uint8
	start, end int
}

func (d *document) sentence(toks []Token) {
	ctx := d.x.g.newSentence(tokenTexts(toks), d.words)
	labels := d.x.m.tag(ctx, d.hist, d.buf)
	spans := spansOf(labels)
	spans = joinNames(toks, spans)
	for i, s := range spans {
		// A name does not run on over a lower-case word that is not part
		// of names ("the Taliban for", "Taliban in Islamabad").
		for k := s.start + 1; k < s.end; k++ {
			if t := toks[k]; t.Word && strings.ToLower(t.Text) == t.Text && !startsDigit(t.Text) && !nameParticles[t.Text] {
				s.end = k
				break
			}
		}
		for s.end-1 > s.start && nameParticles[toks[s.end-1].Text] {
			s.end--
		}
		spans[i] = s
	}
	inside := make([]int, len(toks)) // span index + 1, 0 outside
	for si, s := range spans {
		for k := s.start; k < s.end; k++ {
			inside[k] = si + 1
		}
	}
	g := d.x.g
	for si, s := range spans {
		span := toks[s.start:s.end]
		if ctx.allCaps && len(span) == 1 && !g.known(span) && s.typ != entityType(lBLOC) {
			continue // "QTR", "NET" in a wire headline in capitals: abbreviations, not names
		}
		switch {
		case s.typ != entityType(lBMISC) && s.typ != entityType(lBPER) && !g.known(span) &&
			(rolePhrase(g, toks[s.end:]) || g.firstNamed(span, toks[s.end:])):
			// "Zakharova, the Russian Foreign Ministry spokesperson", "Jordan
			// Henderson": a name introduced by a role, or a first name and
			// a surname, is a person, whatever the tagger guessed.
			d.person(span)
		case s.typ == entityType(lBPER):
			d.person(span)
		case s.typ == entityType(lBORG):
			// "Russian Foreign Ministry": the tagger reads the demonym
			// apart; it belongs to the name.
			if si > 0 && spans[si-1].end == s.start && spans[si-1].typ == entityType(lBMISC) &&
				g.matchesWhole(toks[spans[si-1].start:s.start], kindCountry) {
				span = toks[spans[si-1].start:s.end]
			}
			d.organization(span)
		case s.typ == entityType(lBLOC):
			d.place(span)
		}
	}
	d.gazetteer(toks, spans, inside)
}

// nameParticles are lower-case words found inside names ("Bank of
// England", "Council on Foreign Relations", "Osama bin Laden").
var nameParticles = wordsOf(`al and bin da de del den der di do dos du el for ibn la le of on the van von wa y`)

// roleWords name what a person is, in an appositive after the name.
var roleWords = wordsOf(`adviser advisor aide ambassador analyst author candidate chairman chairwoman chief
coach commander correspondent councillor diplomat director economist editor envoy executive expert fellow
founder governor head journalist judge lawmaker lawyer leader legislator manager mayor member minister
negotiator official officer player politician president professor prosecutor representative researcher
scientist secretary senator singer son daughter wife husband spokesman spokesperson spokeswoman
striker writer`)

// rolePhrase reports whether toks start with an appositive that names a
// role: ", the US special representative", ", a senior fellow".
func rolePhrase(g *gazetteer, toks []Token) bool {
	if len(toks) < 3 || toks[0].Text != "," {
		return false
	}
	switch strings.ToLower(toks[1].Text) {
	case "the", "a", "an":
	default:
		return false
	}
	for _, t := range toks[2:min(len(toks), 9)] {
		if !t.Word {
			return false
		}
		if roleWords[strings.ToLower(t.Text)] || g.titles[t.Text] && !t.Upper() {
			return true
		}
	}
	return false
}

// firstNamed reports whether toks read as a person: two or three
// capitalised words, none a word of organisations or places, and either a
// first name seen in news or a given name followed by a verb people do
// ("Jordan Henderson scored").
func (g *gazetteer) firstNamed(toks, next []Token) bool {
	if len(toks) < 2 || len(toks) > 3 {
		return false
	}
	for _, t := range toks {
		bare := strings.TrimSuffix(t.Text, ".")
		if !t.Word || !t.Upper() || orgCues[bare] || placeCues[bare] || g.common.has(strings.ToLower(t.Text)) {
			return false
		}
	}
	if g.firstNames.has(toks[0].Text) {
		return true
	}
	return g.givenNames.has(toks[0].Text) && len(next) > 0 && personVerbs[next[0].Text]
}

// personVerbs follow a person's name in news copy.
var personVerbs = wordsOf(`added admitted announced argued asked believes claimed denied explained insisted
noted replied said says scored stated told tweeted urged warned wrote`)

// known reports whether the gazetteers know toks as a country, place or
// organisation.
func (g *gazetteer) known(toks []Token) bool {
	parts, _ := expand(toks)
	if n, _ := g.match(parts); n == len(parts) {
		return true
	}
	_, ok := g.places.lookup(normalizeSpace(joinTexts(toks)))
	return ok
}

func joinTexts(toks []Token) string { return strings.Join(tokenTexts(toks), " ") }

// isTitle reports whether a token is a title, hyphenated ones included
// ("Lieutenant-Colonel").
func (g *gazetteer) isTitle(t Token) bool {
	for _, p := range t.Parts() {
		if !g.titles[strings.TrimSuffix(p.Text, ".")] {
			return false
		}
	}
	return t.Word
}

// joinNames merges person spans the tagger cut in two: side by side
// ("Mick" "McCarthy") or across name particles ("Joost" van der
// "Westhuizen").
func joinNames(toks []Token, spans []span) []span {
	out := spans[:0]
	for _, s := range spans {
		if n := len(out); n > 0 && s.typ == entityType(lBPER) && out[n-1].typ == s.typ {
			gap := true
			for k := out[n-1].end; k < s.start; k++ {
				gap = gap && nameParticles[toks[k].Text] && toks[k].Text != "and" && toks[k].Text != "of"
			}
			if gap && toks[s.start].Start-toks[out[n-1].end-1].End <= 1+len(" van der ") {
				out[n-1].end = s.end
				continue
			}
		}
		out = append(out, s)
	}
	return out
}

func tokenTexts(toks []Token) []string {
	texts := make([]string, len(toks))
	for i, t := range toks {
		texts[i] = t.Text
	}
	return texts
}

func spansOf(labels []uint8) []span {
	var out []span
	for i := 0; i < len(labels); i++ {
		if labels[i] == lO {
			continue
		}
		typ := entityType(labels[i])
		j := i + 1
		for j < len(labels) && labels[j] == typ*2 { // the I- label of typ
			j++
		}
		out = append(out, span{typ, i, j})
		i = j - 1
	}
	return out
}

// person records a person span, titles stripped ("Gen John Nicholson").
func (d *document) person(toks []Token) {
	g := d.x.g
	// Keep what follows the last title: "Interior Minister Joachim
	// Brudzinski", "Secretary of State Mike Pompeo".
	for k := len(toks) - 2; k >= 0; k-- {
		if g.isTitle(toks[k]) {
			toks = toks[k+1:]
			break
		}
	}
	// ... and leading ordinary words: "(Secretary of) State Hillary Clinton".
	for len(toks) > 1 && (!toks[0].Word || g.common.has(strings.ToLower(toks[0].Text)) && !g.givenNames.has(toks[0].Text)) {
		toks = toks[1:]
	}
	for len(toks) > 0 && !toks[len(toks)-1].Word {
		toks = toks[:len(toks)-1]
	}
	if len(toks) == 0 || len(toks) > 5 {
		return
	}
	for _, t := range toks {
		if stopwords[t.Text] || g.isTitle(t) || startsDigit(t.Text) {
			return
		}
	}
	if groups[toks[len(toks)-1].Text] {
		return // "Jews", "Roman Catholic"; but "Christian Cullen" is a name
	}
	if last := toks[len(toks)-1].Text; placeCues[last] || orgCues[strings.TrimSuffix(last, ".")] {
		return // "Karl Marx Avenue", "Walt Disney Co": named after a person, not one
	}
	if parts, _ := expand(toks); g.matchesWhole(parts, kindOrg) || g.matchesWhole(parts, kindCountry) {
		return // "Reuter", "Hamas": the gazetteer pass counts what it is
	}
	if len(toks) == 1 && (!toks[0].Upper() || len(toks[0].Text) < 2 || g.countryWords[strings.ToLower(toks[0].Text)]) {
		return
	}
	name := normalizeName(d.text[toks[0].Start:toks[len(toks)-1].End])
	d.mention(KindPerson, toks, name)
	if strings.Contains(name, " ") {
		d.people.add(name)
	} else {
		d.singles = append(d.singles, name)
	}
}

// organization records an organisation span under its alias's canonical
// name when it has one ("al-Qaida" -> "al Qaeda").
func (d *document) organization(toks []Token) {
	if len(toks) > 1 && strings.EqualFold(toks[0].Text, "the") {
		toks = toks[1:]
	}
	// "Walt Disney Co and Glencore Ltd" are two companies.
	for k := 1; k+1 < len(toks); k++ {
		if (toks[k].Text == "and" || toks[k].Text == "&") && orgCues[strings.TrimSuffix(toks[k-1].Text, ".")] {
			d.organization(toks[:k])
			d.organization(toks[k+1:])
			return
		}
	}
	if parts, _ := expand(toks); d.x.g.matchesWhole(parts, kindOrg) {
		_, e := d.x.g.match(parts)
		d.orgs.add(e.value)
		d.mention(KindOrganization, toks, e.value)
		return
	}
	g := d.x.g
	parts, _ := expand(toks)
	// "U.S. Taliban": a country before a known organisation is the
	// country's (the gazetteer pass counts it), the rest the organisation.
	for k := 1; k < len(parts); k++ {
		if n, e := g.match(parts); n == k && e.kind == kindCountry && g.matchesWhole(parts[k:], kindOrg) {
			_, org := g.match(parts[k:])
			d.orgs.add(org.value)
			d.mention(KindOrganization, parts[k:], org.value)
			return
		}
	}
	// "Labour MP Louise Ellman": an organisation, a role, then a person.
	// "King Norodom Sihanouk", "Democrat Walter Mondale": a role, then a person.
	for k := 0; k+1 < len(toks); k++ {
		if g.isTitle(toks[k]) && g.nameLike(toks[k+1:]) {
			if k > 0 {
				d.organization(toks[:k])
			}
			d.person(toks[k+1:])
			return
		}
	}
	if lp := toks[len(toks)-1].Parts(); len(lp) > 1 && strings.ToLower(lp[len(lp)-1].Text) == lp[len(lp)-1].Text {
		return // "US-based", "Saudi-led": an adjective, not a name
	}
	cuesOnly := true
	for _, t := range toks {
		cuesOnly = cuesOnly && orgCues[strings.TrimSuffix(t.Text, ".")]
	}
	if cuesOnly {
		return // "Co Inc.", "Corp.": the tail of a name cut elsewhere
	}
	last := strings.TrimSuffix(toks[len(toks)-1].Text, ".")
	switch {
	case g.matchesWhole(parts, kindCountry):
		return // "US", "American": the country, counted by the gazetteer pass
	case g.titles[last] && !orgCues[last]:
		return // a role ("International Security Director"), not a body
	case looksLikePerson(g, toks):
		d.person(toks)
		return
	}
	name := normalizeSpace(d.text[toks[0].Start:toks[len(toks)-1].End])
	if len(toks) == 1 && (!toks[0].Upper() || stopwords[name]) {
		return
	}
	d.orgs.add(name)
	d.mention(KindOrganization, toks, name)
	if !orgCues[strings.TrimSuffix(last, ".")] {
		d.mentions[len(d.mentions)-1].guess = true
	}
}

// nameLike reports whether toks could be a person's name: capitalised
// words, none a word of organisations, places or countries.
func (g *gazetteer) nameLike(toks []Token) bool {
	for _, t := range toks {
		bare := strings.TrimSuffix(t.Text, ".")
		if !t.Word || !t.Upper() || orgCues[bare] || placeCues[bare] || g.countryWords[strings.ToLower(t.Text)] {
			return false
		}
	}
	return len(toks) > 0
}

// looksLikePerson reports whether a span the tagger read as an
// organisation is written like a person's name: a middle initial between
// two capitalised words ("Sajjan M Gohel") and no organisation word.
func looksLikePerson(g *gazetteer, toks []Token) bool {
	if len(toks) != 3 || !isInitial(toks[1].Text) || !toks[0].Upper() || !toks[2].Upper() {
		return false
	}
	for _, t := range toks {
		if orgCues[strings.TrimSuffix(t.Text, ".")] {
			return false
		}
	}
	return true
}

// place counts a location span that names a region or city for its
// country ("Bavaria" -> DE); country names themselves are left to the
// gazetteer pass.
func (d *document) place(toks []Token) {
	if parts, _ := expand(toks); d.x.g.matchesWhole(parts, kindCountry) {
		return
	}
	name := normalizeSpace(d.text[toks[0].Start:toks[len(toks)-1].End])
	if code, ok := d.x.g.places.lookup(name); ok {
		d.countries.add(code)
		d.mention(KindCountry, toks, code)
		return
	}
	if len(toks) <= 4 && toks[0].Upper() {
		d.mention("", toks, normalizeName(name))
		d.mentions[len(d.mentions)-1].guess = true
	}
}

// gazetteer finds country and organisation aliases anywhere in the
// sentence, inside hyphenated words too ("US-based"). A country word
// inside a person's name is not the country ("Jordan Henderson"), nor is
// one inside a longer place name that is not itself known ("Turkey
// Point"); inside an organisation's name it counts ("Bank of Japan" is
// about Japan).
func (d *document) gazetteer(toks []Token, spans []span, inside []int) {
	g := d.x.g
	parts, orig := expand(toks)
	for i := 0; i < len(parts); {
		if !parts[i].Word {
			i++
			continue
		}
		n, e := g.match(parts[i:])
		if n == 0 {
			i++
			continue
		}
		if s := inside[orig[i]]; s > 0 {
			sp := spans[s-1]
			covers := toks[sp.start].Start == parts[i].Start && toks[sp.end-1].End == parts[i+n-1].End
			// "Turkey Point" (a plant) names no country; "Bank of Japan",
			// "French Foreign Ministry", "U.S. Treasury" and "Japan
			// Airlines" do.
			namedAfter := sp.typ == entityType(lBORG) && e.kind == kindCountry && !e.demonym && !isAcronym(parts[i].Text) &&
				orig[i] == sp.start && orig[i+n-1]+1 < sp.end && !orgCues[strings.TrimSuffix(toks[orig[i+n-1]+1].Text, ".")]
			if sp.typ == entityType(lBPER) || namedAfter ||
				sp.typ == entityType(lBLOC) && !covers && e.kind == kindCountry ||
				sp.typ == entityType(lBORG) && e.kind == kindOrg { // recorded whole as a span
				i += n
				continue
			}
		}
		switch e.kind {
		case kindCountry:
			d.countries.add(e.value)
			d.mention(KindCountry, parts[i:i+n], e.value)
			if alt, ok := g.places.lookup(joinTexts(parts[i : i+n])); ok && alt != e.value && !e.demonym {
				d.ambiguous = append(d.ambiguous, ambiguity{code: e.value, alt: alt, mention: len(d.mentions) - 1, text: d.textIndex})
			}
		case kindOrg:
			d.orgs.add(e.value)
			d.mention(KindOrganization, parts[i:i+n], e.value)
		}
		i += n
	}
}

// expand splits hyphenated tokens into their parts; orig maps each part
// back to its token.
func expand(toks []Token) (parts []Token, orig []int) {
	hyphenated := false
	for _, t := range toks {
		if t.Word && strings.IndexFunc(t.Text, isHyphen) >= 0 {
			hyphenated = true
			break
		}
	}
	if !hyphenated {
		orig = make([]int, len(toks))
		for i := range orig {
			orig[i] = i
		}
		return toks, orig
	}
	for i, t := range toks {
		for _, p := range t.Parts() {
			parts = append(parts, p)
			orig = append(orig, i)
		}
	}
	return parts, orig
}

func (d *document) mention(kind string, toks []Token, value string) {
	d.mentions = append(d.mentions, Mention{Kind: kind, Start: toks[0].Start, End: toks[len(toks)-1].End, Value: value})
}

// disambiguate reads a country name that is also a place elsewhere as
// that place when nothing else in the report points to the country and
// something points to the other one: "Georgia" with Atlanta is the US
// state; "Georgia" with Tbilisi or "Georgian" is the country.
func (d *document) disambiguate(mentions [][]Mention) {
	byCode := map[string]int{}
	for _, a := range d.ambiguous {
		byCode[a.code]++
	}
	for _, a := range d.ambiguous {
		if d.countries.counts[a.code] > byCode[a.code] || d.countries.counts[a.alt] == 0 {
			continue
		}
		d.countries.remove(a.code)
		d.countries.add(a.alt)
		mentions[a.text][a.mention].Value = a.alt
	}
}

// reconcile turns the tagger's guesses into people where the report names
// a person so elsewhere ("Yasser Arafat 's call" read as an organisation
// once, as a person everywhere else), and drops the other unknown places.
func (d *document) reconcile(mentions [][]Mention) {
	known := map[string]bool{}
	for _, n := range d.people.order {
		known[n] = true
	}
	for _, n := range d.singles {
		known[n] = true
	}
	full := fullNames(d.people.order)
	for t, ms := range mentions {
		kept := ms[:0]
		for _, m := range ms {
			if m.guess {
				name := normalizeName(m.Value)
				words := strings.Fields(name)
				// Known as a person, or a first name and the surname of a
				// person named elsewhere ("Muammar Gaddafi", later "Gaddafi").
				if known[name] || len(words) == 1 && full[name] != "" ||
					len(words) == 2 && known[words[1]] && d.x.g.nameLike(Tokenize(name)) {
					if m.Kind == KindOrganization {
						d.orgs.remove(m.Value)
					}
					m.Kind, m.Value = KindPerson, name
					if strings.Contains(name, " ") {
						d.people.add(name)
					} else {
						d.singles = append(d.singles, name)
					}
				}
			}
			if m.Kind != "" {
				kept = append(kept, m)
			}
		}
		mentions[t] = kept
	}
}

// resolveSingles counts a one-word name as the full name it is part of
// elsewhere in the report ("Putin" -> "Vladimir Putin", "Boris" -> "Boris
// Johnson"); a name given only as one word stays as it is ("Zakharova").
// Mentions are updated to the resolved value.
func (d *document) resolveSingles(mentions [][]Mention) {
	full := fullNames(d.people.order)
	dropped := map[string]bool{}
	for _, s := range d.singles {
		if name, ok := full[s]; ok {
			d.people.add(name)
		} else if !d.x.g.common.has(strings.ToLower(s)) && !d.x.g.places.has(s) {
			d.people.add(s)
		} else {
			// A lone capitalised word that is an ordinary English word
			// ("Policy") or a known place ("Venice") is not a name on its own.
			dropped[s] = true
		}
	}
	for t, ms := range mentions {
		kept := ms[:0]
		for _, m := range ms {
			if m.Kind == KindPerson && !strings.Contains(m.Value, " ") {
				if name, ok := full[m.Value]; ok {
					m.Value = name
				} else if dropped[m.Value] {
					continue
				}
			}
			kept = append(kept, m)
		}
		mentions[t] = kept
	}
}

// fullNames maps the last and the first word of each multi-word name to
// the name (the first name listed wins).
func fullNames(names []string) map[string]string {
	full := map[string]string{}
	for _, name := range names {
		parts := strings.Fields(name)
		if len(parts) < 2 {
			continue
		}
		for _, p := range []string{parts[len(parts)-1], parts[0]} {
			if _, taken := full[p]; !taken {
				full[p] = name
			}
		}
	}
	return full
}

func (d *document) result() Actors {
	a := Actors{People: d.people.sorted(), Organizations: d.orgs.sorted(), Countries: []Country{}}
	for _, code := range d.countries.sorted() {
		if c, ok := d.x.g.countries[code]; ok {
			a.Countries = append(a.Countries, c)
		}
	}
	if a.People == nil {
		a.People = []string{}
	}
	if a.Organizations == nil {
		a.Organizations = []string{}
	}
	return a
}

// PeopleFacet applies the people-facet rule to the person names found in
// one document: names normalised, one-word names counted as the full name
// they are part of, duplicates removed. Evaluation uses it to turn gold
// annotations into facet values the same way Extract does.
func PeopleFacet(names []string) []string {
	norm := make([]string, len(names))
	var multi []string
	for i, n := range names {
		norm[i] = normalizeName(n)
		if strings.Contains(norm[i], " ") {
			multi = append(multi, norm[i])
		}
	}
	full := fullNames(multi)
	seen := map[string]bool{}
	var out []string
	for _, n := range norm {
		if f, ok := full[n]; ok && !strings.Contains(n, " ") {
			n = f
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// CountryOf returns the country a name refers to: a country name, alias,
// demonym or capital; with place, also a region or city.
func CountryOf(name string, place bool) (string, bool) {
	g := loadOnce()
	key := strings.ToLower(normalizeSpace(name))
	if code, ok := g.byName[key]; ok {
		return code, true
	}
	if place {
		return g.places.lookup(key)
	}
	return "", false
}

// normalizeName writes a name the same way wherever it appears: single
// spaces, straight apostrophes, and names in capitals (wire headlines)
// in title case.
func normalizeName(s string) string {
	return TitleCase(strings.ReplaceAll(s, "’", "'"))
}

// TitleCase turns a name written in capitals ("SAN SALVADOR", as wire
// copy writes datelines and headlines) into the usual form ("San
// Salvador"); other spellings keep their case. Spaces are normalised.
func TitleCase(s string) string {
	s = normalizeSpace(s)
	if s != strings.ToUpper(s) {
		return s
	}
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}

// matchesWhole reports whether an alias of the given kind spans all of toks.
func (g *gazetteer) matchesWhole(toks []Token, k kind) bool {
	n, e := g.match(toks)
	return n == len(toks) && e.kind == k
}

// match returns the number of tokens of the longest alias at the start of
// toks, and what it names.
func (g *gazetteer) match(toks []Token) (int, entity) {
	if !toks[0].Upper() && !g.lowerStarts[toks[0].Text] {
		return 0, entity{} // aliases start with a capital, but for "al"
	}
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
		if i > 0 && !toks[i].Word {
			return false
		}
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

func (t *tally) remove(v string) {
	if t.counts[v]--; t.counts[v] > 0 {
		return
	}
	delete(t.counts, v)
	for i, o := range t.order {
		if o == v {
			t.order = append(t.order[:i], t.order[i+1:]...)
			break
		}
	}
}

// sorted returns the values, most mentioned first, ties in order of first
// mention.
func (t *tally) sorted() []string {
	out := append([]string(nil), t.order...)
	sort.SliceStable(out, func(i, j int) bool { return t.counts[out[i]] > t.counts[out[j]] })
	return out
}

func normalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
