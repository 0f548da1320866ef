package search

import (
	"sort"
	"time"

	"github.com/blevesearch/bleve/v2"

	blevesearch "github.com/blevesearch/bleve/v2/search"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/index/actors"
)

// Result is the answer to a search.
type Result struct {
	Query  string  `json:"query"`
	Total  uint64  `json:"total"`
	TookMS float64 `json:"took_ms"`
	Page   int     `json:"page"`
	Size   int     `json:"size"`
	Hits   []Hit   `json:"hits"`
	Facets Facets  `json:"facets"`
}

// Hit is one matching report.
type Hit struct {
	ID            string           `json:"id"`
	Score         float64          `json:"score"`
	Title         string           `json:"title"`
	Date          *time.Time       `json:"date,omitempty"`
	Place         string           `json:"place,omitempty"`
	Source        string           `json:"source,omitempty"`
	URL           string           `json:"url,omitempty"`
	License       string           `json:"license,omitempty"`
	Attribution   string           `json:"attribution,omitempty"`
	Snippets      []Snippet        `json:"snippets"`
	People        []string         `json:"people"`
	Countries     []actors.Country `json:"countries"`
	Organizations []string         `json:"organizations"`
}

// Facets count the actors of all matching reports.
type Facets struct {
	People        []Facet `json:"people"`
	Countries     []Facet `json:"countries"`
	Organizations []Facet `json:"organizations"`
}

// Facet is one value with the number of matching reports that have it.
// Countries carry their ISO code as well as their name.
type Facet struct {
	Value string `json:"value"`
	Code  string `json:"code,omitempty"`
	Count int    `json:"count"`
}

// Map turns Bleve's result into a Result.
func Map(r Request, res *bleve.SearchResult, cfg Config) *Result {
	cfg = cfg.withDefaults()
	out := &Result{
		Query:  r.Query,
		Total:  res.Total,
		TookMS: float64(res.Took.Microseconds()) / 1000,
		Page:   r.Page,
		Size:   r.Size,
		Hits:   make([]Hit, 0, len(res.Hits)),
	}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, mapHit(h, cfg))
	}
	out.Facets = Facets{
		People:        facet(res.Facets[index.FieldPeople], nil),
		Countries:     facet(res.Facets[index.FieldCountries], countryName),
		Organizations: facet(res.Facets[index.FieldOrganizations], nil),
	}
	return out
}

func mapHit(h *blevesearch.DocumentMatch, cfg Config) Hit {
	rep := index.ReportFromFields(h.ID, h.Fields)
	hit := Hit{
		ID: h.ID, Score: h.Score, Title: rep.Title, Place: rep.Place, Source: rep.Source, URL: rep.URL,
		License: rep.License, Attribution: rep.Attribution,
		People: rep.People, Countries: rep.Countries, Organizations: rep.Organizations,
	}
	if !rep.Date.IsZero() {
		date := rep.Date // not &rep.Date, which would keep the whole report, body and all, with the hit
		hit.Date = &date
	}
	texts := []string{rep.Title, rep.Body}
	ms := [][]match{matches(h, index.FieldTitle), matches(h, index.FieldBody)}
	hit.Snippets = snippets(texts, ms, cfg.Snippets, cfg.SnippetLength)
	return hit
}

// matches lists the matched terms' spans in a field, sorted and without
// overlaps (a phrase and its words may report the same span).
func matches(h *blevesearch.DocumentMatch, field string) []match {
	var out []match
	for term, locs := range h.Locations[field] {
		for _, l := range locs {
			out = append(out, match{start: int(l.Start), end: int(l.End), term: term})
		}
	}
	return sortMatches(out)
}

// sortMatches orders matches by position and drops overlaps, keeping the
// longer of two that start together.
func sortMatches(out []match) []match {
	sort.Slice(out, func(i, j int) bool {
		if out[i].start != out[j].start {
			return out[i].start < out[j].start
		}
		return out[i].end > out[j].end
	})
	kept := out[:0]
	for _, m := range out {
		if len(kept) > 0 && m.start < kept[len(kept)-1].end {
			continue
		}
		kept = append(kept, m)
	}
	return kept
}

func facet(fr *blevesearch.FacetResult, name func(string) string) []Facet {
	out := []Facet{}
	if fr == nil || fr.Terms == nil {
		return out
	}
	for _, t := range fr.Terms.Terms() {
		f := Facet{Value: t.Term, Count: t.Count}
		if name != nil {
			f.Code, f.Value = t.Term, name(t.Term)
		}
		out = append(out, f)
	}
	return out
}

func countryName(code string) string {
	if c, ok := actors.CountryByCode(code); ok {
		return c.Name
	}
	return code
}

// CountryName returns the English name of an ISO code, or "".
func CountryName(code string) string {
	if c, ok := actors.LookupCountry(code); ok {
		return c.Name
	}
	return ""
}
