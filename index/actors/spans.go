package actors

// Repairs to the tagger's spans before they are read: names it cut in two
// or stopped short, and names it ran on past their end.

import (
	"strings"
	"unicode"
)

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

// pastInitials extends a span that ends on an initial over the
// capitalised word after it: an initial never ends a name, the tagger
// only stopped short ("Commonwealth Secretary-General Donald C."
// McKinnon). A span that starts there joins it.
func pastInitials(toks []Token, spans []span) []span {
	out := spans[:0]
	for i := 0; i < len(spans); i++ {
		s := spans[i]
		if s.end < len(toks) && s.end-s.start > 1 && isInitial(toks[s.end-1].Text) && toks[s.end].Word &&
			toks[s.end].Upper() && !isInitial(toks[s.end].Text) && !stopwords[toks[s.end].Text] {
			if i+1 < len(spans) && spans[i+1].start == s.end {
				s.end = spans[i+1].end
				i++
			} else {
				s.end++
			}
		}
		out = append(out, s)
	}
	return out
}

// arabicSurnames extends person spans over the "al-" surnames that follow
// them when the tagger stopped short ("Omar" al-Bashir). A surname the
// tagger read as a person on its own joins the name before it, whatever
// the tagger made of that ("Abu Musab" al-Zarqawi), and so does one
// that starts another span after a person; one the gazetteer
// knows ("al-Qaida") does not.
func (g *gazetteer) arabicSurnames(toks []Token, spans []span) []span {
	per := entityType(lBPER)
	out := spans[:0]
	for i := 0; i < len(spans); i++ {
		s := spans[i]
	extend:
		for s.typ != entityType(lBMISC) && s.end < len(toks) && isArticleName(toks[s.end]) &&
			toks[s.end].Start == toks[s.end-1].End+1 && !g.known(toks[s.end:s.end+1]) && !g.known(toks[s.start:s.end]) {
			next := i+1 < len(spans) && spans[i+1].start == s.end
			switch {
			case next && spans[i+1].end == s.end+1 && (s.typ == per || spans[i+1].typ == per):
				i++ // the tagger's one-word span is the surname
			case next && s.typ == per && g.nameWords(toks[s.end+1:spans[i+1].end]):
				// The tagger began a longer span at the surname and ran on
				// over more of the name ("Zine" al-Abidine Ben Ali): all of
				// it is the person's.
				i++
				s.end = spans[i].end - 1
			case next && s.typ == per:
				// ... or over something else ("Omar" al-Bashir of Sudan):
				// the surname is the person's, the rest stays the other
				// span's.
				spans[i+1].start++
			case !next && s.typ == per:
			default:
				break extend
			}
			s.typ = per
			s.end++
		}
		out = append(out, s)
	}
	return out
}

// surnamesLeft extends a span that ends in a given name over the
// capitalised word right after it that the tagger left out, name
// particles between: "Senate Majority Leader Mitch" McConnell, "Derek" da
// Cunha.
func (g *gazetteer) surnamesLeft(toks []Token, spans []span) []span {
	out := spans[:0]
	for i := 0; i < len(spans); i++ {
		s := spans[i]
		if s.typ != entityType(lBMISC) && g.givenNames.has(toks[s.end-1].Text) {
			limit := len(toks)
			if i+1 < len(spans) {
				limit = spans[i+1].start
			}
			k := s.end
			for k < limit && k < s.end+2 && nameParticles[toks[k].Text] && !connectives[toks[k].Text] {
				k++
			}
			// A one-word span the tagger read as something else is the
			// surname too ("Paula" Radcliffe, "Derek da" Cunha).
			absorb := k == limit && s.typ == entityType(lBPER) && i+1 < len(spans) && spans[i+1].end == k+1
			if (k < limit || absorb) && k < len(toks) && g.surnameLike(toks[k]) && adjacent(toks[s.end-1:k+1]) {
				s.end = k + 1
				if absorb {
					i++
				}
			}
		}
		out = append(out, s)
	}
	return out
}

// connectives join names without being part of one.
var connectives = wordsOf(`and for of on the`)

// surnameLike reports whether t could be a surname: a capitalised word
// of letters that is not an ordinary word, a known name of something
// else, or a word of organisations and places.
func (g *gazetteer) surnameLike(t Token) bool {
	return t.Word && t.Upper() && !stopwords[t.Text] && strings.IndexFunc(t.Text, unicode.IsDigit) < 0 &&
		!g.common.has(strings.ToLower(t.Text)) && !g.known([]Token{t}) && !orgCues[t.Text] && !isPlaceWord(t.Text)
}

// adjacent reports whether toks follow each other with one space at most.
func adjacent(toks []Token) bool {
	for k := 1; k < len(toks); k++ {
		if toks[k].Start > toks[k-1].End+1 {
			return false
		}
	}
	return true
}

// isArticleName reports whether t is an Arabic surname with its article:
// "al-Bashir", "el-Sisi".
func isArticleName(t Token) bool {
	for _, art := range []string{"al-", "el-", "Al-", "El-"} {
		if rest, ok := strings.CutPrefix(t.Text, art); ok {
			return startsUpper(rest)
		}
	}
	return false
}

// personEnd is where a person span really ends: before "of" ("Joseph
// Garba of Nigeria") and before a country given after the name, as in
// results tables ("Dmitri Dashinski Belarus"). The country then counts.
func (g *gazetteer) personEnd(toks []Token, s span) int {
	for k := s.start + 1; k < s.end; k++ {
		if toks[k].Text == "of" {
			return k
		}
	}
	if n := s.end; n-s.start > 2 && g.isCountry(toks[n-1:n]) && !g.isCountry(toks[n-2:n-1]) {
		return n - 1
	}
	return s.end
}
