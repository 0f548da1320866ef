package search

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsdesk/newsdesk/index"
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

// phraseQuery finds the reports Bleve's phrase query would find had the
// phrase's field kept its terms' positions (the index keeps those of title
// and body in _all, see index.PositionField), with the scores it would
// give, for less:
//   - A phrase that analysis leaves one word searches as that word: stop
//     words are not indexed, so "said it" is the phrase "said".
//   - Otherwise the phrase's words are searched together in the field, as
//     Bleve's phrase searcher does (a conjunction of their terms, which
//     also scores them), and each report found is kept when the words
//     stand in a row in one field (title or body; the phrase's own when
//     it names one). Bleve's phrase searcher reads every match's
//     locations into a map of maps first (half its time, and most of a
//     phrase search's garbage).
//
// Otherwise (term locations wanted, fuzziness, several words at a
// position) it is Bleve's phrase query on the field holding the
// positions: for a phrase naming title or body, in either of them.
type phraseQuery struct{ *query.MatchPhraseQuery }

func (q phraseQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping,
	o blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	field, a := analyzerFor(m, q.FieldVal, q.Analyzer)
	bleves := func() (blevesearch.Searcher, error) {
		return onPositionField(q.MatchPhraseQuery).Searcher(ctx, r, m, o)
	}
	if a == nil || q.Fuzziness != 0 {
		return bleves()
	}
	tokens := a.Analyze([]byte(q.MatchPhrase))
	if len(tokens) == 0 {
		return bleves()
	}
	first := tokens[0].Position
	words := []string{}
	for _, t := range tokens {
		i := t.Position - first
		if i < 0 || i > 64 {
			return bleves()
		}
		for len(words) <= i {
			words = append(words, "")
		}
		if words[i] != "" && words[i] != string(t.Term) {
			return bleves() // two words at one position
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
		return bleves()
	}
	return newPositionSearcher(ctx, r, words, field, q.Boost(), o)
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

// positionSearcher matches the reports where a phrase's words ("" for a
// word left out: a stop word) stand at consecutive positions of one
// field, as Bleve's PhraseSearcher does, and scores them as it does (the
// conjunction of its words' term searchers); its matches carry no
// locations. The words are searched in the phrase's field; their
// positions are read from the field holding them (index.PositionField),
// for each report the conjunction finds.
type positionSearcher struct {
	must        blevesearch.Searcher
	words       []string
	kept        []*vectorReader                 // by word, when fromMatch: its term searcher's reader, which keeps its positions
	at          []positions                     // by word, otherwise: where it stands
	fromMatch   bool                            // the positions come with the terms must searches
	pos         [][]*bleveindex.TermFieldVector // by word, in the report at hand: where it stands
	fields      []string                        // where the phrase may stand: title or body, or the field it names
	curr        *blevesearch.DocumentMatch
	initialized bool
}

// vectorReader is the term reader of one word of a phrase searched on
// the field holding its positions: it reads the term's positions with its
// frequency and norm, once, and keeps them for the phrase's check instead
// of handing them to the term's scorer, which would copy each into a
// location of every match, for the conjunction to merge them: a quarter
// of the search of a phrase in a third of the reports ("cts vs" in
// Reuters). It keeps the last two reports read: Bleve's conjunction moves
// each term on by one report as it returns a match.
type vectorReader struct {
	bleveindex.TermFieldReader
	docs [2]bleveindex.TermFieldDoc // the reports read last, with the term's positions there
	last int                        // docs[last] is the one read last
}

func (v *vectorReader) Next(pre *bleveindex.TermFieldDoc) (*bleveindex.TermFieldDoc, error) {
	return v.read(pre, func(into *bleveindex.TermFieldDoc) (*bleveindex.TermFieldDoc, error) {
		return v.TermFieldReader.Next(into)
	})
}

func (v *vectorReader) Advance(id bleveindex.IndexInternalID, pre *bleveindex.TermFieldDoc) (*bleveindex.TermFieldDoc, error) {
	return v.read(pre, func(into *bleveindex.TermFieldDoc) (*bleveindex.TermFieldDoc, error) {
		return v.TermFieldReader.Advance(id, into)
	})
}

// read reads the next report into the older of docs, and hands it over
// without its positions in pre.
func (v *vectorReader) read(pre *bleveindex.TermFieldDoc,
	next func(into *bleveindex.TermFieldDoc) (*bleveindex.TermFieldDoc, error)) (*bleveindex.TermFieldDoc, error) {
	into := &v.docs[1-v.last]
	d, err := next(into.Reset())
	if err != nil || d == nil {
		return nil, err
	}
	if d != into {
		*into = *d
	}
	v.last = 1 - v.last
	if pre == nil {
		pre = &bleveindex.TermFieldDoc{}
	}
	pre.Term, pre.Freq, pre.Norm = d.Term, d.Freq, d.Norm
	pre.ID = append(pre.ID[:0], d.ID...)
	pre.Vectors = pre.Vectors[:0]
	return pre, nil
}

// at is where the term stands in report id, one of the last two read.
func (v *vectorReader) at(id bleveindex.IndexInternalID) ([]*bleveindex.TermFieldVector, error) {
	for _, d := range []int{v.last, 1 - v.last} {
		if v.docs[d].ID.Equals(id) {
			return v.docs[d].Vectors, nil
		}
	}
	return nil, fmt.Errorf("phrase: the positions of %q in report %x are gone", v.docs[v.last].Term, id)
}

// Optimize lets Bleve's conjunction have the term's postings walk only
// the reports holding all of the phrase's terms (it intersects their
// posting lists first), as without the positions kept. The conjunction
// that reads no frequencies and positions at all is not for a phrase.
func (v *vectorReader) Optimize(kind string, octx bleveindex.OptimizableContext) (bleveindex.OptimizableContext, error) {
	if o, ok := v.TermFieldReader.(bleveindex.Optimizable); ok && kind == "conjunction" {
		return o.Optimize(kind, octx)
	}
	return nil, nil
}

// vectorIndex opens term readers that keep their terms' positions
// (vectorReader) for the term searchers made on it; last is the one
// opened last.
type vectorIndex struct {
	bleveindex.IndexReader
	last *vectorReader
}

func (r *vectorIndex) TermFieldReader(ctx context.Context, term []byte, field string, freq, norm, _ bool) (
	bleveindex.TermFieldReader, error) {
	t, err := r.IndexReader.TermFieldReader(ctx, term, field, freq, norm, true)
	if err != nil {
		return nil, err
	}
	r.last = &vectorReader{TermFieldReader: t}
	return r.last, nil
}

// FieldCardinality gives a term searcher the field statistics the index
// reader has for BM25, as the reader itself would.
func (r *vectorIndex) FieldCardinality(field string) (int, error) {
	if b, ok := r.IndexReader.(bleveindex.BM25Reader); ok {
		return b.FieldCardinality(field)
	}
	return 0, nil
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
	s := &positionSearcher{words: words}
	var terms []blevesearch.Searcher
	defer func() {
		if err != nil {
			for _, t := range terms {
				t.Close()
			}
			s.closeReaders()
		}
	}()
	// A phrase on the field holding its positions (_all: most phrases)
	// reads them with its terms, once; one naming title or body reads
	// them from _all, for the reports its terms find.
	s.fromMatch = index.PositionField(field) == field
	termsOn := r
	if s.fromMatch {
		s.kept = make([]*vectorReader, len(words))
		termsOn = &vectorIndex{IndexReader: r}
	}
	for i, w := range words {
		if w == "" {
			continue
		}
		t, err := searcher.NewTermSearcher(ctx, termsOn, w, field, boost, o)
		if err != nil {
			return nil, err
		}
		terms = append(terms, t)
		if s.fromMatch {
			s.kept[i] = termsOn.(*vectorIndex).last
		}
	}
	s.fields = []string{field}
	if field == index.FieldAll {
		s.fields = index.TextFields
	}
	s.pos = make([][]*bleveindex.TermFieldVector, len(words))
	if !s.fromMatch {
		s.at = make([]positions, len(words))
		for i, w := range words {
			if w == "" {
				continue
			}
			if s.at[i].tfr, err = r.TermFieldReader(ctx, []byte(w), index.PositionField(field), true, false, true); err != nil {
				return nil, err
			}
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

// matches reports whether the words stand in a row somewhere in one field
// of report m (a title does not run on into a body).
func (s *positionSearcher) matches(m *blevesearch.DocumentMatch) (bool, error) {
	for i, w := range s.words {
		if w == "" {
			continue
		}
		if s.fromMatch {
			at, err := s.kept[i].at(m.IndexInternalID)
			if err != nil {
				return false, err
			}
			s.pos[i] = at
			continue
		}
		if in, err := s.at[i].in(m.IndexInternalID); err != nil || !in {
			return false, err
		}
		s.pos[i] = s.at[i].doc.Vectors
	}
starts:
	for _, start := range s.pos[0] {
		if !slices.Contains(s.fields, start.Field) {
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
