package search

import (
	"context"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// withFastSearchers has a query string's phrases searched by
// phraseQuery, its words by matchQuery and a query of one clause by
// soleClause: each finds and scores what Bleve's own query does, for less.
func withFastSearchers(q query.Query) query.Query {
	switch q := q.(type) {
	case *query.BooleanQuery:
		q.Must = withFastSearchers(q.Must)
		q.Should = withFastSearchers(q.Should)
		q.MustNot = withFastSearchers(q.MustNot)
		q.Filter = withFastSearchers(q.Filter)
		if d, ok := q.Should.(*query.DisjunctionQuery); ok && len(d.Disjuncts) == 1 && d.Min <= 1 &&
			q.Must == nil && q.MustNot == nil && q.Filter == nil {
			return soleClause{d.Disjuncts[0]}
		}
	case *query.ConjunctionQuery:
		for i, c := range q.Conjuncts {
			q.Conjuncts[i] = withFastSearchers(c)
		}
	case *query.DisjunctionQuery:
		for i, d := range q.Disjuncts {
			q.Disjuncts[i] = withFastSearchers(d)
		}
	case *query.MatchPhraseQuery:
		return phraseQuery{q}
	case *query.MatchQuery:
		return matchQuery{q}
	}
	return q
}

// matchQuery is a query-string word ("reuters", title:putin). Bleve
// analyses it and, for one token, searches a disjunction of that one
// term, whose heap and scorer cost a fifth of a common word's search.
// matchQuery searches the term itself, with the query norm the
// disjunction would give it: the same hits and scores to the bit. Words
// that analysis splits or drops, and fuzzy ones, are Bleve's own query.
// (The query-string parser never makes the automatic fuzziness this
// cannot see.)
type matchQuery struct{ *query.MatchQuery }

func (q matchQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping,
	o blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	field, a := analyzerFor(m, q.FieldVal, q.Analyzer)
	if a == nil || q.Fuzziness != 0 || q.Operator != query.MatchQueryOperatorOr {
		return q.MatchQuery.Searcher(ctx, r, m, o)
	}
	tokens := a.Analyze([]byte(q.Match))
	if len(tokens) != 1 {
		return q.MatchQuery.Searcher(ctx, r, m, o)
	}
	tq := query.NewTermQuery(string(tokens[0].Term))
	tq.SetField(field)
	tq.SetBoost(q.BoostVal.Value())
	s, err := tq.Searcher(ctx, r, m, o)
	if err != nil {
		return nil, err
	}
	return normedAlone(s), nil
}

// normedAlone gives a searcher the query norm Bleve gives a lone clause
// (of a disjunction, or a phrase's conjunction): 1/sqrt of its weight.
func normedAlone(s blevesearch.Searcher) blevesearch.Searcher {
	s.SetQueryNorm(1.0 / math.Sqrt(s.Weight()))
	return s
}

// analyzerFor resolves a query's field and analyzer as Bleve's match
// queries do: the default field when none is named, the field's analyzer
// when none is. The analyzer is nil when the mapping has no such one.
func analyzerFor(m mapping.IndexMapping, field, name string) (string, analysis.Analyzer) {
	if field == "" {
		field = m.DefaultSearchField()
	}
	if name == "" {
		name = m.AnalyzerNameForPath(field)
	}
	return field, m.AnalyzerNamed(name)
}

// soleClause is a query string of one clause ("reuters", "said it"),
// which Bleve parses as a Boolean query whose only part is a disjunction
// of that clause, and searches with a disjunction searcher around the
// clause's: a heap and a scorer around every match, a fifth of a common
// word's search. soleClause searches as the clause, with the query norm
// the disjunction would give it, so scores are Bleve's to the bit (the
// disjunction's score of one match is that match's score, times 1).
type soleClause struct{ query.Query }

func (q soleClause) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping,
	o blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	s, err := q.Query.Searcher(ctx, r, m, o)
	if err != nil {
		return nil, err
	}
	if _, none := s.(*searcher.MatchNoneSearcher); none {
		return s, nil
	}
	return normedAlone(s), nil
}

// phraseQuery finds the reports Bleve's phrase query finds, with the same
// scores, for less:
//   - A phrase that analysis leaves one word searches as that word: stop
//     words are not indexed, so "said it" is the phrase "said", for which
//     Bleve's phrase searcher reads and compares the term locations of
//     every report using the word (a tenth of a second for "said" in
//     100,000 reports).
//   - When the search does not ask for term locations (the hits' locations
//     are fetched for the page alone, see Searcher.locations), a phrase's
//     word positions are compared as Bleve's term searchers give them;
//     Bleve's phrase searcher first builds a map of maps of every match's
//     locations (half its time, and most of a phrase search's garbage).
//
// Otherwise (locations wanted, fuzziness, several words at a position)
// it is Bleve's phrase query.
type phraseQuery struct{ *query.MatchPhraseQuery }

func (q phraseQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping,
	o blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	field, a := analyzerFor(m, q.FieldVal, q.Analyzer)
	if a == nil || q.Fuzziness != 0 {
		return q.MatchPhraseQuery.Searcher(ctx, r, m, o)
	}
	tokens := a.Analyze([]byte(q.MatchPhrase))
	if len(tokens) == 0 {
		return q.MatchPhraseQuery.Searcher(ctx, r, m, o)
	}
	first := tokens[0].Position
	words := []string{}
	for _, t := range tokens {
		i := t.Position - first
		if i < 0 || i > 64 {
			return q.MatchPhraseQuery.Searcher(ctx, r, m, o)
		}
		for len(words) <= i {
			words = append(words, "")
		}
		if words[i] != "" && words[i] != string(t.Term) {
			return q.MatchPhraseQuery.Searcher(ctx, r, m, o) // two words at one position
		}
		words[i] = string(t.Term)
	}
	if len(words) == 1 {
		tq := query.NewTermQuery(words[0])
		tq.SetField(field)
		tq.SetBoost(q.Boost())
		return tq.Searcher(ctx, r, m, o)
	}
	if o.IncludeTermVectors {
		return q.MatchPhraseQuery.Searcher(ctx, r, m, o)
	}
	return newPositionSearcher(ctx, r, words, field, q.Boost(), o)
}

// positionSearcher matches the reports where a phrase's words ("" for a
// word left out: a stop word) stand at consecutive positions of one
// field, as Bleve's PhraseSearcher does, and scores them as it does (the
// conjunction of its words' term searchers); its matches carry no
// locations.
type positionSearcher struct {
	must        blevesearch.Searcher
	words       []string
	curr        *blevesearch.DocumentMatch
	initialized bool
	at          [][]position // per word of the phrase, its positions in the current match
}

type position struct {
	field string
	pos   uint64
}

func newPositionSearcher(ctx context.Context, r bleveindex.IndexReader, words []string, field string, boost float64,
	o blevesearch.SearcherOptions) (*positionSearcher, error) {
	o.IncludeTermVectors = true
	var terms []blevesearch.Searcher
	closeAll := func() {
		for _, t := range terms {
			t.Close()
		}
	}
	for _, w := range words {
		if w == "" {
			continue
		}
		t, err := searcher.NewTermSearcher(ctx, r, w, field, boost, o)
		if err != nil {
			closeAll()
			return nil, err
		}
		terms = append(terms, t)
	}
	must, err := searcher.NewConjunctionSearcher(ctx, r, terms, o)
	if err != nil {
		closeAll()
		return nil, err
	}
	normedAlone(must) // as Bleve's PhraseSearcher does
	return &positionSearcher{must: must, words: words, at: make([][]position, len(words))}, nil
}

func (s *positionSearcher) Next(ctx *blevesearch.SearchContext) (*blevesearch.DocumentMatch, error) {
	if !s.initialized {
		s.initialized = true
		if err := s.advance(ctx); err != nil {
			return nil, err
		}
	}
	for s.curr != nil {
		var match *blevesearch.DocumentMatch
		if s.matches(s.curr) {
			match, s.curr = s.curr, nil
			match.FieldTermLocations = match.FieldTermLocations[:0]
		}
		if err := s.advance(ctx); err != nil {
			return nil, err
		}
		if match != nil {
			return match, nil
		}
	}
	return nil, nil
}

func (s *positionSearcher) advance(ctx *blevesearch.SearchContext) error {
	if s.curr != nil {
		ctx.DocumentMatchPool.Put(s.curr)
	}
	var err error
	s.curr, err = s.must.Next(ctx)
	return err
}

func (s *positionSearcher) Advance(ctx *blevesearch.SearchContext, id bleveindex.IndexInternalID) (*blevesearch.DocumentMatch, error) {
	if !s.initialized {
		s.initialized = true
		if err := s.advance(ctx); err != nil {
			return nil, err
		}
	}
	if s.curr != nil {
		if s.curr.IndexInternalID.Compare(id) >= 0 {
			return s.Next(ctx)
		}
		ctx.DocumentMatchPool.Put(s.curr)
	}
	if s.curr == nil {
		return nil, nil
	}
	var err error
	if s.curr, err = s.must.Advance(ctx, id); err != nil {
		return nil, err
	}
	return s.Next(ctx)
}

// matches reports whether the words stand in a row somewhere in the
// match's locations (of a single field: a title does not run on into a
// body).
func (s *positionSearcher) matches(m *blevesearch.DocumentMatch) bool {
	for i := range s.at {
		s.at[i] = s.at[i][:0]
	}
	for _, l := range m.FieldTermLocations {
		for i, w := range s.words {
			if w == l.Term {
				s.at[i] = append(s.at[i], position{l.Field, l.Location.Pos})
			}
		}
	}
starts:
	for _, start := range s.at[0] {
		for i := 1; i < len(s.words); i++ {
			if s.words[i] != "" && !slices.Contains(s.at[i], position{start.field, start.pos + uint64(i)}) {
				continue starts
			}
		}
		return true
	}
	return false
}

func (s *positionSearcher) Weight() float64            { return s.must.Weight() }
func (s *positionSearcher) SetQueryNorm(norm float64)  { s.must.SetQueryNorm(norm) }
func (s *positionSearcher) Count() uint64              { return s.must.Count() }
func (s *positionSearcher) Close() error               { return s.must.Close() }
func (s *positionSearcher) Min() int                   { return 0 }
func (s *positionSearcher) DocumentMatchPoolSize() int { return s.must.DocumentMatchPoolSize() + 1 }
func (s *positionSearcher) Size() int                  { return s.must.Size() + 64 }
