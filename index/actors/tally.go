package actors

import (
	"slices"
	"sort"
	"strings"
)

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

// merge counts from as to and forgets from; to keeps its place.
func (t *tally) merge(from, to string) {
	n := t.counts[from]
	if n == 0 || from == to {
		return
	}
	delete(t.counts, from)
	t.order = slices.DeleteFunc(t.order, func(o string) bool { return o == from })
	if t.counts[to] == 0 {
		t.order = append(t.order, to)
	}
	t.counts[to] += n
}

// sorted returns the values, most mentioned first, ties in order of first
// mention.
func (t *tally) sorted() []string {
	out := append([]string(nil), t.order...)
	sort.SliceStable(out, func(i, j int) bool { return t.counts[out[i]] > t.counts[out[j]] })
	return out
}

func normalizeSpace(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < '!' || c >= 0x80 || c == '\\' {
			if c != ' ' || i == 0 || i == len(s)-1 || s[i+1] == ' ' {
				// A backslash separates words, as in Tokenize.
				return strings.Join(strings.Fields(strings.ReplaceAll(s, `\`, " ")), " ")
			}
		}
	}
	return s // single ASCII spaces between words already
}
