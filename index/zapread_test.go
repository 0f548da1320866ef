package index

import (
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
)

// manyReports writes n made-up reports to path: every one says "said",
// most a few words of a small vocabulary many times over (frequencies
// above 1, positions past 127), so that a word's postings in one segment
// run over several of zap's chunks.
func manyReports(t *testing.T, path string, n int, seed uint64) {
	t.Helper()
	words := strings.Fields("inc said profit share market oil bank minister talks rise fall quarter year " +
		"company group police court vote")
	r := rand.New(rand.NewPCG(seed, 1))
	var b strings.Builder
	for i := range n {
		body := make([]string, 5+r.IntN(300))
		for j := range body {
			body[j] = words[r.IntN(len(words))]
		}
		body[r.IntN(len(body))] = "said"
		if i%500 == 0 {
			body = append(body, "rareword")
		}
		title := fmt.Sprintf("%s %s report %d", words[r.IntN(len(words))], words[r.IntN(len(words))], i)
		fmt.Fprintf(&b, `{"id":"r%d","title":%q,"date":"2020-01-02","body":%q}`+"\n", i, title, strings.Join(body, " "))
	}
	write(t, path, b.String())
}

// TestPositionsAsZap: Positions reads, for every report a term's postings
// hold, the frequency, norm and locations zap's own iterator reads, on
// postings of one chunk and of several, past deleted reports, seeking
// every report and seeking some.
func TestPositionsAsZap(t *testing.T) {
	dir := t.TempDir()
	manyReports(t, filepath.Join(dir, "a.jsonl"), 2600, 1)
	path := filepath.Join(t.TempDir(), "idx")
	ix, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	src, err := DiskSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{BatchSize: 500, NoActors: true}
	if _, err := ix.Update([]Source{src}, opts); err != nil {
		t.Fatal(err)
	}
	forceMerge(t, ix)
	// Reports changed since: the merged segment's are deleted, their new
	// versions in new segments.
	manyReports(t, filepath.Join(dir, "a.jsonl"), 2600, 2)
	if _, err := ix.Update([]Source{src}, Options{BatchSize: 300, NoActors: true}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if ix, err = Open(path); err != nil { // its segments read from disk
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() }) // after the snapshot's
	segs, _ := SegmentsOf(snapshotOf(t, ix))
	chunked, deleted, oneHit := false, false, false
	for si, ss := range segs {
		if !Readable(ss) {
			t.Fatalf("segment %d (%T) is not readable from disk", si, ss.Segment())
		}
		deleted = deleted || ss.Deleted() != nil && !ss.Deleted().IsEmpty()
		fields := ss.Segment().Fields()
		for _, c := range []struct {
			field string
			locs  bool
		}{{FieldAll, true}, {FieldAll, false}, {FieldTitle, false}, {FieldBody, false}} {
			for _, term := range []string{"said", "inc", "profit", "report", "rareword", "absentword", "2599", "7"} {
				for _, every := range []int{1, 7} {
					var p Positions
					open := p.OpenFreqs
					if c.locs {
						open = p.Open
					}
					found, err := open(ss, c.field, []byte(term))
					if err != nil {
						t.Fatalf("segment %d, %s: %v", si, term, err)
					}
					pl, err := TermPostings(ss, c.field, []byte(term))
					if err != nil {
						t.Fatal(err)
					}
					if !found {
						if pl != nil && pl.Count() > 0 {
							t.Errorf("segment %d: %s not found, zap has %d reports", si, term, pl.Count())
						}
						continue
					}
					if p.chunkSize > 0 && p.chunkSize < p.Postings().GetCardinality() {
						chunked = true
					}
					oneHit = oneHit || p.one
					it := pl.Iterator(true, true, c.locs, nil)
					k := 0
					for q, err := it.Next(); q != nil || err != nil; q, err = it.Next() {
						if err != nil {
							t.Fatal(err)
						}
						if k++; k%every != 0 {
							continue
						}
						n := uint32(q.Number())
						if every == 1 {
							err = p.Seek(n)
						} else if m, ok, aerr := p.Advance(n - 2); aerr != nil || !ok || m > n {
							// Advance to a number before the report: it stops
							// at the report or at one in between.
							err = fmt.Errorf("advance to %d: %d %v %v", n-2, m, ok, aerr)
						} else if m < n {
							err = p.Seek(n)
						}
						if err != nil {
							t.Fatalf("segment %d, %s in %s, report %d: %v", si, term, c.field, n, err)
						}
						if p.Freq != q.Frequency() || p.Norm() != q.Norm() {
							t.Fatalf("segment %d, %s, report %d: freq %d norm %v, zap %d %v",
								si, term, n, p.Freq, p.Norm(), q.Frequency(), q.Norm())
						}
						var got, want []string
						for b := p.Locs; len(b) > 0; {
							f, pos, rest, ok := NextLocation(b)
							if !ok || f >= uint64(len(fields)) {
								t.Fatalf("segment %d, %s, report %d: malformed locations", si, term, n)
							}
							got, b = append(got, fmt.Sprint(fields[f], pos)), rest
						}
						for _, l := range q.Locations() {
							want = append(want, fmt.Sprint(l.Field(), l.Pos()))
						}
						if fmt.Sprint(got) != fmt.Sprint(want) {
							t.Fatalf("segment %d, %s, report %d: locations\n%v\nzap\n%v", si, term, n, got, want)
						}
					}
					live := p.Postings().Clone()
					if del := ss.Deleted(); del != nil {
						live.AndNot(del)
					}
					if k == 0 && !live.IsEmpty() {
						t.Errorf("segment %d: %s found in %d live reports, zap has none", si, term, live.GetCardinality())
					}
					if m, ok, err := p.Advance(math.MaxUint32); ok || err != nil {
						t.Errorf("segment %d, %s in %s: past the end, %d %v %v", si, term, c.field, m, ok, err)
					}
				}
			}
		}
	}
	if !chunked || !deleted || !oneHit || len(segs) < 2 {
		t.Errorf("chunked postings %v, deleted reports %v, a term in one report %v, %d segments: the check says little",
			chunked, deleted, oneHit, len(segs))
	}
}
