package actors

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// nameParticles are lower-case words found inside names ("Bank of
// England", "Council on Foreign Relations", "Osama bin Laden").
var nameParticles = wordsOf(`al and bin da de del den der di do dos du el for ibn la le of on the van von wa y`)

// roleWords name what a person is, in an appositive after the name.
var roleWords = wordsOf(`actor actress adviser advisor aide ambassador analyst artist athlete broadcaster
businessman businesswoman comedian composer entrepreneur filmmaker footballer golfer musician novelist
photographer podcaster rapper reporter assemblyman assemblywoman author candidate chairman chairwoman chief
congressman congresswoman councilman councilwoman
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

// roleNamed reports whether a span reads as a person from the words
// around it: a role in lower case before it and a verb people do after it
// ("opposition leader Aung San Suu Kyi said").
func roleNamed(before, next []Token) bool {
	return len(before) > 0 && len(next) > 0 && roleWords[before[len(before)-1].Text] && personVerbs[next[0].Text]
}

// firstNamed reports whether toks read as a person: two or three
// capitalised words, none a word of organisations or places, and either a
// first name seen in news or a given name followed by a verb people do
// ("Jordan Henderson scored").
func (g *gazetteer) firstNamed(toks, next []Token) bool {
	if !g.nameShaped(toks) {
		return false
	}
	if g.firstNames.has(toks[0].Text) {
		return true
	}
	return g.givenNames.has(toks[0].Text) && len(next) > 0 && personVerbs[next[0].Text]
}

// storms name the storms that come before a storm's name.
var storms = wordsOf(`Cyclone Hurricane Storm Typhoon`)

// isContraction reports whether w is a pronoun or verb with a clitic
// ("I've", "We'll", "It's", "Don't"): capitalised at the start of a
// sentence or quotation, but never a name ("McDonald's", "O'Brien" and
// "Sa'd" are).
func isContraction(w string) bool {
	i := strings.IndexAny(w, "'’")
	if i <= 0 {
		return false
	}
	_, size := utf8.DecodeRuneInString(w[i:])
	stem, clitic := strings.ToLower(w[:i]), strings.ToLower(w[i+size:])
	switch clitic {
	case "m", "s", "re", "ve", "ll", "d":
		return cliticHosts[stem]
	case "t":
		return strings.HasSuffix(stem, "n") // don't, can't, isn't, won't
	}
	return false
}

// cliticHosts are the words that take "'m", "'s", "'re", "'ve", "'ll", "'d".
var cliticHosts = wordsOf(`i you we they he she it that there here what who where when how let could would should
might must`)

// nameSuffixes make an adjective of a name ("Sanders-backed"); other
// lower-case parts belong to it ("Kang Young-hoon").
var nameSuffixes = wordsOf(`aligned allied backed based born controlled era esque funded led linked owned run style
supported`)

// trimNameEdges drops what sticks to a name's edges in news copy: a role
// in front ("then-U.S.-president" Jimmy Carter, "Podcaster" Spike
// Cohen), a lower-case ending of its last word ("Bernie Sanders-backed")
// and a photo caption's label glued to it ("Jo JorgensenImage").
func trimNameEdges(toks []Token) []Token {
	for len(toks) > 1 && (roleWords[strings.ToLower(toks[0].Text)] ||
		!toks[0].Upper() && toks[0].hyphenated && !isArticleName(toks[0])) {
		toks = toks[1:]
	}
	if len(toks) > 1 && (toks[len(toks)-1].Text == "Image" || toks[len(toks)-1].Text == "Photo") {
		toks = toks[:len(toks)-1]
	}
	if len(toks) == 0 {
		return toks
	}
	last := toks[len(toks)-1]
	cut := len(last.Text)
	if parts := last.Parts(); len(parts) > 1 && nameSuffixes[parts[len(parts)-1].Text] {
		cut = parts[len(parts)-2].End - last.Start // "Sanders-backed" -> "Sanders"
	}
	for _, label := range []string{"Image", "Photo"} {
		if base, ok := strings.CutSuffix(last.Text[:cut], label); ok && base != "" {
			if r, _ := utf8.DecodeLastRuneInString(base); unicode.IsLower(r) {
				cut = len(base) // "JorgensenImage" -> "Jorgensen"
			}
		}
	}
	if cut < len(last.Text) {
		last.Text, last.End = last.Text[:cut], last.Start+cut
		last.hyphenated = strings.ContainsFunc(last.Text, isHyphen)
		toks = append(toks[:len(toks)-1:len(toks)-1], last)
	}
	return toks
}

// nameShaped reports whether toks could be a full name: two or three
// capitalised words, none a word of organisations or places.
func (g *gazetteer) nameShaped(toks []Token) bool {
	return len(toks) >= 2 && len(toks) <= 3 && g.nameWords(toks)
}

// nameWords reports whether toks are capitalised words, none a word of
// organisations or places nor an ordinary word.
func (g *gazetteer) nameWords(toks []Token) bool {
	if len(toks) == 0 {
		return false
	}
	for _, t := range toks {
		bare := strings.TrimSuffix(t.Text, ".")
		if !t.Word || !t.Upper() || orgCues[bare] || isPlaceWord(bare) || g.common.has(strings.ToLower(t.Text)) {
			return false
		}
	}
	return true
}

// nationalNamed reports whether toks are a full name after a noun that
// names a person by nationality: "Frenchman Thierry Lincou", "Briton Tim
// Henman". An adjective ("American Express") is no such proof.
func (g *gazetteer) nationalNamed(toks []Token) bool {
	return len(toks) > 2 && g.nationalNoun(toks[0].Text) && g.nameShaped(toks[1:])
}

// nationalNoun reports whether w names a person by nationality.
func (g *gazetteer) nationalNoun(w string) bool {
	for _, suffix := range []string{"man", "woman", "men", "women"} {
		if stem, ok := strings.CutSuffix(w, suffix); ok && g.nationals[stem] {
			return true // "Frenchman", "Irishwomen"
		}
	}
	return nationalNouns[w]
}

// personVerbs follow a person's name in news copy.
var personVerbs = wordsOf(`added admitted announced argued asked believes claimed denied explained insisted
noted replied said says scored spoke stated testified told tweeted urged warned wrote`)

// localTitles are titles of local and state office that the tagger's
// title list (a feature it was trained with) lacks.
var localTitles = wordsOf(`Alderman Alderwoman Assemblyman Assemblymember Assemblywoman Councilman Councilwoman
Councilor Councillor Leader Legislator Taoiseach Tánaiste Whip`)

// postNominals follow a name but are no part of it ("Kama Melly QC",
// "John Mills Jr").
var postNominals = wordsOf(`CBE Jr Jr. KC MBE MEP MP OBE PhD QC Sr Sr.`)

// isTitle reports whether a token is a title, hyphenated ones included
// ("Lieutenant-Colonel").
func (g *gazetteer) isTitle(t Token) bool {
	for _, p := range t.Parts() {
		bare := strings.TrimSuffix(p.Text, ".")
		if one, ok := strings.CutSuffix(bare, "s"); ok && len(one) > 3 && g.titles[one] {
			bare = one // "Senators Marco Rubio", "Representatives Eliot Engel"
		}
		if !g.titles[bare] && !localTitles[bare] {
			return false
		}
	}
	return t.Word
}

// isCountry reports whether toks name a country, whole.
func (g *gazetteer) isCountry(toks []Token) bool {
	parts, _ := expand(toks)
	return g.matchesWhole(parts, kindCountry)
}

// withoutNationality strips the nationality that leads a name:
// "Englishman Mark Cairns", "Australian Greg Norman".
func (g *gazetteer) withoutNationality(toks []Token) []Token {
	for len(toks) > 1 && (g.nationals[toks[0].Text] || g.nationalNoun(toks[0].Text)) && !g.firstNames.has(toks[0].Text) {
		toks = toks[1:]
	}
	return toks
}

// qualifier counts what qualifies a title before a name: the country,
// place or body in "Nevada Assemblywoman Selena Torres", "U.S. Secretary
// of State ...", "Senate (Minority) Whip ...". Words that qualify the
// title itself ("Foreign", "Minority") are no part of it. A country is
// counted here only when asked (inside a person span, which the gazetteer
// pass skips); inside an organisation span that pass counts it.
func (d *document) qualifier(head []Token, countries bool) {
	g := d.x.g
	for len(head) > 0 && (!head[len(head)-1].Word || g.isTitle(head[len(head)-1]) ||
		g.common.has(strings.ToLower(head[len(head)-1].Text)) && !orgCues[strings.TrimSuffix(head[len(head)-1].Text, ".")]) {
		head = head[:len(head)-1]
	}
	if len(head) == 0 {
		return
	}
	if parts, _ := expand(head); g.matchesWhole(parts, kindCountry) {
		if countries {
			_, e := g.match(parts)
			d.countries.add(e.value)
			d.mention(KindCountry, head, e.value)
		}
		return
	}
	if _, ok := g.places.lookup(joinTexts(head)); ok {
		d.place(head)
		return
	}
	d.organization(head)
}

// person records a person span, titles stripped ("Gen John Nicholson").
func (d *document) person(toks []Token) {
	g := d.x.g
	// Keep what follows the last title: "Interior Minister Joachim
	// Brudzinski", "Secretary of State Mike Pompeo".
	for k := len(toks) - 2; k >= 0; k-- {
		if g.isTitle(toks[k]) {
			d.qualifier(toks[:k], true)
			toks = toks[k+1:]
			break
		}
	}
	toks = g.withoutNationality(toks)
	toks = toks[:g.personEnd(toks, span{end: len(toks)})]
	toks = trimNameEdges(toks)
	// ... and leading ordinary words: "(Secretary of) State Hillary Clinton".
	for len(toks) > 1 && (!toks[0].Word || g.common.has(strings.ToLower(toks[0].Text)) && !g.givenNames.has(toks[0].Text)) {
		toks = toks[1:]
	}
	for len(toks) > 0 && !toks[len(toks)-1].Word {
		toks = toks[:len(toks)-1]
	}
	for len(toks) > 1 && postNominals[toks[len(toks)-1].Text] {
		toks = toks[:len(toks)-1]
	}
	if len(toks) == 0 || len(toks) > 5 {
		return
	}
	if d.titleCase {
		for _, t := range toks[1:] {
			if g.common.has(strings.ToLower(t.Text)) && !g.givenNames.has(t.Text) {
				return // a headline in title case: "Time Warner Profit Dips"
			}
		}
	}
	for i, t := range toks {
		if stopwords[t.Text] || len(toks) == 1 && stopwords[strings.TrimSuffix(t.Text, ".")] || g.isTitle(t) ||
			startsDigit(t.Text) || isContraction(t.Text) ||
			i < len(toks)-1 && storms[t.Text] {
			return // "I've"; "Storm Humberto", "Hurricane Katrina"
		}
	}
	if groups[toks[len(toks)-1].Text] {
		return // "Jews", "Roman Catholic"; but "Christian Cullen" is a name
	}
	if namesAThing(toks) {
		// Companies and clubs count as organisations; places and the
		// rest are not counted here.
		last := toks[len(toks)-1].Text
		if len(toks) > 1 && (orgCues[strings.TrimSuffix(last, ".")] || companyWords[last] || clubEnds[last] ||
			!isPlaceWord(last) && clubWords[toks[0].Text]) {
			d.organization(toks)
		}
		return
	}
	if _, ok := g.places.lookup(joinTexts(toks)); ok && len(toks) > 1 && !g.givenNames.has(toks[0].Text) {
		d.place(toks) // "Tel Aviv": a town the tagger read as a person
		return
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

// nameLike reports whether toks could be a person's name: capitalised
// words, none a word of organisations, places or countries.
func (g *gazetteer) nameLike(toks []Token) bool {
	for i, t := range toks {
		if i > 0 && i < len(toks)-1 && nameParticles[t.Text] && t.Text != "and" && t.Text != "of" {
			continue // "Bill de Blasio"
		}
		bare := strings.TrimSuffix(t.Text, ".")
		if !t.Word || !t.Upper() || orgCues[bare] || isPlaceWord(bare) || g.countryWords[strings.ToLower(t.Text)] {
			return false
		}
	}
	return len(toks) > 0
}

// namesAThing reports whether a span is named after a person but names a
// place, a company, a club or another body, by its edge words: "Karl Marx
// Avenue", "Walt Disney Co", "Real Madrid". person() never counts such a
// span as a person.
func namesAThing(toks []Token) bool {
	last := toks[len(toks)-1].Text
	return isPlaceWord(last) || orgCues[strings.TrimSuffix(last, ".")] || len(toks) > 1 && clubWords[toks[0].Text]
}

// looksLikePerson reports whether a span the tagger read as an
// organisation is written like a person's name: a middle initial between
// two capitalised words ("Sajjan M Gohel") and no organisation word.
func looksLikePerson(g *gazetteer, toks []Token) bool {
	if len(toks) != 3 || !isInitial(toks[1].Text) || !toks[0].Upper() || !toks[2].Upper() {
		return false
	}
	if namesAThing(toks) {
		return false // person() would hand it back: they would call each other without end
	}
	for _, t := range toks {
		if orgCues[strings.TrimSuffix(t.Text, ".")] {
			return false
		}
	}
	return true
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
// Johnson"); a name given only as one word stays as it is ("Zakharova")
// unless it is a word, a place or an organisation's first word.
// Mentions are updated to the resolved value.
func (d *document) resolveSingles(mentions [][]Mention) {
	full := fullNames(d.people.order)
	// The first words of the report's organisations: "Dow" after "The
	// Dow Chemical Co" is the company.
	orgHeads := map[string]bool{}
	for _, o := range d.orgs.order {
		orgHeads[strings.Fields(o)[0]] = true
	}
	dropped := map[string]bool{}
	for _, s := range d.singles {
		if name, ok := full[s]; ok {
			d.people.add(name)
		} else if !d.x.g.common.has(strings.ToLower(s)) && !d.x.g.places.has(s) && !orgHeads[s] {
			d.people.add(s)
		} else {
			// A lone capitalised word that is an ordinary English word
			// ("Policy"), a known place ("Venice") or the head of one of
			// the report's organisations ("Dow") is not a name on its own.
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

// mergeVariants counts a name written two ways once, under its fullest
// form: without a middle initial ("Brian Carroll" for "Brian T.
// Carroll") or as a surname with its particle ("Van Biljon" for "Leon
// van Biljon"). A variant that fits more than one name stays as it is.
func (d *document) mergeVariants(mentions [][]Mention) {
	to := variants(d.people.order)
	for from, target := range to {
		d.people.merge(from, target)
	}
	for _, ms := range mentions {
		for i, m := range ms {
			if target, ok := to[m.Value]; ok && m.Kind == KindPerson {
				ms[i].Value = target
			}
		}
	}
}

// variants maps each multi-word name that is a shorter way of writing
// exactly one other name to that name.
func variants(names []string) map[string]string {
	to := map[string]string{}
	for _, a := range names {
		wa := strings.Fields(a)
		if len(wa) < 2 {
			continue
		}
		target := ""
		for _, b := range names {
			if b == a || !variantOf(wa, strings.Fields(b)) {
				continue
			}
			if target != "" {
				target = ""
				break
			}
			target = b
		}
		if target != "" {
			to[a] = target
		}
	}
	return to
}

// variantOf reports whether name a is a shorter way of writing name b:
// b with its initials left out, or b's surname with its particle.
func variantOf(a, b []string) bool {
	if len(b) <= len(a) {
		return false
	}
	var full []string
	for _, w := range b {
		if !isInitial(w) {
			full = append(full, w)
		}
	}
	if slices.EqualFunc(full, a, strings.EqualFold) {
		return true
	}
	return nameParticles[strings.ToLower(a[0])] && slices.EqualFunc(b[len(b)-len(a):], a, strings.EqualFold)
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

// PeopleFacet applies the people-facet rule to the person names found in
// one document: names normalised, one-word names and shorter variants
// ("Van Moer", "Brian Carroll") counted as the full name they are part
// of, duplicates removed. Evaluation uses it to turn gold
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
	to := variants(multi)
	seen := map[string]bool{}
	var out []string
	for _, n := range norm {
		if f, ok := full[n]; ok && !strings.Contains(n, " ") {
			n = f
		}
		if f, ok := to[n]; ok {
			n = f
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
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
	if strings.IndexFunc(s, unicode.IsLower) >= 0 {
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
