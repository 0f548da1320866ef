package search

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsdesk/newsdesk/index"
)

// phraseHit is what a phrase search must give alike both ways.
type phraseHit struct {
	ID        string
	Score     float64
	Locations blevesearch.FieldTermLocationMap
}

// bleveComposed indexes the title and body of the reports of paths with
// newsdesk's mapping in Bleve's own way, which keeps the positions of
// their terms in title and body as well as in _all (newsdesk's only in
// _all, see index.PositionField): Bleve's own queries find phrases and
// term locations in every field there, as a reference for newsdesk's.
func bleveComposed(t testing.TB, paths ...string) bleve.Index {
	t.Helper()
	b, err := bleve.NewMemOnly(index.Mapping())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	batch := b.NewBatch()
	for _, p := range paths {
		src, err := index.DiskSource(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := src.Reports(func(r index.Report) error {
			return batch.Index(r.ID, map[string]any{index.FieldTitle: r.Title, index.FieldBody: r.Body})
		}, func(p index.Problem) { t.Fatal(p) }); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Batch(batch); err != nil {
		t.Fatal(err)
	}
	return b
}

// asBleve runs a query string on s's index as newsdesk runs it
// (withFastSearchers, and with locations the fetch of a page's term
// locations), and Bleve's own query on ref, the same reports indexed by
// Bleve itself. Both are scored with s's index's BM25 statistics (Bleve's
// own would depend on how each index is cut into segments). Hits come by
// score, then ID: the two indexes number their reports differently,
// which orders ties differently.
func asBleve(t *testing.T, s *Searcher, ref bleve.Index, q string, locations bool) (got, want []phraseHit) {
	t.Helper()
	parse := func() query.Query {
		parsed, err := query.NewQueryStringQuery(q).Parse()
		if err != nil {
			t.Fatal(err)
		}
		return parsed
	}
	run := func(b bleve.Index, q query.Query, locations bool) []phraseHit {
		req := bleve.NewSearchRequestOptions(q, 1000, 0, false)
		req.IncludeLocations = locations
		req.PreSearchData = map[string]any{bleveBM25Key: s.Index().BM25Stats()}
		res, err := b.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		var out []phraseHit
		for _, h := range res.Hits {
			hit := phraseHit{ID: h.ID, Score: h.Score}
			if locations {
				hit.Locations = h.Locations
			}
			out = append(out, hit)
		}
		slices.SortFunc(out, func(a, b phraseHit) int {
			return cmp.Or(cmp.Compare(b.Score, a.Score), strings.Compare(a.ID, b.ID))
		})
		return out
	}
	want = run(ref, parse(), locations)
	// Indexes built before newsdesk kept term positions in _all only hold
	// them where Bleve does: newsdesk's searchers find Bleve's hits and
	// scores there too.
	if older := run(ref, withFastSearchers(parse()), false); !slices.EqualFunc(older, want,
		func(a, b phraseHit) bool { return a.ID == b.ID && a.Score == b.Score }) {
		t.Errorf("%s: on an index laid out as Bleve lays it out, got %+v\nwant %+v", q, older, want)
	}
	ours := withFastSearchers(parse())
	got = run(s.Index().Bleve(), ours, false)
	if locations && len(got) > 0 {
		ids := make([]string, len(got))
		for i, h := range got {
			ids[i] = h.ID
		}
		h := s.acquire()
		defer h.release()
		byID, err := s.fetch(context.Background(), h, ours, ids, nil, true)
		if err != nil {
			t.Fatal(err)
		}
		for i := range got {
			if byID[got[i].ID] == nil {
				t.Fatalf("%s: fetch lost report %s", q, got[i].ID)
			}
			got[i].Locations = byID[got[i].ID].Locations
		}
	}
	return got, want
}

// TestPhrasesAsBleveFindsThem: phraseQuery finds what Bleve's phrase
// query finds in an index Bleve composed itself, with the same scores
// (and, when asked, term locations): phrases that analysis leaves one
// word ("said on": "on" is a stop word), phrases with a stop word inside,
// phrases within queries, and many phrases cut from the fixture's own
// text.
func TestPhrasesAsBleveFindsThem(t *testing.T) {
	paths := []string{"../seeds", "testdata/reports.jsonl"}
	s, ref := New(tableIndex(t, paths...), Config{}), bleveComposed(t, paths...)
	queries := []string{`"said on"`, `"the Taliban"`, `title:"a Putin"`, `"Putin said"`, `"Vladimir Putin" +"talks with"`,
		`"Putin Vladimir"`, `"the of"`, `"talks with the Taliban"`, `+"special representative" -Pakistan`,
		`"hosted Zalmay Khalilzad, the US"`, `Putin "said on Monday"`, `body:"new sanctions would fail"`,
		`"said the"`}
	var text []string
	src, err := index.DiskSource("testdata/reports.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	src.Reports(func(r index.Report) error {
		text = append(text, strings.Fields(r.Body)...)
		// The title's last word and the body's word at the next position
		// of its own field: a phrase only if fields ran on into each other.
		title, body := strings.Fields(r.Title), strings.Fields(r.Body)
		if len(body) > len(title) {
			queries = append(queries, fmt.Sprintf("%q", title[len(title)-1]+" "+body[len(title)]))
		}
		return nil
	}, func(index.Problem) {})
	rng := rand.New(rand.NewPCG(1, 2))
	for range 60 {
		n, i := 2+rng.IntN(3), rng.IntN(len(text)-5)
		queries = append(queries, fmt.Sprintf("%q", strings.Trim(strings.Join(text[i:i+n], " "), `".,`)))
	}
	matched, located := 0, 0
	for _, q := range queries {
		for _, locations := range []bool{false, true} {
			got, want := asBleve(t, s, ref, q, locations)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s (locations %v): got %+v\nwant %+v", q, locations, got, want)
			}
			if len(want) > 0 {
				matched++
			}
			if locations && len(want) > 0 && len(want[0].Locations) > 0 {
				located++
			}
		}
	}
	if matched < len(queries) || located < len(queries)/2 {
		t.Errorf("only %d of %d searches matched anything, %d with locations: the check says little",
			matched, 2*len(queries), located)
	}
}

// TestPhraseSearchers: the searcher each kind of phrase gets.
func TestPhraseSearchers(t *testing.T) {
	ix := tableIndex(t, "testdata/reports.jsonl")
	b := ix.Bleve()
	r := readerOf(t, b)
	for _, tc := range []struct {
		phrase    string
		locations bool
		want      string
	}{
		{"said on", false, "*searcher.TermSearcher"},
		{"said on", true, "*searcher.TermSearcher"},
		{"Putin said", false, "*search.positionSearcher"},
		{"talks with the Taliban", false, "*search.positionSearcher"},
		// Bleve's phrase searcher, on _all.
		{"Putin said", true, "*searcher.PhraseSearcher"},
		{"Putin sayd", false, "*searcher.PhraseSearcher"}, // fuzzy
	} {
		pq := query.NewMatchPhraseQuery(tc.phrase)
		if strings.Contains(tc.phrase, "sayd") {
			pq.SetFuzziness(1)
		}
		s, err := phraseQuery{pq}.Searcher(context.Background(), r, b.Mapping(),
			blevesearch.SearcherOptions{IncludeTermVectors: tc.locations})
		if err != nil {
			t.Fatal(err)
		}
		if got := reflect.TypeOf(s).String(); got != tc.want {
			t.Errorf("%q (locations %v): a %s, want a %s", tc.phrase, tc.locations, got, tc.want)
		}
		s.Close()
	}
}

// TestSoleClauseAsBleve: a query string of one clause searches as that
// clause (soleClause), and a word as its term (matchQuery), with the
// hits, scores and locations Bleve's own query gives in an index Bleve
// composed itself, to the bit.
func TestSoleClauseAsBleve(t *testing.T) {
	paths := []string{"../seeds", "testdata/reports.jsonl"}
	s, ref := New(tableIndex(t, paths...), Config{}), bleveComposed(t, paths...)
	for _, q := range []string{"said", "Taliban", "gov*", "talibn~1", "/tali.*/", "title:Putin", `person:"Vladimir Putin"`,
		`"wheat harvest"`, `"said on"`, "zzznothing", `+said`, `-said`,
		// Words among others: each word searches as its term (matchQuery).
		"oil prices", "+Putin Taliban -sanctions", "Putin^3 said", "title:Putin body:talks", "the", "U.S.-led", "Putin's",
		// Patterns and fuzzy words naming a field: their locations in that field only.
		"title:put*", "body:/tal.*/", "title:talibn~1 said"} {
		for _, locations := range []bool{false, true} {
			if q == `person:"Vladimir Putin"` {
				continue // the reference holds title and body only
			}
			if got, want := asBleve(t, s, ref, q, locations); !reflect.DeepEqual(got, want) {
				t.Errorf("%s (locations %v): got %+v\nwant %+v", q, locations, got, want)
			}
		}
	}
	parsed, err := query.NewQueryStringQuery("said").Parse()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := withFastSearchers(parsed).(soleClause); !ok {
		t.Errorf("a one-word query is %T, want soleClause", withFastSearchers(parsed))
	}
}

// TestMatchQueryAsBleve: on its own, without a parent query to set its
// norm, matchQuery scores as Bleve's match query does.
func TestMatchQueryAsBleve(t *testing.T) {
	b := tableIndex(t, "../seeds", "testdata/reports.jsonl").Bleve()
	for _, word := range []string{"said", "Taliban", "talks", "the", "sanctions"} {
		var got, want []phraseHit
		for i, q := range []query.Query{matchQuery{query.NewMatchQuery(word)}, query.NewMatchQuery(word)} {
			res, err := b.Search(bleve.NewSearchRequestOptions(q, 1000, 0, false))
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				if i == 0 {
					got = append(got, phraseHit{ID: h.ID, Score: h.Score})
				} else {
					want = append(want, phraseHit{ID: h.ID, Score: h.Score})
				}
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %+v\nwant %+v", word, got, want)
		}
	}
}

// TestPhraseSearcherAdvances: the actor table's walks start a phrase's
// search part-way (Advance, one walk a core) and go on from there. From
// any report, the phrase searcher finds the matches a walk from the
// start finds there, with the same scores, scored or not, in _all or in
// a field named.
func TestPhraseSearcherAdvances(t *testing.T) {
	b := tableIndex(t, "../seeds", "testdata/reports.jsonl").Bleve()
	r := readerOf(t, b)
	ctx := blevesearch.ContextWithTermSearchersCounter(context.Background())
	type match struct {
		id    string
		score float64
	}
	// walk finds the phrase's matches from report `from` on (nil: from the start).
	walk := func(phrase, field string, o blevesearch.SearcherOptions, from []byte) []match {
		pq := query.NewMatchPhraseQuery(phrase)
		pq.SetField(field)
		s, err := phraseQuery{pq}.Searcher(ctx, r, b.Mapping(), o)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, ok := s.(*positionSearcher); !ok {
			t.Fatalf("%q is searched by a %T", phrase, s)
		}
		sctx := &blevesearch.SearchContext{DocumentMatchPool: blevesearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
		var out []match
		next := func() (*blevesearch.DocumentMatch, error) { return s.Next(sctx) }
		if from != nil {
			next = func() (*blevesearch.DocumentMatch, error) {
				next = func() (*blevesearch.DocumentMatch, error) { return s.Next(sctx) }
				return s.Advance(sctx, from)
			}
		}
		for {
			dm, err := next()
			if err != nil {
				t.Fatal(err)
			}
			if dm == nil {
				return out
			}
			out = append(out, match{string(dm.IndexInternalID), dm.Score})
			sctx.DocumentMatchPool.Put(dm)
		}
	}
	// Every report's internal ID, in index order: the places to start from.
	all, err := query.NewMatchAllQuery().Searcher(ctx, r, b.Mapping(), blevesearch.SearcherOptions{Score: "none"})
	if err != nil {
		t.Fatal(err)
	}
	var ids [][]byte
	sctx := &blevesearch.SearchContext{DocumentMatchPool: blevesearch.NewDocumentMatchPool(all.DocumentMatchPoolSize(), 0)}
	for dm, err := all.Next(sctx); dm != nil || err != nil; dm, err = all.Next(sctx) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, slices.Clone(dm.IndexInternalID))
	}
	all.Close()
	found := 0
	for _, tc := range []struct{ phrase, field string }{{"Vladimir Putin", ""}, {"said on Monday", ""},
		{"the Taliban said", ""}, {"prime minister", ""}, {"Putin said", "body"}, {"Vladimir Putin", "title"}} {
		for _, score := range []string{"", "none"} {
			o := blevesearch.SearcherOptions{Score: score}
			whole := walk(tc.phrase, tc.field, o, nil)
			found += len(whole)
			for _, id := range ids {
				i := slices.IndexFunc(whole, func(m match) bool { return m.id >= string(id) })
				if i < 0 {
					i = len(whole)
				}
				if got := walk(tc.phrase, tc.field, o, id); !slices.Equal(got, whole[i:]) {
					t.Errorf("%q in %q (score %q) from %x: got %v, want %v", tc.phrase, tc.field, score, id, got, whole[i:])
				}
			}
		}
	}
	if found < 12 {
		t.Errorf("the phrases matched %d times in all: the check says little", found)
	}
}

// readerOf opens a reader of b's index for the test, closed when it ends.
func readerOf(t testing.TB, b bleve.Index) bleveindex.IndexReader {
	t.Helper()
	adv, err := b.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}
