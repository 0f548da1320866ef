package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// withOneWordPhrases makes the query string's phrases search as a single
// word when analysis leaves them one: stop words are not indexed, so
// "said it" and "the company" are the phrases "said" and "company".
// Bleve's phrase searcher would read and compare the term locations of
// every report using the word (a tenth of a second for "said" in 100,000
// reports); a term search finds the same reports with the same scores.
func withOneWordPhrases(q query.Query) query.Query {
	switch q := q.(type) {
	case *query.BooleanQuery:
		q.Must = withOneWordPhrases(q.Must)
		q.Should = withOneWordPhrases(q.Should)
		q.MustNot = withOneWordPhrases(q.MustNot)
		q.Filter = withOneWordPhrases(q.Filter)
	case *query.ConjunctionQuery:
		for i, c := range q.Conjuncts {
			q.Conjuncts[i] = withOneWordPhrases(c)
		}
	case *query.DisjunctionQuery:
		for i, d := range q.Disjuncts {
			q.Disjuncts[i] = withOneWordPhrases(d)
		}
	case *query.MatchPhraseQuery:
		return oneWordPhrase{q}
	}
	return q
}

// oneWordPhrase is a phrase that searches as a term when its analysis
// gives one word at one position, and as a phrase otherwise.
type oneWordPhrase struct{ *query.MatchPhraseQuery }

func (q oneWordPhrase) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping,
	o blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	field := q.FieldVal
	if field == "" {
		field = m.DefaultSearchField()
	}
	name := q.Analyzer
	if name == "" {
		name = m.AnalyzerNameForPath(field)
	}
	if a := m.AnalyzerNamed(name); a != nil && q.Fuzziness == 0 {
		tokens := a.Analyze([]byte(q.MatchPhrase))
		one := len(tokens) > 0
		for _, t := range tokens {
			one = one && string(t.Term) == string(tokens[0].Term) && t.Position == tokens[0].Position
		}
		if one {
			tq := query.NewTermQuery(string(tokens[0].Term))
			tq.SetField(field)
			tq.SetBoost(q.Boost())
			return tq.Searcher(ctx, r, m, o)
		}
	}
	return q.MatchPhraseQuery.Searcher(ctx, r, m, o)
}
