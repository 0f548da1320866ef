package search

import (
	"encoding/json"
	"html"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Piece is part of a snippet: plain text, or a matched term when Mark.
type Piece struct {
	Text string `json:"text"`
	Mark bool   `json:"mark,omitempty"`
}

// Snippet is a fragment of a report with its matched terms marked.
type Snippet []Piece

// HTML renders the snippet as HTML. It is the one place where report text
// becomes trusted markup, and it is safe because every piece of text is
// escaped with html.EscapeString and the only markup added is <mark>.
func (s Snippet) HTML() string {
	var b strings.Builder
	for _, p := range s {
		if p.Mark {
			b.WriteString("<mark>" + html.EscapeString(p.Text) + "</mark>")
		} else {
			b.WriteString(html.EscapeString(p.Text))
		}
	}
	return b.String()
}

// MarshalJSON writes the snippet as its HTML string.
func (s Snippet) MarshalJSON() ([]byte, error) { return json.Marshal(s.HTML()) }

// match is a matched term's byte span in a field's text.
type match struct {
	start, end int
	term       string
}

// fragment is a candidate snippet: a span of text and the matches in it.
type fragment struct {
	start, end int
	matches    []match
	text       int // which of the texts it was cut from
}

func (f fragment) score() int {
	terms := map[string]bool{}
	for _, m := range f.matches {
		terms[m.term] = true
	}
	return len(terms)*100 + len(f.matches)
}

// snippets cuts up to n fragments of about maxLen characters out of the
// texts (title, then body), preferring sentences with the most
// distinct matched terms, then the most matches; best first. Fragments
// are sentences where they fit and are cut at word boundaries otherwise.
// Without matches, the opening of the body is returned.
func snippets(texts []string, matches [][]match, n, maxLen int) []Snippet {
	// The title is shown anyway: cut from it only when the later texts
	// (the body) have no matching sentence.
	var cands []fragment
	for i := len(texts) - 1; i >= 0 && len(cands) == 0; i-- {
		for _, f := range sentenceFragments(texts[i], matches[i], maxLen) {
			f.text = i
			cands = append(cands, f)
		}
	}
	var out []Snippet
	if len(cands) == 0 {
		body := texts[len(texts)-1]
		if strings.TrimSpace(body) == "" {
			return []Snippet{}
		}
		s, e := window(body, 0, maxLen)
		return []Snippet{render(body, fragment{start: s, end: e})}
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].score() > cands[b].score() })
	for _, f := range cands {
		if len(out) == n {
			break
		}
		out = append(out, render(texts[f.text], f))
	}
	return out
}

// nextBoundary finds the first end of a sentence or paragraph at or after
// from: [.!?], closing quotes or brackets, then white space; or a line
// break and the white space after it. It returns the boundary's span. (A
// hand-written scanner: the regular expression it replaces took a tenth
// of a search's time on long reports.)
func nextBoundary(text string, from int) (int, int, bool) {
	for i := from; i < len(text); i++ {
		switch text[i] {
		case '\n':
			return i, skipSpace(text, i+1), true
		case '.', '!', '?':
			j := i + 1
			for j < len(text) {
				if c := text[j]; c == '"' || c == ')' || c == ']' {
					j++
				} else if strings.HasPrefix(text[j:], "”") || strings.HasPrefix(text[j:], "’") {
					j += len("”")
				} else {
					break
				}
			}
			if k := skipSpace(text, j); k > j {
				return i, k, true
			}
		}
	}
	return 0, 0, false
}

// skipSpace skips ASCII white space, as \s does.
func skipSpace(text string, i int) int {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r' || text[i] == '\f') {
		i++
	}
	return i
}

// sentenceFragments returns one fragment per sentence that holds a match,
// trimmed to a window of maxLen around its matches when too long.
func sentenceFragments(text string, ms []match, maxLen int) []fragment {
	if len(ms) == 0 {
		return nil
	}
	var out []fragment
	start := 0
	mi := 0
	for pos := 0; mi < len(ms); {
		e := []int{len(text), len(text)}
		if a, b, ok := nextBoundary(text, pos); ok {
			e = []int{a, b}
		}
		pos = e[1]
		end := e[0]
		if e[0] < len(text) && text[e[0]] != '\n' && !unicode.IsSpace(rune(text[e[0]])) {
			end = e[1]
		}
		var in []match
		for mi < len(ms) && ms[mi].start < e[1] {
			if ms[mi].start >= start {
				in = append(in, ms[mi])
			}
			mi++
		}
		if len(in) > 0 {
			s, t := strings.TrimSpace(text[start:end]), start
			t += strings.Index(text[start:end], s)
			f := fragment{start: t, end: t + len(s), matches: in}
			if utf8.RuneCountInString(s) > maxLen {
				f.start, f.end = window(text, in[0].start-maxLen/4, maxLen)
				f.start = max(f.start, t)
				f.end = min(f.end, t+len(s))
				f.matches = within(in, f.start, f.end)
			}
			out = append(out, f)
		}
		start = e[1]
		if e[1] >= len(text) {
			break
		}
	}
	return out
}

func within(ms []match, start, end int) []match {
	var out []match
	for _, m := range ms {
		if m.start >= start && m.end <= end {
			out = append(out, m)
		}
	}
	return out
}

// window returns a span of about maxLen characters of text starting near
// from, moved to word boundaries.
func window(text string, from, maxLen int) (int, int) {
	if from < 0 {
		from = 0
	}
	for from > 0 && from < len(text) && !utf8.RuneStart(text[from]) {
		from--
	}
	// Back up to the start of the word.
	for from > 0 && !isSpaceBefore(text, from) {
		from--
	}
	end := from
	for n := 0; end < len(text) && n < maxLen; n++ {
		_, size := utf8.DecodeRuneInString(text[end:])
		end += size
	}
	if end < len(text) {
		if cut := strings.LastIndexFunc(text[from:end], unicode.IsSpace); cut > 0 {
			end = from + cut
		}
	}
	return from, end
}

func isSpaceBefore(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return unicode.IsSpace(r)
}

// render turns a fragment into pieces, with an ellipsis where the text
// was cut inside a sentence.
func render(text string, f fragment) Snippet {
	// The pieces are cut from a copy of the fragment: cut from the text,
	// a cached result would keep every hit's whole body in memory.
	var frag string
	if f.start < f.end {
		frag = strings.Clone(text[f.start:f.end])
	}
	cut := func(from, to int) string { return frag[from-f.start : to-f.start] }
	var s Snippet
	pos := f.start
	if f.start > 0 && !sentenceStart(text, f.start) {
		s = append(s, Piece{Text: "…"})
	}
	for _, m := range f.matches {
		if m.start < pos || m.end > f.end {
			continue
		}
		if m.start > pos {
			s = append(s, Piece{Text: cut(pos, m.start)})
		}
		s = append(s, Piece{Text: cut(m.start, m.end), Mark: true})
		pos = m.end
	}
	if pos < f.end {
		s = append(s, Piece{Text: cut(pos, f.end)})
	}
	if f.end < len(text) && !sentenceEnd(text, f.end) {
		s = append(s, Piece{Text: "…"})
	}
	return s
}

func sentenceStart(text string, i int) bool {
	before := strings.TrimRightFunc(text[:i], unicode.IsSpace)
	return before == "" || strings.ContainsAny(before[len(before)-1:], ".!?\n\"”’)") || strings.HasSuffix(text[:i], "\n")
}

func sentenceEnd(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return strings.ContainsRune(".!?\"”’)", r)
}
