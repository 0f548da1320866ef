package index

import (
	"sort"
	"strings"
	"testing"
	"time"
)

func readAll(t *testing.T, path string) (map[string]Report, []Problem) {
	t.Helper()
	src, err := DiskSource(path)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Report{}
	var problems []Problem
	err = src.Reports(func(r Report) error { got[r.ID] = r; return nil }, func(p Problem) { problems = append(problems, p) })
	if err != nil {
		t.Fatal(err)
	}
	return got, problems
}

func TestReadFolder(t *testing.T) {
	got, problems := readAll(t, "testdata/reports")
	var ids []string
	for id := range got {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	want := []string{"j-1", "kabul", "sub-brief", "w-1", "w-4", "wire-2"}
	if len(ids) != len(want) {
		t.Fatalf("ids = %v, want %v (README is documentation, not a report)", ids, want)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("ids = %v, want %v", ids, want)
		}
	}

	w1 := got["w-1"]
	if w1.Title != "Russia and China sign deal" || w1.Source != "Wire" || !w1.Date.Equal(time.Date(2020, 5, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("w-1 = %+v", w1)
	}
	if d := got["wire-2"].Date; !d.Equal(time.Date(2020, 5, 2, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("wire-2 date = %v", d)
	}
	if r := got["w-4"]; !r.Date.IsZero() || r.Title != "Bad date" {
		t.Errorf("w-4 (unparsable date) = %+v, want kept undated", r)
	}
	if r := got["j-1"]; r.Place != "Riyadh" || r.Dateline != "Riyadh, June 2" {
		t.Errorf("j-1 dateline, place = %q, %q", r.Dateline, r.Place)
	}
	if r := got["kabul"]; r.Place != "Kabul" || r.Source != "Reuters" {
		t.Errorf("kabul place, source = %q, %q", r.Place, r.Source)
	}

	reasons := map[string]int{}
	for _, p := range problems {
		reasons[p.Reason]++
		if p.Reason == ReasonInvalidJSON && p.Line != 3 {
			t.Errorf("invalid JSON reported at line %d, want 3", p.Line)
		}
	}
	wantReasons := map[string]int{ReasonInvalidJSON: 1, ReasonNoText: 1, ReasonBadDate: 1}
	for r, n := range wantReasons {
		if reasons[r] != n {
			t.Errorf("problems %v, want %v", reasons, wantReasons)
		}
	}
}

func TestReadSingleFileID(t *testing.T) {
	got, _ := readAll(t, "testdata/reports/sub/brief.md")
	if _, ok := got["brief"]; !ok || len(got) != 1 {
		t.Errorf("got %v, want one report with id brief", got)
	}
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2019-01-04", "1987-02-26T15:01:01", "2020-05-01T10:00:00+02:00", "2020-05"} {
		if _, err := ParseDate(s); err != nil {
			t.Errorf("ParseDate(%q): %v", s, err)
		}
	}
	for _, s := range []string{"", "yesterday", "04/01/2019"} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) succeeded, want error", s)
		}
	}
}

// TestJSONLBodyDateline: a record without a dateline field whose body
// opens with one ("SAN FRANCISCO (Reuters) - ") gets its place; the body
// is kept as given. A wire name alone is no place.
func TestJSONLBodyDateline(t *testing.T) {
	data := `{"id":"a","title":"Chips","body":"SAN FRANCISCO (Reuters) - Intel said on Monday."}
{"id":"b","title":"Strike","body":"AP - Workers at Hyundai will strike."}
{"id":"c","title":"Oil","body":"Oil rose.","dateline":"RIYADH, June 2"}
`
	got := map[string]Report{}
	err := ReadJSONL([]byte(data), "t", func(r Report) error { got[r.ID] = r; return nil }, func(p Problem) { t.Error(p) })
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]struct{ place, bodyStart string }{
		"a": {"San Francisco", "SAN FRANCISCO (Reuters) - Intel"},
		"b": {"", "AP - Workers"},
		"c": {"Riyadh", "Oil rose."},
	} {
		r := got[id]
		if r.Place != want.place || !strings.HasPrefix(r.Body, want.bodyStart) {
			t.Errorf("%s: place %q, body %q; want place %q, body starting %q", id, r.Place, r.Body, want.place, want.bodyStart)
		}
	}
}
