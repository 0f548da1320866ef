package search

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsdesk/newsdesk/index"
)

// Facet kinds, as the API and the pages name them.
const (
	KindPeople        = "people"
	KindCountries     = "countries"
	KindOrganizations = "organizations"
)

var facetFields = map[string]string{
	KindPeople: index.FieldPeople, KindCountries: index.FieldCountries, KindOrganizations: index.FieldOrganizations,
}

// maxFacetScan bounds how many values of one facet a facet search looks
// through.
const maxFacetScan = 5000

// FacetValues returns the values of one facet over the reports matching r
// whose name has a word starting with prefix ("Khalilzad" finds "Zalmay
// Khalilzad"; "ru" finds Russia), most frequent first, at most limit.
func (s *Searcher) FacetValues(ctx context.Context, r Request, kind, prefix string, limit int) ([]Facet, error) {
	field, ok := facetFields[kind]
	if !ok {
		return nil, &RequestError{"kind", fmt.Sprintf("%q is not people, countries or organizations", kind)}
	}
	q, err := buildQuery(r)
	if err != nil {
		return nil, err
	}
	h := s.acquire()
	defer h.release()
	var name func(string) string
	if kind == KindCountries {
		name = countryName
	}
	var all []Facet
	counts, ok, err := h.ix.CountActors(s.bounded(ctx), q, maxFacetScan)
	switch {
	case err != nil:
		return nil, s.searchError(r.Query, err)
	case ok:
		all = facetsOf(&counts).of(kind)
	default: // the actor table is not ready
		req := bleve.NewSearchRequestOptions(q, 0, 0, false)
		req.AddFacet(field, bleve.NewFacetRequest(field, maxFacetScan))
		res, err := s.search(ctx, h, req)
		if err != nil {
			return nil, s.searchError(r.Query, err)
		}
		all = facet(res.Facets[field], name)
	}
	var out []Facet
	for _, f := range all {
		if matchesWordPrefix(f.Value, prefix) || f.Code != "" && strings.EqualFold(f.Code, prefix) {
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// of returns the facet of one kind.
func (f Facets) of(kind string) []Facet {
	switch kind {
	case KindPeople:
		return f.People
	case KindCountries:
		return f.Countries
	}
	return f.Organizations
}

// matchesWordPrefix reports whether a word of value starts with prefix,
// ignoring case; an empty prefix matches everything.
func matchesWordPrefix(value, prefix string) bool {
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	if prefix == "" {
		return true
	}
	v := strings.ToLower(value)
	if strings.HasPrefix(v, prefix) {
		return true
	}
	for _, w := range strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == '-' || r == '\'' }) {
		if strings.HasPrefix(w, prefix) {
			return true
		}
	}
	return false
}
