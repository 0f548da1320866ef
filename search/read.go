package search

import (
	"context"
	"regexp"
	"sort"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/index/actors"
)

// Segment is a run of a report's text and what it is: part of a matched
// query term (Mark), part of a mention of an actor (Kind "person",
// "country" or "organization", with the facet Value it counts for), or
// plain text. Pages render segments with html/template, which escapes them.
type Segment struct {
	Text  string
	Mark  bool
	Kind  string
	Value string
}

// Reading is a report laid out for reading: its title and paragraphs as
// segments.
type Reading struct {
	*Report
	Headline   []Segment
	Paragraphs [][]Segment
}

// Read loads a report and marks the terms of query (if any) and every
// actor mention in its title and body.
func (s *Searcher) Read(ctx context.Context, id, q string) (*Reading, error) {
	h := s.acquire()
	defer h.release()
	rep, err := s.report(ctx, h, id)
	if err != nil {
		return nil, err
	}
	titleMarks, bodyMarks := s.termMatches(ctx, h, id, q)
	_, mentions := actors.Default().Analyze(rep.Title, rep.Body)
	r := &Reading{Report: rep, Headline: segments(rep.Title, 0, len(rep.Title), titleMarks, mentions[0])}
	for _, p := range paragraphs(rep.Body) {
		r.Paragraphs = append(r.Paragraphs, segments(rep.Body, p[0], p[1], bodyMarks, mentions[1]))
	}
	return r, nil
}

// termMatches finds where the query matches the report. A query that
// does not parse marks nothing: the page still shows the report.
func (s *Searcher) termMatches(ctx context.Context, h *handle, id, q string) (title, body []match) {
	if q == "" {
		return nil, nil
	}
	parsed, err := buildQuery(Request{Query: q})
	if err != nil {
		return nil, nil
	}
	byID, err := s.fetch(ctx, h, parsed, []string{id}, nil, true)
	if err != nil || byID[id] == nil {
		return nil, nil
	}
	return matches(byID[id], index.FieldTitle), matches(byID[id], index.FieldBody)
}

// paragraphRE separates paragraphs: blank lines, or a line break followed
// by an indent (wire copy).
var paragraphRE = regexp.MustCompile(`\n[ \t]*\n\s*|\n[ \t]+`)

// paragraphs returns the byte ranges of the paragraphs of text.
func paragraphs(text string) [][2]int {
	var out [][2]int
	start := 0
	for _, m := range paragraphRE.FindAllStringIndex(text, -1) {
		if m[0] > start {
			out = append(out, [2]int{start, m[0]})
		}
		start = m[1]
	}
	if start < len(text) {
		out = append(out, [2]int{start, len(text)})
	}
	return out
}

// segments cuts text[from:to] at every edge of a mark or a mention.
func segments(text string, from, to int, marks []match, mentions []actors.Mention) []Segment {
	cuts := []int{from, to}
	for _, m := range marks {
		cuts = append(cuts, m.start, m.end)
	}
	for _, m := range mentions {
		cuts = append(cuts, m.Start, m.End)
	}
	sort.Ints(cuts)
	var out []Segment
	for i := 0; i+1 < len(cuts); i++ {
		a, b := max(cuts[i], from), min(cuts[i+1], to)
		if a >= b {
			continue
		}
		seg := Segment{Text: text[a:b]}
		for _, m := range marks {
			if m.start <= a && b <= m.end {
				seg.Mark = true
			}
		}
		for _, m := range mentions {
			if m.Start <= a && b <= m.End {
				seg.Kind, seg.Value = m.Kind, m.Value
			}
		}
		out = append(out, seg)
	}
	return out
}
