package search

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	blevesearch "github.com/blevesearch/bleve/v2/search"

	"github.com/newsdesk/newsdesk/index"
)

// queryFields maps the field names a query may use ("person:Putin") to
// index fields.
var queryFields = map[string]string{
	"title": index.FieldTitle, "body": index.FieldBody,
	"person": index.FieldPeople, "people": index.FieldPeople,
	"country": index.FieldCountries, "countries": index.FieldCountries,
	"org": index.FieldOrganizations, "organization": index.FieldOrganizations, "organizations": index.FieldOrganizations,
	"source": index.FieldSource, "place": index.FieldPlace, "date": index.FieldDate,
}

// fieldRE finds "name:" prefixes outside quotes (quoted parts are skipped
// by rewriteFields).
var fieldRE = regexp.MustCompile(`(^|[\s(+\-])([^\s:"()+\-\\][^\s:"()\\]*)\s*:`)

// rewriteFields replaces field names in a query string with index field
// names, and rejects unknown ones.
func rewriteFields(q string) (string, error) {
	var b strings.Builder
	parts := strings.Split(q, `"`)
	if len(parts)%2 == 0 {
		return "", &RequestError{"q", "unbalanced quotes: a phrase is opened with \" but not closed"}
	}
	depth := 0
	for i, part := range parts {
		if i%2 == 0 {
			depth += strings.Count(part, "(") - strings.Count(part, ")")
		}
		if i > 0 {
			b.WriteString(`"`)
		}
		if i%2 == 1 { // inside a phrase
			b.WriteString(part)
			continue
		}
		var bad string
		b.WriteString(fieldRE.ReplaceAllStringFunc(part, func(m string) string {
			sub := fieldRE.FindStringSubmatch(m)
			f, ok := queryFields[strings.ToLower(sub[2])]
			if !ok {
				bad = sub[2]
				return m
			}
			return sub[1] + f + ":"
		}))
		if bad != "" {
			return "", &RequestError{"q", fmt.Sprintf("unknown field %q; use one of %s", bad, fieldList())}
		}
	}
	if depth != 0 {
		return "", &RequestError{"q", "unbalanced parentheses"}
	}
	return b.String(), nil
}

func fieldList() string {
	names := make([]string, 0, len(queryFields))
	for n := range queryFields {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// Build turns a request into a Bleve search request: the query string
// (match all when empty) and the filters as a conjunction, the three actor
// facets, the stored fields a hit shows, and term locations for snippets.
func Build(r Request, cfg Config) (*bleve.SearchRequest, error) {
	cfg = cfg.withDefaults()
	q, err := buildQuery(r)
	if err != nil {
		return nil, err
	}
	req := bleve.NewSearchRequestOptions(q, r.Size, (r.Page-1)*r.Size, false)
	req.Fields = hitFields
	req.IncludeLocations = r.Query != ""
	for _, f := range []string{index.FieldPeople, index.FieldCountries, index.FieldOrganizations} {
		req.AddFacet(f, bleve.NewFacetRequest(f, cfg.FacetSize))
	}
	if r.Sort == SortDate {
		order := blevesearch.SortOrder{&blevesearch.SortField{Field: index.FieldDate, Desc: true,
			Type: blevesearch.SortFieldAsDate, Missing: blevesearch.SortFieldMissingLast}}
		if r.Query != "" {
			order = append(order, &blevesearch.SortScore{Desc: true})
		} else {
			req.Score = "none" // filters alone score all alike: no scores (0), as the actor table lists them
		}
		req.SortByCustom(order)
	}
	// Ties fall to the index's own order. Breaking them by report ID would
	// read the ID of every match, not just of the hits shown (a tenth of a
	// search's time).
	return req, nil
}

// hitFields are the stored fields a hit carries.
var hitFields = []string{index.FieldTitle, index.FieldBody, index.FieldDate, index.FieldPlace, index.FieldSource,
	index.FieldURL, index.FieldLicense, index.FieldAttribution, index.FieldPeople, index.FieldCountries,
	index.FieldOrganizations}

func buildQuery(r Request) (query.Query, error) {
	var must []query.Query
	if r.Query != "" {
		qs, err := rewriteFields(r.Query)
		if err != nil {
			return nil, err
		}
		parsed, err := query.NewQueryStringQuery(qs).Parse()
		if err != nil {
			return nil, &RequestError{"q", "cannot parse query (" + err.Error() + `): use words, "phrases", ` +
				"+required, -excluded, field:value, prefix*, fuzzy~"}
		}
		if parsed, err = index.RewriteDateRanges(parsed); err != nil {
			return nil, &RequestError{"q", err.Error()}
		}
		if err := checkPatterns(parsed); err != nil {
			return nil, err
		}
		must = append(must, withFastSearchers(parsed))
	}
	must = append(must, filters(index.FieldPeople, r.People, r.AnyPeople)...)
	must = append(must, filters(index.FieldCountries, r.Countries, r.AnyCountries)...)
	must = append(must, filters(index.FieldOrganizations, r.Organizations, r.AnyOrganizations)...)
	if !r.From.IsZero() || !r.To.IsZero() {
		must = append(must, dateRange(r.From, r.To))
	}
	var mustNot []query.Query
	mustNot = append(mustNot, filters(index.FieldPeople, r.NotPeople, false)...)
	mustNot = append(mustNot, filters(index.FieldCountries, r.NotCountries, false)...)
	mustNot = append(mustNot, filters(index.FieldOrganizations, r.NotOrganizations, false)...)
	if len(mustNot) == 0 {
		switch len(must) {
		case 0:
			return query.NewMatchAllQuery(), nil
		case 1:
			return must[0], nil
		}
	}
	if r.Query == "" {
		// Filters only: every match scores alike; order comes from Sort.
		must = append(must, query.NewMatchAllQuery())
	}
	if len(mustNot) == 0 {
		return query.NewConjunctionQuery(must), nil
	}
	return query.NewBooleanQuery(must, nil, mustNot), nil
}

// maxPattern bounds a wildcard or regular expression, in characters:
// Bleve compiles one into an automaton whose size, and the time to
// build and run it over the index's terms, grow with its length (a
// thousand characters after a leading "*" took over a second).
const maxPattern = 100

// checkPatterns refuses wildcards and regular expressions longer than
// maxPattern, and fuzziness outside 0-2 ("B~nAn" reads as a negative
// one, which Bleve refuses only when it searches).
func checkPatterns(q query.Query) error {
	return eachLeaf(q, func(leaf query.Query, _ bool) error {
		var pattern string
		fuzziness := 0
		switch leaf := leaf.(type) {
		case *query.WildcardQuery:
			pattern = leaf.Wildcard
		case *query.RegexpQuery:
			pattern = leaf.Regexp
		case *query.MatchQuery:
			fuzziness = leaf.Fuzziness
		case *query.MatchPhraseQuery:
			fuzziness = leaf.Fuzziness
		case *query.FuzzyQuery:
			fuzziness = leaf.Fuzziness
		}
		if n := utf8.RuneCountInString(pattern); n > maxPattern {
			return &RequestError{"q", fmt.Sprintf("a wildcard or regular expression of %d characters; the limit is %d",
				n, maxPattern)}
		}
		if fuzziness < 0 || fuzziness > 2 {
			return &RequestError{"q", "fuzzy terms allow at most 2 edits (term~1 or term~2)"}
		}
		return nil
	})
}

// eachLeaf calls fn with each part of q that is not made of other parts
// (Boolean, conjunction and disjunction queries are; newsdesk's faster
// searchers stand for the query they wrap), and whether it is a part
// that must not match. It stops at fn's first error.
func eachLeaf(q query.Query, fn func(leaf query.Query, negated bool) error) error {
	var walk func(q query.Query, negated bool) error
	walk = func(q query.Query, negated bool) error {
		var parts []query.Query
		switch q := q.(type) {
		case nil:
			return nil
		case *query.BooleanQuery:
			if err := walk(q.MustNot, !negated); err != nil {
				return err
			}
			parts = []query.Query{q.Must, q.Should, q.Filter}
		case *query.ConjunctionQuery:
			parts = q.Conjuncts
		case *query.DisjunctionQuery:
			parts = q.Disjuncts
		case soleClause:
			parts = []query.Query{q.Query}
		case wordsQuery:
			parts = []query.Query{q.Query}
		case matchQuery:
			parts = []query.Query{q.MatchQuery}
		case phraseQuery:
			parts = []query.Query{q.MatchPhraseQuery}
		default:
			return fn(q, negated)
		}
		for _, p := range parts {
			if err := walk(p, negated); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(q, false)
}

// filters are exact keyword matches that do not change the ranking: each
// one a must, or with or a single must of which one value has to match.
func filters(field string, vals []string, or bool) []query.Query {
	var out []query.Query
	for _, v := range vals {
		tq := query.NewTermQuery(v)
		tq.SetField(field)
		tq.SetBoost(0)
		out = append(out, tq)
	}
	if or && len(out) > 1 {
		dq := query.NewDisjunctionQuery(out)
		dq.SetBoost(0)
		return []query.Query{dq}
	}
	return out
}

// dateRange matches reports dated from `from` up to `to`; a `to` given
// as a day includes all of that day. Zero times leave that end open. It
// does not count towards the score.
func dateRange(from, to time.Time) query.Query {
	if !to.IsZero() && to.Equal(to.Truncate(24*time.Hour)) {
		to = to.AddDate(0, 0, 1)
	}
	return &index.DateRangeQuery{Start: from, End: to, InclusiveStart: true, InclusiveEnd: false, Boost: 0}
}
