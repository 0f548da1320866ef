package search

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func errorsIs(err, target error) bool { return errors.Is(err, target) }

func TestParse(t *testing.T) {
	tests := []struct {
		params  string
		check   func(Request) bool
		badPara string // when the request must be rejected, the parameter named
	}{
		{"q=Taliban", func(r Request) bool {
			return r.Query == "Taliban" && r.Sort == SortRelevance && r.Page == 1 && r.Size == 10
		}, ""},
		{"", func(r Request) bool { return r.Sort == SortDate }, ""},
		{"q=+*+", func(r Request) bool { return r.Query == "" && r.Sort == SortDate }, ""},
		{"country=ru&country=Pakistan", func(r Request) bool { return len(r.Countries) == 2 && r.Countries[0] == "RU" && r.Countries[1] == "PK" }, ""},
		{"person=A+B&person=&person=C+D", func(r Request) bool { return len(r.People) == 2 }, ""},
		{"from=2020-01-01&to=2020-02-01", func(r Request) bool { return r.From.Year() == 2020 && r.To.Month() == 2 }, ""},
		{"page=3&size=50", func(r Request) bool { return r.Page == 3 && r.Size == 50 }, ""},
		{"country=RU&country_op=OR&person_op=and", func(r Request) bool { return r.AnyCountries && !r.AnyPeople }, ""},
		{"person_op=xor", nil, "person_op"},
		{"country=Atlantis", nil, "country"},
		{"from=yesterday", nil, "from"},
		{"from=2020-02-01&to=2020-01-01", nil, "to"},
		{"sort=oldest", nil, "sort"},
		{"page=0", nil, "page"},
		{"page=two", nil, "page"},
		{"size=1000", nil, "size"},
	}
	for _, tt := range tests {
		v, _ := url.ParseQuery(tt.params)
		r, err := Parse(v, Config{})
		if tt.badPara != "" {
			var re *RequestError
			if !errors.As(err, &re) || re.Param != tt.badPara || !errors.Is(err, ErrBadRequest) {
				t.Errorf("Parse(%q) err = %v, want a bad-request error about %q", tt.params, err, tt.badPara)
			}
			continue
		}
		if err != nil || !tt.check(r) {
			t.Errorf("Parse(%q) = %+v, %v", tt.params, r, err)
		}
	}
}

func TestBuildRejectsMalformedQueries(t *testing.T) {
	for _, q := range []string{`"unbalanced`, `nosuchfield:x`, `title:`, `(a OR b`, `a^^2`,
		// Bleve reads "name :value" as a field too.
		`nosuchfield :x`, `dAt :>"0000-01-01"`, `date:>"0000-01-01"`, `date:>5`,
		// Patterns Bleve would take seconds to compile and run.
		"*" + strings.Repeat("\xd7", 500), "+a -/" + strings.Repeat("a", 101) + "/", "title:" + strings.Repeat("?", 101),
		"B~nAn", "taliban~3"} {
		_, err := Build(Request{Query: q, Page: 1, Size: 10, Sort: SortRelevance}, Config{})
		if !errors.Is(err, ErrBadRequest) {
			t.Errorf("Build(%q) err = %v, want ErrBadRequest", q, err)
		}
	}
	for _, q := range []string{`Taliban`, `"peace talks"`, `+russia -china`, `person:"Vladimir Putin"`, `title:taliban`, `talibn~1`,
		"tali*", "/" + strings.Repeat("a", 100) + "/"} {
		if _, err := Build(Request{Query: q, Page: 1, Size: 10, Sort: SortRelevance}, Config{}); err != nil {
			t.Errorf("Build(%q): %v", q, err)
		}
	}
}

func TestRewriteFields(t *testing.T) {
	tests := map[string]string{
		`person:"Vladimir Putin"`:  `people:"Vladimir Putin"`,
		`country:RU +org:NATO`:     `countries:RU +organizations:NATO`,
		`"said: person:x" title:a`: `"said: person:x" title:a`,
		`person :Putin`:            `people:Putin`,
	}
	for in, want := range tests {
		got, err := rewriteFields(in)
		if err != nil || got != want {
			t.Errorf("rewriteFields(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}
