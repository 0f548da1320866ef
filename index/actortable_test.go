package index

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/search/query"
)

// bleveCounts counts facets the way Bleve does, for comparison.
func bleveCounts(t *testing.T, ix *Index, q query.Query, size int) ActorCounts {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	for _, f := range actorFields {
		req.AddFacet(f, bleve.NewFacetRequest(f, size))
	}
	res, err := ix.bleve.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	conv := func(field string) []ValueCount {
		out := []ValueCount{}
		for _, tf := range res.Facets[field].Terms.Terms() {
			out = append(out, ValueCount{Value: tf.Term, Count: tf.Count})
		}
		return out
	}
	return ActorCounts{Matches: res.Total, People: conv(FieldPeople), Countries: conv(FieldCountries),
		Organizations: conv(FieldOrganizations)}
}

// TestCountActorsAgreesWithBleve: facets counted from the actor table are
// Bleve's facets, value for value and in the same order, on an index of
// several segments with reports deleted and changed, and again after a
// change to the index.
func TestCountActorsAgreesWithBleve(t *testing.T) {
	ix, dir, src, lines := wikiIndex(t)
	check := func(when string) {
		mq := func(s string) query.Query { return query.NewQueryStringQuery(s) }
		cq := query.NewTermQuery("US")
		cq.SetField(FieldCountries)
		// A person named in one report only: a segment keeps such a
		// term's one report in place of its postings.
		people := countActors(t, ix, query.NewMatchAllQuery(), 5000).People
		if len(people) == 0 || people[len(people)-1].Count != 1 {
			t.Fatalf("%s: no person named once in %+v", when, people)
		}
		once := query.NewTermQuery(people[len(people)-1].Value)
		once.SetField(FieldPeople)
		defer func(at uint64) { parallelWalkAt = at }(parallelWalkAt)
		for _, at := range []uint64{math.MaxUint64, 1} { // counted in one walk, and in two halves at once
			parallelWalkAt = at
			for _, q := range []query.Query{query.NewMatchAllQuery(), mq("election"), mq("the"), mq(`"prime minister"`),
				cq, once, mq("zzzznothing")} {
				for _, size := range []int{3, 10, 5000} {
					got := countActors(t, ix, q, size)
					if want := bleveCounts(t, ix, q, size); !reflect.DeepEqual(normal(got), normal(want)) {
						t.Errorf("%s, walks from %d matches: query %#v size %d:\ngot  %+v\nwant %+v", when, at, q, size, got, want)
					}
				}
			}
		}
	}
	check("first build")
	// Drop a file and change it back in part: deleted and re-added
	// reports leave holes in Bleve's document numbers.
	write(t, filepath.Join(dir, "a.jsonl"), strings.Join(lines[20:100], ""))
	if _, err := ix.Update([]Source{src}, Options{BatchSize: 40}); err != nil {
		t.Fatal(err)
	}
	check("after an update")
	// A merge renumbers Bleve's documents: the table is read again.
	r, before, err := ix.snapshot()
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	forceMerge(t, ix)
	r, after, err := ix.snapshot()
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	if len(after) != 1 {
		t.Fatalf("segments after a forced merge: %v (before: %v)", after, before)
	}
	check("after a merge")
}

// wikiIndex indexes the seed Wikinews reports from two files in several
// segments (batches of 40).
func wikiIndex(t *testing.T) (ix *Index, dir string, src Source, lines []string) {
	t.Helper()
	dir = t.TempDir()
	wiki, err := os.ReadFile("../seeds/wikinews.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	lines = strings.SplitAfter(strings.TrimSpace(string(wiki)), "\n")
	write(t, filepath.Join(dir, "a.jsonl"), strings.Join(lines[:150], ""))
	write(t, filepath.Join(dir, "b.jsonl"), strings.Join(lines[150:], ""))
	if ix, err = Create(filepath.Join(t.TempDir(), "idx")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if src, err = DiskSource(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Update([]Source{src}, Options{BatchSize: 40}); err != nil {
		t.Fatal(err)
	}
	return ix, dir, src, lines
}

// TestLatestActorsInTwoHalves: walked in two halves of the document
// numbers at once, a count gives what one walk gives: the same counts and
// the same newest reports in the same order, from any position.
func TestLatestActorsInTwoHalves(t *testing.T) {
	ix, _, _, _ := wikiIndex(t)
	countActors(t, ix, query.NewMatchAllQuery(), 1) // wait for the table
	defer func(at uint64) { parallelWalkAt = at }(parallelWalkAt)
	latest := func(q query.Query, from, n int) (ActorCounts, []ScoredHit) {
		var counts ActorCounts
		var hits []ScoredHit
		fromTable(t, func() (ok bool, err error) {
			counts, hits, _, ok, err = ix.SearchActors(context.Background(), q, 10, from, n, false, true)
			return ok, err
		})
		return counts, hits
	}
	for _, q := range []query.Query{query.NewMatchAllQuery(), query.NewQueryStringQuery("said"),
		query.NewQueryStringQuery("election")} {
		for _, page := range [][2]int{{0, 10}, {5, 20}, {250, 10}} {
			parallelWalkAt = math.MaxUint64
			wantCounts, wantIDs := latest(q, page[0], page[1])
			parallelWalkAt = 1
			gotCounts, gotIDs := latest(q, page[0], page[1])
			if !reflect.DeepEqual(gotCounts, wantCounts) || !slices.Equal(gotIDs, wantIDs) {
				t.Errorf("query %#v, %v: in two halves\n%+v %v\nin one walk\n%+v %v", q, page, gotCounts, gotIDs, wantCounts, wantIDs)
			}
			if page[0] == 0 && len(wantIDs) == 0 {
				t.Errorf("query %#v found nothing: the check says little", q)
			}
		}
	}
}

// TestSearchActorsInTwoHalves: a scored search walked in two halves at
// once keeps the same hits, scores and order as one walk, by score and by
// date, from any position.
func TestSearchActorsInTwoHalves(t *testing.T) {
	ix, _, _, _ := wikiIndex(t)
	countActors(t, ix, query.NewMatchAllQuery(), 1) // wait for the table
	defer func(at uint64) { parallelWalkAt = at }(parallelWalkAt)
	search := func(q query.Query, from, n int, byDate bool) (ActorCounts, []ScoredHit, float64) {
		var counts ActorCounts
		var hits []ScoredHit
		var maxScore float64
		fromTable(t, func() (ok bool, err error) {
			counts, hits, maxScore, ok, err = ix.SearchActors(context.Background(), q, 10, from, n, true, byDate)
			return ok, err
		})
		return counts, hits, maxScore
	}
	for _, q := range []query.Query{query.NewQueryStringQuery("said"), query.NewQueryStringQuery("election minister"),
		query.NewQueryStringQuery(`"prime minister"`)} {
		for _, byDate := range []bool{false, true} {
			for _, page := range [][2]int{{0, 10}, {5, 20}, {250, 10}} {
				parallelWalkAt = math.MaxUint64
				wantCounts, wantHits, wantMax := search(q, page[0], page[1], byDate)
				parallelWalkAt = 1
				gotCounts, gotHits, gotMax := search(q, page[0], page[1], byDate)
				if !reflect.DeepEqual(gotCounts, wantCounts) || !slices.Equal(gotHits, wantHits) || gotMax != wantMax {
					t.Errorf("query %#v, %v, by date %v: in two halves\n%+v %v %v\nin one walk\n%+v %v %v", q, page, byDate,
						gotCounts, gotHits, gotMax, wantCounts, wantHits, wantMax)
				}
				if page[0] == 0 && (len(wantHits) == 0 || wantMax == 0) {
					t.Errorf("query %#v found nothing scored: the check says little", q)
				}
			}
		}
	}
}

// snapshotOf opens a snapshot of ix, closed when the test ends.
func snapshotOf(t testing.TB, ix *Index) *scorch.IndexSnapshot {
	t.Helper()
	r, _, err := ix.snapshot()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r.(*scorch.IndexSnapshot)
}

// forceMerge merges ix's segments into one.
func forceMerge(t testing.TB, ix *Index) {
	t.Helper()
	adv, err := ix.bleve.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	if err := adv.(*scorch.Scorch).ForceMerge(context.Background(), &mergeplan.SingleSegmentMergePlanOptions); err != nil {
		t.Fatal(err)
	}
}

// countActors counts from the actor table, waiting for it to be read
// again when a background merge has changed the index's segments.
func countActors(t testing.TB, ix *Index, q query.Query, size int) ActorCounts {
	t.Helper()
	var got ActorCounts
	fromTable(t, func() (ok bool, err error) {
		got, ok, err = ix.CountActors(context.Background(), q, size)
		return ok, err
	})
	return got
}

// fromTable calls f until the actor table answers it (ok): a background
// merge that changes the index's segments after the table was read makes
// the table wait to be read again, and a test must wait with it.
func fromTable(t testing.TB, f func() (ok bool, err error)) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		ok, err := f()
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			return
		}
	}
	t.Fatal("the actor table was not ready")
}

// normal makes empty and nil lists alike.
func normal(c ActorCounts) ActorCounts {
	for _, l := range []*[]ValueCount{&c.People, &c.Countries, &c.Organizations} {
		if len(*l) == 0 {
			*l = nil
		}
	}
	return c
}

// BenchmarkCountActors: facets of every report, of a word's reports and
// of an actor filter's from the actor table (a search's hot path), on the
// Wikinews seeds.
func BenchmarkCountActors(b *testing.B) {
	src, err := DiskSource("../seeds/wikinews.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	ix, _, err := Rebuild(filepath.Join(b.TempDir(), "idx"), []Source{src}, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	country := query.NewTermQuery("US") // an actor filter alone: the segments' bitmaps
	country.SetField(FieldCountries)
	for _, q := range []query.Query{query.NewMatchAllQuery(), query.NewQueryStringQuery("said"), country} {
		b.Run(fmt.Sprintf("%T", q), func(b *testing.B) {
			countActors(b, ix, q, 10) // the table is read
			for range b.N {
				if _, ok, err := ix.CountActors(context.Background(), q, 10); !ok || err != nil {
					b.Fatal(ok, err)
				}
			}
		})
	}
}

// BenchmarkFilterWalk walks an actor filter's reports, as the actor
// table's walk does, from the segments' bitmaps (bitmapWalker) and
// through Bleve's term reader (postingsWalker, for indexes not in
// segments), on the Wikinews seeds in several segments.
func BenchmarkFilterWalk(b *testing.B) {
	src, err := DiskSource("../seeds/wikinews.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	ix, _, err := Rebuild(filepath.Join(b.TempDir(), "idx"), []Source{src}, Options{BatchSize: 40})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() }) // after the snapshot's
	r := snapshotOf(b, ix)
	walkers := map[string]func() (MatchWalker, error){
		"bitmaps": func() (MatchWalker, error) {
			return newBitmapWalker(r, FieldCountries, []byte("US"))
		},
		"termreader": func() (MatchWalker, error) {
			tfr, err := r.TermFieldReader(context.Background(), []byte("US"), FieldCountries, false, false, false)
			return postingsWalker{tfr}, err
		},
	}
	for _, name := range []string{"bitmaps", "termreader"} {
		b.Run(name, func(b *testing.B) {
			matches := 0
			for range b.N {
				w, err := walkers[name]()
				if err != nil {
					b.Fatal(err)
				}
				if err := w.Walk(context.Background(), 1024, 0, math.MaxUint64, func(uint64, float64) error {
					matches++
					return nil
				}); err != nil {
					b.Fatal(err)
				}
				w.Close()
			}
			if matches == 0 {
				b.Fatal("the filter matched nothing")
			}
		})
	}
}
