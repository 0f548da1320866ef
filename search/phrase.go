package search

import (
	"context"
	"errors"
	"math"
	"reflect"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsdesk/newsdesk/index"
)

// withFastSearchers has a query string's phrases searched by
// phraseQuery, its words by matchQuery, a query of one clause by
// soleClause and one of words alone walked by wordsQuery: each finds and
// scores what Bleve's own query does, for less. q must be a parsed query
// string (wordsQuery counts on Bleve leaving a query string's stop words
// out of its disjunction).
func withFastSearchers(q query.Query) query.Query {
	switch q := q.(type) {
	case *query.BooleanQuery:
		q.Must = withFastSearchers(q.Must)
		q.Should = withFastSearchers(q.Should)
		q.MustNot = withFastSearchers(q.MustNot)
		q.Filter = withFastSearchers(q.Filter)
		if d, ok := q.Should.(*query.DisjunctionQuery); ok && len(d.Disjuncts) == 1 && d.Min <= 1 &&
			q.Must == nil && q.MustNot == nil && q.Filter == nil {
			if words, ok := wordsOf(q); ok {
				return wordsQuery{soleClause{d.Disjuncts[0]}, words}
			}
			return soleClause{d.Disjuncts[0]}
		}
		if words, ok := wordsOf(q); ok {
			return wordsQuery{q, words}
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
	field, tokens, ok := q.analyse(m)
	if !ok || len(tokens) != 1 {
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

// analyse returns the word's field and tokens; ok is false where only
// Bleve's match query will do: no such analyzer, fuzziness, every token
// required.
func (q matchQuery) analyse(m mapping.IndexMapping) (string, analysis.TokenStream, bool) {
	field, a := analyzerFor(m, q.FieldVal, q.Analyzer)
	if a == nil || q.Fuzziness != 0 || q.Operator != query.MatchQueryOperatorOr {
		return field, nil, false
	}
	return field, a.Analyze([]byte(q.Match)), true
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

// phraseQuery finds the reports Bleve's phrase query would find had the
// phrase's field kept its terms' positions (the index keeps those of title
// and body in _all, see index.PositionField), with the scores it would
// give, for less:
//   - A phrase that analysis leaves one word searches as that word: stop
//     words are not indexed, so "said it" is the phrase "said".
//   - A phrase on _all (most phrases) is read from the segments' postings
//     (segmentPhrase): the reports holding all its words, kept when the
//     words stand in a row in one field (title or body), scored as
//     Bleve's phrase searcher scores them (the conjunction of their
//     terms). Bleve's phrase searcher reads every candidate's locations
//     into a map of maps first (half its time, and most of a phrase
//     search's garbage).
//   - A phrase naming title or body searches its words together in that
//     field, which scores them, and keeps each report found where they
//     stand in a row in the field, read from _all (positionSearcher).
//
// Otherwise (term locations wanted, fuzziness, several words at a
// position) it is Bleve's phrase query on the field holding the
// positions: for a phrase naming title or body, in either of them.
type phraseQuery struct{ *query.MatchPhraseQuery }

func (q phraseQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping,
	o blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	bleves := func() (blevesearch.Searcher, error) {
		return onPositionField(q.MatchPhraseQuery).Searcher(ctx, r, m, o)
	}
	field, words, ok := q.analyse(m)
	if !ok || len(words) == 0 {
		return bleves()
	}
	if len(words) == 1 {
		tq := query.NewTermQuery(words[0])
		tq.SetField(field)
		tq.SetBoost(q.Boost())
		return tq.Searcher(ctx, r, m, o)
	}
	if o.IncludeTermVectors {
		return bleves()
	}
	if index.PositionField(field) != field {
		return newPositionSearcher(ctx, r, words, field, q.Boost(), o) // title or body
	}
	fields := []string{field}
	if field == index.FieldAll {
		fields = index.TextFields
	}
	if !o.Explain {
		if sp, err := newSegmentPhrase(ctx, r, words, field, q.Boost(), fields, o); err != nil || sp != nil {
			return sp, err
		}
	}
	return bleves() // an index not in segments (in memory), or scores explained
}

// analyse returns the phrase's field and its words by position, from the
// first, "" for a stop word left out (none when analysis leaves no word);
// ok is false where only Bleve's phrase query will do: no such analyzer,
// fuzziness, two words at a position, words over 64 positions apart.
func (q phraseQuery) analyse(m mapping.IndexMapping) (field string, words []string, ok bool) {
	field, a := analyzerFor(m, q.FieldVal, q.Analyzer)
	if a == nil || q.Fuzziness != 0 {
		return field, nil, false
	}
	tokens := a.Analyze([]byte(q.MatchPhrase))
	if len(tokens) == 0 {
		return field, nil, true
	}
	first := tokens[0].Position
	for _, t := range tokens {
		i := t.Position - first
		if i < 0 || i > 64 {
			return field, nil, false
		}
		for len(words) <= i {
			words = append(words, "")
		}
		if words[i] != "" && words[i] != string(t.Term) {
			return field, nil, false // two words at one position
		}
		words[i] = string(t.Term)
	}
	return field, words, true
}

// onPositionField is q searching the field that holds its field's
// positions (see index.PositionField): a query on title or body searches
// _all, which holds both fields' positions; others are unchanged (and q
// itself is never changed: the copy is a new query).
func onPositionField(q query.FieldableQuery) query.Query {
	field := q.Field()
	v := reflect.ValueOf(q)
	if field == "" || index.PositionField(field) == field || v.Kind() != reflect.Pointer {
		return q
	}
	c := reflect.New(v.Elem().Type())
	c.Elem().Set(v.Elem())
	fq := c.Interface().(query.FieldableQuery)
	fq.SetField(index.PositionField(field))
	return fq
}

// withPositions is q as it finds term locations: each of its parts that
// searches title or body searches _all, which holds their positions (see
// index.PositionField). Its matches include q's; its scores are not q's,
// and the locations of a part naming title may be in the body too (see
// markable).
func withPositions(q query.Query) query.Query {
	switch q := q.(type) {
	case *query.BooleanQuery:
		c := *q
		c.Must, c.Should, c.MustNot, c.Filter = withPositions(q.Must), withPositions(q.Should),
			withPositions(q.MustNot), withPositions(q.Filter)
		return &c
	case *query.ConjunctionQuery:
		c := *q
		c.Conjuncts = eachWithPositions(q.Conjuncts)
		return &c
	case *query.DisjunctionQuery:
		c := *q
		c.Disjuncts = eachWithPositions(q.Disjuncts)
		return &c
	case soleClause:
		return withPositions(q.Query)
	case wordsQuery:
		return withPositions(q.Query)
	case matchQuery:
		return onPositionField(q.MatchQuery)
	case phraseQuery:
		return onPositionField(q.MatchPhraseQuery)
	case query.FieldableQuery: // words, phrases, terms, patterns, fuzzy terms
		return onPositionField(q)
	}
	return q
}

func eachWithPositions(qs []query.Query) []query.Query {
	out := make([]query.Query, len(qs))
	for i, q := range qs {
		out[i] = withPositions(q)
	}
	return out
}

// markable says which term locations of a query are its own: a part
// naming title or body searches _all for its locations (see
// withPositions), which also finds its terms in the other field. The
// field "" stands for every text field (a part naming none).
type markable struct {
	all    bool                       // no part names a text field: every location is the query's
	fields map[string]bool            // any term in these fields (patterns, fuzzy terms)
	terms  map[string]map[string]bool // these terms in these fields (words, phrases)
}

// markableOf reads q's parts that mark terms (not those that must not
// match).
func markableOf(q query.Query, m mapping.IndexMapping) markable {
	textField := func(f string) bool { return f != "" && f != index.FieldAll && index.PositionField(f) == index.FieldAll }
	named := eachLeaf(q, func(leaf query.Query, negated bool) error {
		if fq, ok := leaf.(query.FieldableQuery); ok && !negated && textField(fq.Field()) {
			return errNamed
		}
		return nil
	}) != nil
	if !named { // most queries: nothing to read, nothing to drop
		return markable{all: true}
	}
	mk := markable{fields: map[string]bool{}, terms: map[string]map[string]bool{}}
	terms := func(f string, ts ...string) {
		if mk.terms[f] == nil {
			mk.terms[f] = map[string]bool{}
		}
		for _, t := range ts {
			mk.terms[f][t] = true
		}
	}
	eachLeaf(q, func(leaf query.Query, negated bool) error {
		fq, ok := leaf.(query.FieldableQuery)
		if negated || !ok || mk.fields[""] {
			return nil
		}
		f := fq.Field()
		if f == index.FieldAll {
			f = ""
		}
		if f != "" && !textField(f) {
			return nil // not a text field: nothing to mark
		}
		var text, analyzer string
		exact := false // the part's terms are its text's, analysed
		switch leaf := leaf.(type) {
		case *query.TermQuery:
			terms(f, leaf.Term)
			return nil
		case *query.MatchQuery:
			text, analyzer, exact = leaf.Match, leaf.Analyzer, leaf.Fuzziness == 0
		case *query.MatchPhraseQuery:
			text, analyzer, exact = leaf.MatchPhrase, leaf.Analyzer, leaf.Fuzziness == 0
		}
		_, a := analyzerFor(m, f, analyzer)
		if !exact || a == nil {
			mk.fields[f] = true // patterns, fuzzy terms: any term of the field may be theirs
			return nil
		}
		for _, t := range a.Analyze([]byte(text)) {
			terms(f, string(t.Term))
		}
		return nil
	})
	return mk
}

// errNamed stops markableOf's first look at a query: a part names a text
// field.
var errNamed = errors.New("a part names a text field")

// keep drops from a hit's term locations those that are not the query's.
func (mk markable) keep(locs blevesearch.FieldTermLocationMap) {
	if mk.all || mk.fields[""] {
		return
	}
	for f, terms := range locs {
		if mk.fields[f] {
			continue
		}
		for t := range terms {
			if !mk.terms[f][t] && !mk.terms[""][t] {
				delete(terms, t)
			}
		}
		if len(terms) == 0 {
			delete(locs, f)
		}
	}
}

// positionSearcher matches the reports where the words of a phrase
// naming title or body ("" for a word left out: a stop word) stand at
// consecutive positions of that field, as Bleve's PhraseSearcher would
// were the positions there, and scores them as it does (the conjunction
// of its words' term searchers in the field); its matches carry no
// locations. The positions are read from _all (index.PositionField),
// which tags them with their field, for each report the conjunction
// finds.
type positionSearcher struct {
	must        blevesearch.Searcher
	words       []string
	at          []positions                     // by word: where it stands
	pos         [][]*bleveindex.TermFieldVector // by word, in the report at hand: where it stands
	field       string                          // the field the phrase names
	curr        *blevesearch.DocumentMatch
	initialized bool
}

// positions reads where one word stands, report by report in the order
// of the phrase's matches.
type positions struct {
	tfr  bleveindex.TermFieldReader
	doc  *bleveindex.TermFieldDoc // the report it is at; nil before the first
	done bool
}

// in reports whether the word is in report id (then p.doc holds its
// positions there). Reports come in increasing order: a term reader asked
// to go back starts again from the beginning.
func (p *positions) in(id bleveindex.IndexInternalID) (bool, error) {
	if p.doc != nil {
		if c := p.doc.ID.Compare(id); c >= 0 {
			return c == 0, nil
		}
	}
	if p.done {
		return false, nil
	}
	doc, err := p.tfr.Advance(id, p.doc)
	if err != nil || doc == nil {
		p.done = true
		return false, err
	}
	p.doc = doc
	return doc.ID.Equals(id), nil
}

func newPositionSearcher(ctx context.Context, r bleveindex.IndexReader, words []string, field string, boost float64,
	o blevesearch.SearcherOptions) (_ *positionSearcher, err error) {
	s := &positionSearcher{words: words, field: field}
	var terms []blevesearch.Searcher
	defer func() {
		if err != nil {
			for _, t := range terms {
				t.Close()
			}
			s.closeReaders()
		}
	}()
	for _, w := range words {
		if w == "" {
			continue
		}
		t, err := searcher.NewTermSearcher(ctx, r, w, field, boost, o)
		if err != nil {
			return nil, err
		}
		terms = append(terms, t)
	}
	s.pos = make([][]*bleveindex.TermFieldVector, len(words))
	s.at = make([]positions, len(words))
	for i, w := range words {
		if w == "" {
			continue
		}
		if s.at[i].tfr, err = r.TermFieldReader(ctx, []byte(w), index.PositionField(field), true, false, true); err != nil {
			return nil, err
		}
	}
	if s.must, err = searcher.NewConjunctionSearcher(ctx, r, terms, o); err != nil {
		return nil, err
	}
	normedAlone(s.must) // as Bleve's PhraseSearcher does
	return s, nil
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
		ok, err := s.matches(s.curr)
		if err != nil {
			return nil, err
		}
		if ok {
			match, s.curr = s.curr, nil
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

// matches reports whether the words stand in a row somewhere in one field
// of report m (a title does not run on into a body).
func (s *positionSearcher) matches(m *blevesearch.DocumentMatch) (bool, error) {
	for i, w := range s.words {
		if w == "" {
			continue
		}
		if in, err := s.at[i].in(m.IndexInternalID); err != nil || !in {
			return false, err
		}
		s.pos[i] = s.at[i].doc.Vectors
	}
starts:
	for _, start := range s.pos[0] {
		if start.Field != s.field {
			continue
		}
		for i := 1; i < len(s.words); i++ {
			if s.words[i] != "" && !standsAt(s.pos[i], start.Field, start.Pos+uint64(i)) {
				continue starts
			}
		}
		return true, nil
	}
	return false, nil
}

// standsAt reports whether a word standing at vs stands at position pos
// of field.
func standsAt(vs []*bleveindex.TermFieldVector, field string, pos uint64) bool {
	for _, v := range vs {
		if v.Pos == pos && v.Field == field {
			return true
		}
	}
	return false
}

func (s *positionSearcher) closeReaders() {
	for _, p := range s.at {
		if p.tfr != nil {
			p.tfr.Close()
		}
	}
}

func (s *positionSearcher) Weight() float64           { return s.must.Weight() }
func (s *positionSearcher) SetQueryNorm(norm float64) { s.must.SetQueryNorm(norm) }
func (s *positionSearcher) Count() uint64             { return s.must.Count() }
func (s *positionSearcher) Close() error {
	s.closeReaders()
	return s.must.Close()
}
func (s *positionSearcher) Min() int                   { return 0 }
func (s *positionSearcher) DocumentMatchPoolSize() int { return s.must.DocumentMatchPoolSize() + 1 }
func (s *positionSearcher) Size() int                  { return s.must.Size() + 64 }
