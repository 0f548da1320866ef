package search

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
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
	b, err := bleve.New(filepath.Join(t.TempDir(), "ref"), index.Mapping())
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
	bothReadings(t, func(t *testing.T) {
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
	})
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
		{"Putin said", false, "*search.segmentPhrase"},
		{"talks with the Taliban", false, "*search.segmentPhrase"},
		{"body:Putin said", false, "*search.positionSearcher"},
		// Bleve's phrase searcher, on _all.
		{"Putin said", true, "*searcher.PhraseSearcher"},
		{"Putin sayd", false, "*searcher.PhraseSearcher"}, // fuzzy
	} {
		field, phrase, named := strings.Cut(tc.phrase, ":")
		if !named {
			field, phrase = "", tc.phrase
		}
		pq := query.NewMatchPhraseQuery(phrase)
		pq.SetField(field)
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
		`"said it" Taliban`, `Putin^2 body:"the talks"`, `"the" said`,
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
	if w, ok := withFastSearchers(parsed).(wordsQuery); !ok {
		t.Errorf("a one-word query is %T, want wordsQuery", withFastSearchers(parsed))
	} else if _, ok := w.Query.(soleClause); !ok {
		t.Errorf("a one-word query searches as %T, want soleClause", w.Query)
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
	bothReadings(t, func(t *testing.T) {
		b := tableIndex(t, "../seeds", "testdata/reports.jsonl").Bleve()
		r := readerOf(t, b)
		ctx := blevesearch.ContextWithTermSearchersCounter(context.Background())
		type match struct {
			id    string
			score float64
		}
		// walk finds the phrase's matches from report `from` on (nil: from the start).
		// walk finds the phrase's matches, going to each of hops in turn
		// (Advance) once past the one before, and otherwise to the next match.
		walk := func(phrase, field string, o blevesearch.SearcherOptions, hops ...[]byte) []match {
			pq := query.NewMatchPhraseQuery(phrase)
			pq.SetField(field)
			s, err := phraseQuery{pq}.Searcher(ctx, r, b.Mapping(), o)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			want := "*search.segmentPhrase" // on _all, from the segments' postings
			if field != "" {
				want = "*search.positionSearcher" // scored on the field, positions from _all
			}
			if got := reflect.TypeOf(s).String(); got != want {
				t.Fatalf("%q in %q is searched by a %s, want a %s", phrase, field, got, want)
			}
			sctx := &blevesearch.SearchContext{DocumentMatchPool: blevesearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
			var out []match
			for {
				var dm *blevesearch.DocumentMatch
				var err error
				for len(hops) > 0 && len(out) > 0 && string(hops[0]) <= out[len(out)-1].id {
					hops = hops[1:]
				}
				if len(hops) > 0 {
					dm, err = s.Advance(sctx, hops[0])
					hops = hops[1:]
				} else {
					dm, err = s.Next(sctx)
				}
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
		// hopping is what a walk over whole gives going to hops in turn.
		hopping := func(whole []match, hops ...[]byte) []match {
			var out []match
			for i := 0; i < len(whole); i++ {
				for len(hops) > 0 && len(out) > 0 && string(hops[0]) <= out[len(out)-1].id {
					hops = hops[1:]
				}
				if len(hops) > 0 {
					for i < len(whole) && whole[i].id < string(hops[0]) {
						i++
					}
					hops = hops[1:]
					if i == len(whole) {
						break
					}
				}
				out = append(out, whole[i])
			}
			return out
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
				whole := walk(tc.phrase, tc.field, o)
				found += len(whole)
				for _, id := range ids {
					if got, want := walk(tc.phrase, tc.field, o, id), hopping(whole, id); !slices.Equal(got, want) {
						t.Errorf("%q in %q (score %q) from %x: got %v, want %v", tc.phrase, tc.field, score, id, got, want)
					}
				}
				// Hops across segments, part-way through a walk, as a
				// conjunction or a Boolean query advances its parts.
				for _, stride := range []int{7, 41, 97} {
					var hops [][]byte
					for k := stride; k < len(ids); k += stride {
						hops = append(hops, ids[k])
					}
					if got, want := walk(tc.phrase, tc.field, o, hops...), hopping(whole, hops...); !slices.Equal(got, want) {
						t.Errorf("%q in %q (score %q) hopping by %d: got %v, want %v", tc.phrase, tc.field, score, stride, got, want)
					}
				}
			}
		}
		if found < 12 {
			t.Errorf("the phrases matched %d times in all: the check says little", found)
		}
	})
}

// bothReadings runs test f on segments read with index.Positions, and
// again read with zap's iterators, as segments not yet on disk are.
func bothReadings(t *testing.T, f func(t *testing.T)) {
	t.Run("raw", f)
	t.Run("zap", func(t *testing.T) {
		defer func(r func(*scorch.SegmentSnapshot) bool) { readRaw = r }(readRaw)
		readRaw = func(*scorch.SegmentSnapshot) bool { return false }
		f(t)
	})
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

// updatedIndex is an index of the seed reports in several segments, some
// of whose reports were deleted or indexed again, changed, since.
func updatedIndex(t *testing.T) *index.Index {
	t.Helper()
	wiki, err := os.ReadFile("../seeds/wikinews.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimSpace(string(wiki)), "\n")
	dir := t.TempDir()
	writeFile := func(name string, lines []string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.Join(lines, "")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeFile("a.jsonl", lines[:150])
	writeFile("b.jsonl", lines[150:])
	ix, err := index.Create(filepath.Join(t.TempDir(), "idx"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	src, err := index.DiskSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Update([]index.Source{src}, index.Options{BatchSize: 40}); err != nil {
		t.Fatal(err)
	}
	// Every other report of b goes; a's first 20 are indexed again, changed.
	var kept []string
	for i, l := range lines[150:] {
		if i%2 == 0 {
			kept = append(kept, l)
		}
	}
	writeFile("b.jsonl", kept)
	changed := slices.Clone(lines[:150])
	for i := range 20 {
		changed[i] = strings.Replace(changed[i], `"body":"`, `"body":"Updated. `, 1)
	}
	writeFile("a.jsonl", changed)
	if st, err := ix.Update([]index.Source{src}, index.Options{BatchSize: 40}); err != nil || st.Deleted == 0 {
		t.Fatalf("update: %+v, %v", st, err)
	}
	if n := len(readerOf(t, ix.Bleve()).(*scorch.IndexSnapshot).Segments()); n < 2 {
		t.Fatalf("%d segments: the check says little", n)
	}
	return ix
}

// TestSegmentPhraseAsBleveOnAnUpdatedIndex: on an index of several
// segments, some of whose reports were deleted or indexed again since,
// phrases on _all (read from the segments' postings, see segmentPhrase)
// find the reports, with the scores, that Bleve's own phrase queries find
// on the same index, and none that is gone.
func TestSegmentPhraseAsBleveOnAnUpdatedIndex(t *testing.T) {
	bothReadings(t, func(t *testing.T) {
		ix := updatedIndex(t)
		stats := ix.BM25Stats()
		search := func(q query.Query) []phraseHit {
			req := bleve.NewSearchRequestOptions(q, 1000, 0, false)
			req.PreSearchData = map[string]any{bleveBM25Key: stats}
			res, err := ix.Bleve().Search(req)
			if err != nil {
				t.Fatal(err)
			}
			var out []phraseHit
			for _, h := range res.Hits {
				out = append(out, phraseHit{ID: h.ID, Score: h.Score})
			}
			slices.SortFunc(out, func(a, b phraseHit) int { return strings.Compare(a.ID, b.ID) })
			return out
		}
		found := 0
		for _, phrase := range []string{`"prime minister"`, `"Vladimir Putin"`, `"the United States"`, `"said on Monday"`,
			`"told reporters"`, `"the European Union"`, `"Updated"`, `"Updated the"`} {
			parsed, err := query.NewQueryStringQuery(phrase).Parse()
			if err != nil {
				t.Fatal(err)
			}
			again, _ := query.NewQueryStringQuery(phrase).Parse()
			got, want := search(withFastSearchers(parsed)), search(again)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: got %v\nwant %v", phrase, got, want)
			}
			found += len(want)
		}
		if found < 40 {
			t.Errorf("the phrases matched %d times in all: the check says little", found)
		}
	})
}
