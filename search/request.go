package search

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/index/actors"
)

// ErrBadRequest is wrapped by every error caused by the request itself
// (a malformed query or parameter); callers answer it with 400.
var ErrBadRequest = errors.New("bad request")

// ErrNotFound is returned for an unknown report.
var ErrNotFound = index.ErrNotFound

// RequestError says which parameter of a request is wrong and why.
type RequestError struct {
	Param   string
	Message string
}

func (e *RequestError) Error() string { return fmt.Sprintf("parameter %q: %s", e.Param, e.Message) }

// Is makes errors.Is(err, ErrBadRequest) true.
func (e *RequestError) Is(target error) bool { return target == ErrBadRequest }

// Sort orders.
const (
	SortRelevance = "relevance"
	SortDate      = "date"
)

// Request is a search: a query string, actor filters (by default all
// values of one kind must match; with Any*, one of them), a date range,
// an order and a page.
type Request struct {
	Query            string
	People           []string
	Countries        []string // ISO alpha-2 codes
	Organizations    []string
	AnyPeople        bool
	AnyCountries     bool
	AnyOrganizations bool
	// Not* exclude reports that name any of the values.
	NotPeople        []string
	NotCountries     []string // ISO alpha-2 codes
	NotOrganizations []string
	From, To         time.Time // zero when open
	Sort             string
	Page             int // 1-based
	Size             int
}

// Config holds the limits and sizes of searches.
type Config struct {
	DefaultSize   int // hits per page when the request does not say
	MaxSize       int // largest page allowed
	MaxPage       int // deepest page allowed
	FacetSize     int // values per facet
	Snippets      int // snippets per hit
	SnippetLength int // characters per snippet, about
	// MaxQueryLength bounds the query string, in characters.
	MaxQueryLength int
	// MaxFilters bounds the actor filters and exclusions of one request.
	MaxFilters int
	// MaxTerms bounds how many index terms a query may expand to
	// (wildcards, regular expressions, fuzzy terms, prefixes).
	MaxTerms int
	// CacheSize is how many results to keep for repeated searches; 0
	// turns the cache off.
	CacheSize int
	// CacheMB bounds the memory the cached results take, in MB.
	CacheMB int
}

// DefaultConfig is used where a Config field is zero.
var DefaultConfig = Config{DefaultSize: 10, MaxSize: 100, MaxPage: 1000, FacetSize: 10, Snippets: 3, SnippetLength: 200,
	MaxQueryLength: 1000, MaxFilters: 20, MaxTerms: 10000, CacheMB: 8}

func (c Config) withDefaults() Config {
	d := DefaultConfig
	orDefault := func(v, def int) int {
		if v > 0 {
			return v
		}
		return def
	}
	return Config{
		DefaultSize:    orDefault(c.DefaultSize, d.DefaultSize),
		MaxSize:        orDefault(c.MaxSize, d.MaxSize),
		MaxPage:        orDefault(c.MaxPage, d.MaxPage),
		FacetSize:      orDefault(c.FacetSize, d.FacetSize),
		Snippets:       orDefault(c.Snippets, d.Snippets),
		SnippetLength:  orDefault(c.SnippetLength, d.SnippetLength),
		MaxQueryLength: orDefault(c.MaxQueryLength, d.MaxQueryLength),
		MaxFilters:     orDefault(c.MaxFilters, d.MaxFilters),
		MaxTerms:       orDefault(c.MaxTerms, d.MaxTerms),
		CacheSize:      c.CacheSize, // 0 means off, not "the default"
		CacheMB:        orDefault(c.CacheMB, d.CacheMB),
	}
}

// Parse reads a request from URL parameters: q, person, country (a code or
// a name), organization, not_person, not_country, not_organization (each
// repeatable), person_op, country_op,
// organization_op (and|or: must a report name all the values or one of
// them), from, to (YYYY-MM-DD or RFC 3339), sort (relevance|date), page,
// size.
func Parse(v url.Values, cfg Config) (Request, error) {
	cfg = cfg.withDefaults()
	r := Request{
		Query:            strings.TrimSpace(v.Get("q")),
		People:           values(v["person"]),
		Organizations:    values(v["organization"]),
		NotPeople:        values(v["not_person"]),
		NotOrganizations: values(v["not_organization"]),
		Sort:             v.Get("sort"),
	}
	var err error
	if r.Countries, err = countryCodes(v, "country"); err != nil {
		return r, err
	}
	if r.NotCountries, err = countryCodes(v, "not_country"); err != nil {
		return r, err
	}
	if n := utf8.RuneCountInString(r.Query); n > cfg.MaxQueryLength {
		return r, &RequestError{"q", fmt.Sprintf("is %d characters long; the limit is %d", n, cfg.MaxQueryLength)}
	}
	if r.Query == "*" {
		// "Everything": the same as no query, without expanding a wildcard
		// over the whole term dictionary.
		r.Query = ""
	}
	for name, or := range map[string]*bool{"person_op": &r.AnyPeople, "country_op": &r.AnyCountries,
		"organization_op": &r.AnyOrganizations} {
		if *or, err = op(v, name); err != nil {
			return r, err
		}
	}
	if n := len(r.People) + len(r.Countries) + len(r.Organizations) + len(r.NotPeople) + len(r.NotCountries) +
		len(r.NotOrganizations); n > cfg.MaxFilters {
		return r, &RequestError{"person", fmt.Sprintf("%d actor filters; the limit is %d", n, cfg.MaxFilters)}
	}
	if r.From, err = date(v, "from"); err != nil {
		return r, err
	}
	if r.To, err = date(v, "to"); err != nil {
		return r, err
	}
	if !r.From.IsZero() && !r.To.IsZero() && r.To.Before(r.From) {
		return r, &RequestError{"to", "is before from"}
	}
	switch r.Sort {
	case "":
		r.Sort = SortRelevance
		if r.Query == "" {
			r.Sort = SortDate
		}
	case SortRelevance, SortDate:
	default:
		return r, &RequestError{"sort", fmt.Sprintf("%q is not relevance or date", r.Sort)}
	}
	if r.Page, err = number(v, "page", 1, 1, cfg.MaxPage); err != nil {
		return r, err
	}
	if r.Size, err = number(v, "size", cfg.DefaultSize, 1, cfg.MaxSize); err != nil {
		return r, err
	}
	return r, nil
}

func countryCodes(v url.Values, name string) ([]string, error) {
	var codes []string
	for _, c := range values(v[name]) {
		country, ok := actors.LookupCountry(c)
		if !ok {
			return nil, &RequestError{name, fmt.Sprintf("unknown country %q: give an ISO code (RU) or an English name (Russia)", c)}
		}
		codes = append(codes, country.Code)
	}
	return codes, nil
}

func values(vs []string) []string {
	var out []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func date(v url.Values, name string) (time.Time, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return time.Time{}, nil
	}
	t, err := index.ParseDate(s)
	if err != nil {
		return t, &RequestError{name, err.Error()}
	}
	return t, nil
}

func number(v url.Values, name string, def, lo, hi int) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, &RequestError{name, fmt.Sprintf("%q is not a whole number", s)}
	}
	if n < lo || n > hi {
		return 0, &RequestError{name, fmt.Sprintf("%d is out of range %d..%d", n, lo, hi)}
	}
	return n, nil
}

// op reads an and|or parameter; true means or.
func op(v url.Values, name string) (bool, error) {
	switch s := strings.ToLower(strings.TrimSpace(v.Get(name))); s {
	case "", "and":
		return false, nil
	case "or":
		return true, nil
	default:
		return false, &RequestError{name, fmt.Sprintf("%q is not and or or", s)}
	}
}
