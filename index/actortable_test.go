package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
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
	dir := t.TempDir()
	wiki, err := os.ReadFile("../seeds/wikinews.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimSpace(string(wiki)), "\n")
	write(t, filepath.Join(dir, "a.jsonl"), strings.Join(lines[:150], ""))
	write(t, filepath.Join(dir, "b.jsonl"), strings.Join(lines[150:], ""))
	ix, err := Create(filepath.Join(t.TempDir(), "idx"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	src, err := DiskSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Update([]Source{src}, Options{BatchSize: 40}); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		mq := func(s string) query.Query { return query.NewQueryStringQuery(s) }
		cq := query.NewTermQuery("US")
		cq.SetField(FieldCountries)
		for _, q := range []query.Query{query.NewMatchAllQuery(), mq("election"), mq("the"), mq(`"prime minister"`),
			cq, mq("zzzznothing")} {
			for _, size := range []int{3, 10, 5000} {
				got := countActors(t, ix, q, size)
				if want := bleveCounts(t, ix, q, size); !reflect.DeepEqual(normal(got), normal(want)) {
					t.Errorf("%s: query %#v size %d:\ngot  %+v\nwant %+v", when, q, size, got, want)
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
	adv, err := ix.bleve.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, before, err := ix.snapshot()
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	if err := adv.(*scorch.Scorch).ForceMerge(context.Background(), &mergeplan.SingleSegmentMergePlanOptions); err != nil {
		t.Fatal(err)
	}
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

// countActors counts from the actor table, waiting for it to be read
// again when a background merge has changed the index's segments.
func countActors(t testing.TB, ix *Index, q query.Query, size int) ActorCounts {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		got, ok, err := ix.CountActors(context.Background(), q, size)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			return got
		}
	}
	t.Fatal("the actor table was not ready")
	return ActorCounts{}
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

// BenchmarkCountActors: facets of every report and of a word's reports
// from the actor table (a search's hot path), on the Wikinews seeds.
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
	for _, q := range []query.Query{query.NewMatchAllQuery(), query.NewQueryStringQuery("said")} {
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
