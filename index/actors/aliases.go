package actors

import (
	"strings"
	"unicode"
)

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

// knownOrgs stretches a span that starts a known organisation's name over
// the whole name when the tagger cut it short ("Agence" France-Presse):
// the organisation is then counted once, under its name.
func (g *gazetteer) knownOrgs(toks []Token, spans []span) []span {
	out := spans[:0]
	for i := 0; i < len(spans); i++ {
		s := spans[i]
		parts, orig := expand(toks[s.start:min(len(toks), s.start+8)]) // aliases are short
		if n, e := g.match(parts); n > 0 && e.kind == kindOrg {
			end := s.start + origOf(orig, n-1) + 1
			j := i + 1
			for j < len(spans) && spans[j].end <= end {
				j++
			}
			if end > s.end && (j == len(spans) || spans[j].start >= end) {
				s.end, s.typ = end, entityType(lBORG)
				i = j - 1
			}
		}
		out = append(out, s)
	}
	return out
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
			d.qualifier(toks[:k], false)
			d.person(toks[k+1:])
			return
		}
	}
	// "(Secretary of) State Mike Pompeo and House Foreign Affairs
	// Committee": a person inside, after a title or body, ends the span or
	// is followed by "and" and another body.
	for k := 1; k+1 < len(toks); k++ {
		for _, n := range []int{2, 3} {
			end := k + n
			if end > len(toks) || end < len(toks) && toks[end].Text != "and" || !g.firstNamed(toks[k:end], nil) {
				continue
			}
			if head := toks[:k]; len(head) > 1 || !g.common.has(strings.ToLower(head[0].Text)) && !roleWords[strings.ToLower(head[0].Text)] {
				d.organization(head)
			}
			d.person(toks[k:end])
			if end+1 < len(toks) {
				d.organization(toks[end+1:])
			}
			return
		}
	}
	if head := adjectiveHead(toks); head != nil {
		// "US-based", "Saudi-led", "New York-based": an adjective, not a
		// name; it names a place ("London-based" is about Britain).
		d.place(head)
		return
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

// adjectiveHead is the name a span ends in an adjective made of ("New
// York" of "New York-based", "US" of "US-led"): the span without the
// hyphenated last word's lower-case tail. It is nil when the span does not
// end so, or the name is not capitalised.
func adjectiveHead(toks []Token) []Token {
	if len(toks) == 0 {
		return nil
	}
	last := toks[len(toks)-1].Parts()
	tail := last[len(last)-1].Text
	if len(last) < 2 || strings.ToLower(tail) != tail || !last[0].Upper() {
		return nil
	}
	return append(toks[:len(toks)-1:len(toks)-1], last[:len(last)-1]...)
}

// place counts a location span that names a region or city for its
// country ("Bavaria" -> DE); country names themselves are left to the
// gazetteer pass.
func (d *document) place(toks []Token) {
	if head := adjectiveHead(toks); head != nil {
		toks = head // "London-based"
	}
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
	parts, orig := expandInto(d.sess.parts[:0], d.sess.orig[:0], toks)
	if orig != nil {
		d.sess.parts, d.sess.orig = parts, orig // keep the grown buffers
	}
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
		if s := inside[origOf(orig, i)]; s > 0 {
			sp := spans[s-1]
			covers := toks[sp.start].Start == parts[i].Start && toks[sp.end-1].End == parts[i+n-1].End
			// "Turkey Point" (a plant) names no country; "Bank of Japan",
			// "French Foreign Ministry", "U.S. Treasury" and "Japan
			// Airlines" do.
			namedAfter := sp.typ == entityType(lBORG) && e.kind == kindCountry && !e.demonym && !isAcronym(parts[i].Text) &&
				origOf(orig, i) == sp.start && origOf(orig, i+n-1)+1 < sp.end &&
				!orgCues[strings.TrimSuffix(toks[origOf(orig, i+n-1)+1].Text, ".")]
			// A known organisation the tagger read as a person ("Al
			// Jazeera") is the organisation.
			if sp.typ == entityType(lBPER) && !(covers && e.kind == kindOrg) || namedAfter ||
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
// back to its token (nil when no token was split: see origOf).
func expand(toks []Token) (parts []Token, orig []int) { return expandInto(nil, nil, toks) }

// expandInto is expand appending to parts and orig, which it returns
// untouched when no token is hyphenated.
func expandInto(parts []Token, orig []int, toks []Token) ([]Token, []int) {
	hyphenated := false
	for _, t := range toks {
		if t.hyphenated {
			hyphenated = true
			break
		}
	}
	if !hyphenated {
		return toks, nil
	}
	for i, t := range toks {
		if !t.hyphenated {
			parts = append(parts, t)
			orig = append(orig, i)
			continue
		}
		n := len(parts)
		parts = t.appendParts(parts)
		for range len(parts) - n {
			orig = append(orig, i)
		}
	}
	return parts, orig
}

// origOf returns the token of part i, given expand's orig.
func origOf(orig []int, i int) int {
	if orig == nil {
		return i
	}
	return orig[i]
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

// matchesWhole reports whether an alias of the given kind spans all of toks.
func (g *gazetteer) matchesWhole(toks []Token, k kind) bool {
	n, e := g.match(toks)
	return n == len(toks) && e.kind == k
}

// match returns the number of tokens of the longest alias at the start of
// toks, and what it names.
func (g *gazetteer) match(toks []Token) (int, entity) {
	if !toks[0].Upper() && !g.lowerStart(toks[0].Text) {
		return 0, entity{} // aliases start with a capital, but for "al"
	}
	h := hashLower(toks[0].Text)
	if g.aliasStarts[h>>6%uint32(len(g.aliasStarts))]&(1<<(h&63)) == 0 {
		return 0, entity{}
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
