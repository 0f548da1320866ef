package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/numeric"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// TestDateTermRangesCoverExactly: the runs of terms for a range cover
// every time in it once and nothing else, each run at its precision's
// bucket boundaries, and a run below the coarsest precision holds fewer
// terms than one bucket of the next.
func TestDateTermRangesCoverExactly(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	edges := []uint64{0, 1, math.MaxUint64, math.MaxUint64 - 1, 1 << 63, 1<<63 - 1, 1 << 56, 1<<48 - 1, 1 << 40}
	pick := func() uint64 {
		switch rng.IntN(4) {
		case 0:
			return edges[rng.IntN(len(edges))]
		case 1: // near a bucket boundary
			return uint64(1)<<dateShifts[1+rng.IntN(len(dateShifts)-1)]*uint64(rng.IntN(1000)) + uint64(rng.IntN(3)) - 1
		case 2: // a date of the last two centuries
			return sortable(time.Date(1900+rng.IntN(200), 1, 1, 0, 0, 0, 0, time.UTC).UnixNano() + rng.Int64N(366*24*3600e9))
		}
		return rng.Uint64()
	}
	for range 100000 {
		lo, hi := pick(), pick()
		if lo > hi {
			lo, hi = hi, lo
		}
		runs := dateTermRanges(lo, hi)
		slices.SortFunc(runs, func(a, b shiftRange) int {
			if a.lo < b.lo {
				return -1
			}
			return 1
		})
		if runs[0].lo != lo || runs[len(runs)-1].hi != hi {
			t.Fatalf("[%d, %d]: runs %v do not start and end there", lo, hi, runs)
		}
		for i, r := range runs {
			if r.lo > r.hi || i > 0 && r.lo != runs[i-1].hi+1 {
				t.Fatalf("[%d, %d]: runs %v leave a gap or overlap", lo, hi, runs)
			}
			size := uint64(1) << r.shift
			if r.lo&(size-1) != 0 || r.hi != math.MaxUint64 && (r.hi+1)&(size-1) != 0 {
				t.Fatalf("[%d, %d]: run %v is not on its buckets", lo, hi, r)
			}
			if k := slices.Index(dateShifts[:], r.shift); k < len(dateShifts)-1 &&
				(r.hi-r.lo)>>r.shift >= uint64(1)<<(dateShifts[k+1]-r.shift)-1 {
				t.Fatalf("[%d, %d]: run %v holds a whole coarser bucket", lo, hi, r)
			}
		}
	}
}

// TestDateRangeQuery: DateRangeQuery matches exactly the reports whose
// dates are in the range, for ranges of every size, either end open or
// excluded, on an index on disk and in memory; dates are indexed at the
// five precisions only; and query-string date ranges are rewritten to it.
func TestDateRangeQuery(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	dir := t.TempDir()
	dates := map[string]time.Time{}
	var lines []string
	base := time.Date(1987, 2, 26, 15, 1, 1, 0, time.UTC)
	for i := range 400 {
		var d time.Time
		switch i % 4 {
		case 0: // anywhere in two centuries, before 1970 too
			d = time.Date(1900+rng.IntN(200), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60), rng.IntN(60), 0, time.UTC)
		case 1: // a busy wire: minutes apart
			d = base.Add(time.Duration(rng.IntN(5000)) * time.Minute)
		case 2: // the same second, nanoseconds apart
			d = base.Add(time.Duration(rng.IntN(1000)))
		default: // days apart
			d = base.AddDate(0, 0, rng.IntN(400)-200)
		}
		id := fmt.Sprintf("r%03d", i)
		dates[id] = d
		line, _ := json.Marshal(map[string]string{"id": id, "title": "Report " + id, "body": "Markets moved.",
			"date": d.Format(time.RFC3339Nano)})
		lines = append(lines, string(line))
	}
	write(t, filepath.Join(dir, "reports.jsonl"), strings.Join(lines, "\n"))
	disk, err := Create(filepath.Join(t.TempDir(), "idx"))
	if err != nil {
		t.Fatal(err)
	}
	defer disk.Close()
	src, err := DiskSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := disk.Update([]Source{src}, Options{BatchSize: 50}); err != nil {
		t.Fatal(err)
	}
	mem, err := NewMemoryFrom(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()

	matches := func(ix *Index, q query.Query) []string {
		t.Helper()
		res, err := ix.bleve.Search(bleve.NewSearchRequestOptions(q, 1000, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		slices.Sort(ids)
		return ids
	}
	want := func(q *DateRangeQuery) []string {
		var ids []string
		for id, d := range dates {
			after := q.Start.IsZero() || d.After(q.Start) || q.InclusiveStart && d.Equal(q.Start)
			before := q.End.IsZero() || d.Before(q.End) || q.InclusiveEnd && d.Equal(q.End)
			if after && before {
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		return ids
	}
	var all []time.Time
	for _, d := range dates {
		all = append(all, d)
	}
	endpoint := func() time.Time {
		d := all[rng.IntN(len(all))]
		switch rng.IntN(4) {
		case 0:
			return d // a report's own time, to test inclusion
		case 1:
			return time.Time{} // open
		case 2:
			return d.Add(time.Duration(rng.Int64N(int64(48*time.Hour))) - 24*time.Hour)
		}
		return d.Add(time.Duration(rng.IntN(3)) - 1)
	}
	for i := range 300 {
		q := &DateRangeQuery{Start: endpoint(), End: endpoint(), InclusiveStart: rng.IntN(2) == 0, InclusiveEnd: rng.IntN(2) == 0}
		if !q.Start.IsZero() && !q.End.IsZero() && q.End.Before(q.Start) && i%5 != 0 { // some empty ranges too
			q.Start, q.End = q.End, q.Start
		}
		w := want(q)
		for name, ix := range map[string]*Index{"disk": disk, "memory": mem} {
			if got := matches(ix, q); !slices.Equal(got, w) {
				t.Fatalf("%s: %+v: %d reports, want %d", name, q, len(got), len(w))
			}
		}
	}

	t.Run("five precisions", func(t *testing.T) {
		r, _, err := disk.snapshot()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		shifts := map[uint]int{}
		eachTerm(t, r, FieldDate, false, func(term string, tfr bleveindex.TermFieldReader) {
			shift, err := numeric.PrefixCoded(term).Shift()
			if err != nil {
				t.Fatal(err)
			}
			shifts[shift] += int(tfr.Count())
		})
		for _, s := range dateShifts {
			if shifts[s] != len(dates) {
				t.Errorf("shift %d: %d postings, want one per report (%d)", s, shifts[s], len(dates))
			}
		}
		if len(shifts) != len(dateShifts) {
			t.Errorf("date terms at shifts %v, want %v only", shifts, dateShifts)
		}
	})

	t.Run("query string", func(t *testing.T) {
		for _, tc := range []struct {
			qs   string
			want *DateRangeQuery
		}{
			{`date:>"1987-02-26"`, &DateRangeQuery{Start: base.Truncate(24 * time.Hour)}},
			{`date:>="1987-02-26T15:01:01Z"`, &DateRangeQuery{Start: base, InclusiveStart: true}},
			{`date:<="1987-02-26T15:01:01Z"`, &DateRangeQuery{End: base, InclusiveEnd: true}},
			{`+date:>="1950-01-01" +date:<"1970-01-01"`, &DateRangeQuery{Start: time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC),
				InclusiveStart: true, End: time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)}},
		} {
			parsed, err := query.NewQueryStringQuery(tc.qs).Parse()
			if err != nil {
				t.Fatal(err)
			}
			if parsed, err = RewriteDateRanges(parsed); err != nil {
				t.Fatal(err)
			}
			if got, w := matches(disk, parsed), want(tc.want); !slices.Equal(got, w) || len(w) == 0 {
				t.Errorf("%s: %d reports, want %d", tc.qs, len(got), len(w))
			}
		}
		parsed, err := query.NewQueryStringQuery("markets date:>5").Parse()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := RewriteDateRanges(parsed); !errors.Is(err, ErrNumericDateRange) {
			t.Errorf("date:>5: error %v, want ErrNumericDateRange", err)
		}
	})
}
