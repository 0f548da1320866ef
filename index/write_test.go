package index

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// TestIndexedAsBleveIndexesIt: indexing workers analyse title and body
// before Bleve sees a document, and compose _all (see prepare). The index
// they build holds, for every term of _all, what Bleve's own Batch makes
// of the same documents: the same reports, term frequencies, lengths
// (norms) and term locations, each in its field; and for every term of
// title and body the same but the locations, which are in _all alone
// (see allField).
func TestIndexedAsBleveIndexesIt(t *testing.T) {
	ix, _, _, _ := wikiIndex(t)
	ref, err := bleve.New(filepath.Join(t.TempDir(), "ref"), Mapping())
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1000, 0, false)
	req.Fields = StoredFields
	all, err := ix.bleve.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	batch := ref.NewBatch()
	for _, hit := range all.Hits {
		r := ReportFromFields(hit.ID, hit.Fields)
		if err := batch.Index(hit.ID, fields(&r)); err != nil {
			t.Fatal(err)
		}
	}
	if err := ref.Batch(batch); err != nil {
		t.Fatal(err)
	}
	if len(all.Hits) < 250 {
		t.Fatalf("%d reports indexed, want the seed's ~290", len(all.Hits))
	}
	for _, field := range []string{FieldAll, FieldTitle, FieldBody} {
		got, want := postings(t, ix.bleve, field, true), postings(t, ref, field, field == FieldAll)
		if len(got) != len(want) || len(got) < 1000 {
			t.Fatalf("%s: %d terms, want %d", field, len(got), len(want))
		}
		bad := 0
		for term, w := range want {
			if g := got[term]; g != w && bad < 3 {
				bad++
				t.Errorf("%s:%q\n got %s\nwant %s", field, term, g, w)
			}
		}
	}
}

// TestDocValuesWhereRead: a report's terms are kept per report (doc
// values, which Bleve keeps for every field by default) only in the
// fields read that way: the actors and the date, for the actor table and
// sorting. Title and body keep none: nothing sorts or counts by their
// terms, and building and merging them cost a twentieth of indexing.
func TestDocValuesWhereRead(t *testing.T) {
	ix, _, _, _ := wikiIndex(t)
	r := readerOf(t, ix.bleve)
	want := append([]string{FieldDate}, actorFields[:]...)
	segs := r.(*scorch.IndexSnapshot).Segments()
	for _, seg := range segs {
		dv, ok := seg.Segment().(interface{ VisitableDocValueFields() ([]string, error) })
		if !ok {
			t.Fatalf("a %T has no doc values", seg.Segment())
		}
		got, err := dv.VisitableDocValueFields()
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range want {
			if !slices.Contains(got, f) {
				t.Errorf("doc values of %v, want %s among them", got, f)
			}
		}
		for _, f := range []string{FieldTitle, FieldBody, FieldAll} {
			if slices.Contains(got, f) {
				t.Errorf("doc values of %v, want none of %s", got, f)
			}
		}
	}
	if len(segs) == 0 {
		t.Error("no segments")
	}
}

// postings describes every term of a field: each report using it, with
// frequency, norm and (if locations) locations, by report ID.
func postings(t *testing.T, b bleve.Index, field string, locations bool) map[string]string {
	t.Helper()
	r := readerOf(t, b)
	out := map[string]string{}
	eachTerm(t, r, field, true, func(term string, tfr bleveindex.TermFieldReader) {
		byID := map[string]string{}
		for {
			d, err := tfr.Next(nil)
			if err != nil {
				t.Fatal(err)
			}
			if d == nil {
				break
			}
			id, err := r.ExternalID(d.ID)
			if err != nil {
				t.Fatal(err)
			}
			var locs []string
			for _, v := range d.Vectors {
				if !locations {
					break
				}
				locs = append(locs, fmt.Sprintf("%s@%d[%d:%d]", v.Field, v.Pos, v.Start, v.End))
			}
			// Bleve maps a document's fields in Go's map order, so which
			// of title and body comes first in _all varies from report
			// to report, in its index as in ours.
			slices.Sort(locs)
			byID[id] = fmt.Sprintf("freq %d norm %.4f %v", d.Freq, d.Norm, locs)
		}
		out[term] = fmt.Sprint(byID) // fmt sorts map keys
	})
	return out
}

// eachTerm calls fn with every term of a field and a reader of its
// postings (with frequencies, norms and locations when full).
func eachTerm(t *testing.T, r bleveindex.IndexReader, field string, full bool,
	fn func(term string, tfr bleveindex.TermFieldReader)) {
	t.Helper()
	dict, err := r.FieldDict(field)
	if err != nil {
		t.Fatal(err)
	}
	defer dict.Close()
	for {
		e, err := dict.Next()
		if err != nil {
			t.Fatal(err)
		}
		if e == nil {
			return
		}
		tfr, err := r.TermFieldReader(context.Background(), []byte(e.Term), field, full, full, full)
		if err != nil {
			t.Fatal(err)
		}
		fn(e.Term, tfr)
		tfr.Close()
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
