package actors

import (
	"slices"
	"strconv"
)

// scorers finds the people of a sports results line the tagger misses:
// in "Rangers 4 (Ferguson 34, McCoist 71 74, Laudrup 83)" each
// parenthesised, comma-separated part that is a name followed by minutes
// is a scorer, when the parenthesis follows the team's score. A name the tagger read as something else is retyped; the
// spans stay in order.
func (g *gazetteer) scorers(toks []Token, spans []span) []span {
	if !slices.ContainsFunc(toks[1:], func(t Token) bool { return t.Text == "(" }) {
		return spans // most sentences: no results line
	}
	owner := make([]int, len(toks)) // span index + 1, 0 outside
	for si, s := range spans {
		for k := s.start; k < s.end; k++ {
			owner[k] = si + 1
		}
	}
	added := false
	for open := 0; open < len(toks); open++ {
		if toks[open].Text != "(" || open == 0 || !isCount(toks[open-1].Text) {
			continue // scorers follow their team's score: "Rangers 4 ("
		}
		start := open + 1
		for k := start; k < len(toks) && k-open < 60; k++ {
			t := toks[k].Text
			if t != "," && t != ")" {
				continue
			}
			if name, ok := g.scorer(toks[start:k]); ok {
				s := span{typ: entityType(lBPER), start: start, end: start + name}
				switch o := owner[s.start]; {
				case o == 0 && owner[s.end-1] == 0:
					spans = append(spans, s)
					added = true
				case o > 0 && spans[o-1].start == s.start && spans[o-1].end == s.end:
					spans[o-1].typ = s.typ
				}
			}
			if t == ")" {
				open = k
				break
			}
			start = k + 1
		}
	}
	if added {
		slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	}
	return spans
}

func isCount(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 0 && n < 100
}

// scorer reports whether part is one to three name words followed by
// minutes ("McCoist 71 74", "Le Saux 12 pen") and how many words the name
// has.
func (g *gazetteer) scorer(part []Token) (int, bool) {
	n := 0
	for n < len(part) && n < 4 && part[n].Word && !startsDigit(part[n].Text) {
		if !g.surnameLike(part[n]) && !(n > 0 && nameParticles[part[n].Text]) {
			return 0, false
		}
		n++
	}
	if n == 0 || n > 3 || n == len(part) {
		return 0, false
	}
	for _, t := range part[n:] {
		if m, err := strconv.Atoi(t.Text); err == nil && m >= 1 && m <= 120 || t.Text == "pen" || t.Text == "og" {
			continue
		}
		return 0, false
	}
	return n, true
}
