package search

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	vregexp "github.com/blevesearch/vellum/regexp"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/index/actors"
)

// Searcher runs searches against an index, which Swap can replace while
// searches run: each search uses one index from start to end.
type Searcher struct {
	mu    sync.RWMutex
	cur   *handle
	cfg   Config
	cache *cache // nil when off
}

// handle is an index and the searches using it.
type handle struct {
	ix   *index.Index
	busy sync.WaitGroup
}

// New returns a Searcher over ix.
func New(ix *index.Index, cfg Config) *Searcher {
	cfg = cfg.withDefaults()
	return &Searcher{cur: &handle{ix: ix}, cfg: cfg, cache: newCache(cfg.CacheSize, cfg.CacheMB<<20)}
}

// acquire returns the current index for one search; release it after.
func (s *Searcher) acquire() *handle {
	s.mu.RLock()
	defer s.mu.RUnlock()
	s.cur.busy.Add(1)
	return s.cur
}

func (h *handle) release() { h.busy.Done() }

// Swap makes ix the index new searches use, waits for the searches still
// using the old one to finish, and returns the old one (for the caller to
// close).
func (s *Searcher) Swap(ix *index.Index) *index.Index {
	s.mu.Lock()
	old := s.cur
	s.cur = &handle{ix: ix}
	s.cache.clear()
	s.mu.Unlock()
	old.busy.Wait()
	return old.ix
}

// Index returns the index searches use now.
func (s *Searcher) Index() *index.Index {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.cur.ix
}

// search runs a Bleve request on the handle's index, with our BM25
// statistics and the bound on term expansion.
// An unscored search gets none: Bleve then merges a disjunction of terms
// (a date range) into one reader of field "*", which has no statistics.
func (s *Searcher) search(ctx context.Context, h *handle, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	if stats := h.ix.BM25Stats(); stats != nil && req.Score != "none" {
		req.PreSearchData = map[string]any{bleveBM25Key: stats}
	}
	return h.ix.Bleve().SearchInContext(s.bounded(ctx), req)
}

// searchHits runs a request whose hits need term locations (for
// snippets) in two steps: the hits without locations, then the locations
// of just those hits. Asked in one go, Bleve reads the locations of every
// match (a common word matches half the reports), which costs time and
// brings much of the index into memory.
func (s *Searcher) searchHits(ctx context.Context, h *handle, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	if !req.IncludeLocations {
		return s.search(ctx, h, req)
	}
	first := *req
	first.IncludeLocations = false
	res, err := s.search(ctx, h, &first)
	if err != nil || len(res.Hits) == 0 {
		return res, err
	}
	ids := make([]string, len(res.Hits))
	for i, hit := range res.Hits {
		ids[i] = hit.ID
	}
	byID, err := s.fetch(ctx, h, req.Query, ids, nil, true)
	if err != nil {
		return nil, err
	}
	for _, hit := range res.Hits {
		if l, ok := byID[hit.ID]; ok {
			hit.Locations = l.Locations
		}
	}
	return res, nil
}

// fromTable runs a search from the index's actor table: one walk over
// the matches (scored as Bleve scores them when there is a query) counts
// the facets and keeps the page of hits in Bleve's order; then one Bleve
// search restricted to the page loads their stored fields and term
// locations. res is nil when the table went away meanwhile.
func (s *Searcher) fromTable(ctx context.Context, h *handle, r Request, req *bleve.SearchRequest) (
	*bleve.SearchResult, *index.ActorCounts, error) {
	from := (r.Page - 1) * r.Size
	// Filters alone listed newest first need no scores; otherwise the
	// order or the hits' scores are Bleve's.
	scored := r.Query != "" || r.Sort != SortDate
	counts, page, maxScore, ok, err := h.ix.SearchActors(s.bounded(ctx), req.Query, s.cfg.FacetSize, from, r.Size,
		scored, r.Sort == SortDate)
	if err != nil || !ok {
		return nil, nil, err
	}
	res := &bleve.SearchResult{Total: counts.Matches, MaxScore: maxScore, Hits: blevesearch.DocumentMatchCollection{}}
	if len(page) == 0 {
		return res, &counts, nil
	}
	ids := make([]string, len(page))
	for i, p := range page {
		ids[i] = p.ID
	}
	byID, err := s.fetch(ctx, h, req.Query, ids, req.Fields, req.IncludeLocations)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range page {
		if hit, ok := byID[p.ID]; ok {
			hit.Score = p.Score
			res.Hits = append(res.Hits, hit)
		}
	}
	return res, &counts, nil
}

// fetch loads the stored fields of the reports ids, and with locations
// the term locations of q in them, in one unscored Bleve search
// restricted to them. The reports are already known to match: the IDs
// alone decide which are loaded, and q, an optional part, adds its term
// locations. It is evaluated on the field holding positions (see
// withPositions), keeping the locations in the text fields q names, and
// without its date filter (a range of up to hundreds of terms).
func (s *Searcher) fetch(ctx context.Context, h *handle, q query.Query, ids, fields []string, locations bool) (
	map[string]*blevesearch.DocumentMatch, error) {
	only := query.Query(query.NewDocIDQuery(ids))
	if locations {
		only = query.NewBooleanQuery([]query.Query{only}, []query.Query{withPositions(index.WithoutDateFilter(q))}, nil)
	}
	req := bleve.NewSearchRequestOptions(only, len(ids), 0, false)
	req.Fields = fields
	req.IncludeLocations = locations
	req.Score = "none"
	res, err := s.search(ctx, h, req)
	if err != nil {
		return nil, err
	}
	if locations {
		mk := markableOf(q, h.ix.Bleve().Mapping())
		for _, hit := range res.Hits {
			mk.keep(hit.Locations)
		}
	}
	return hitsByID(res.Hits), nil
}

func hitsByID(hits blevesearch.DocumentMatchCollection) map[string]*blevesearch.DocumentMatch {
	m := make(map[string]*blevesearch.DocumentMatch, len(hits))
	for _, h := range hits {
		m[h.ID] = h
	}
	return m
}

// facetsOf turns the counts of the actor table into the result's facets.
func facetsOf(c *index.ActorCounts) Facets {
	conv := func(vs []index.ValueCount, name func(string) string) []Facet {
		out := make([]Facet, 0, len(vs))
		for _, v := range vs {
			f := Facet{Value: v.Value, Count: v.Count}
			if name != nil {
				f.Code, f.Value = v.Value, name(v.Value)
			}
			out = append(out, f)
		}
		return out
	}
	return Facets{People: conv(c.People, nil), Countries: conv(c.Countries, countryName),
		Organizations: conv(c.Organizations, nil)}
}

// Config returns the searcher's limits.
func (s *Searcher) Config() Config { return s.cfg }

// Run builds the Bleve search for a parsed request, runs it and maps the
// result.
func (s *Searcher) Run(ctx context.Context, r Request) (*Result, error) {
	req, err := Build(r, s.cfg)
	if err != nil {
		return nil, err
	}
	key := cacheKey(r)
	h := s.acquire()
	defer h.release()
	if res, ok := s.cache.get(key); ok {
		return res, nil
	}
	start := time.Now()
	var res *bleve.SearchResult
	var counts *index.ActorCounts
	if h.ix.ActorsReady() {
		res, counts, err = s.fromTable(ctx, h, r, req)
	}
	if res == nil && err == nil {
		// No actor table (an in-memory index, one just opened or just
		// changed): Bleve counts the facets.
		res, err = s.searchHits(ctx, h, req)
	}
	if err != nil {
		return nil, s.searchError(r.Query, err)
	}
	out := Map(r, res, s.cfg)
	if counts != nil {
		out.Facets = facetsOf(counts)
	}
	// A search may be several Bleve searches (hits, facets, the shown
	// hits' term locations): its time is the whole.
	out.TookMS = float64(time.Since(start).Microseconds()) / 1000
	s.mu.RLock()
	if s.cur == h { // not a result of an index swapped out meanwhile
		s.cache.put(key, out)
	}
	s.mu.RUnlock()
	return out, nil
}

// bounded caps the index terms one search may expand to.
func (s *Searcher) bounded(ctx context.Context) context.Context {
	return context.WithValue(ctx, blevesearch.MaxTermSearchersKey, s.cfg.MaxTerms)
}

// searchError tells a query that expands too far (a bad request) from a
// fault, and keeps context errors (timeouts) recognisable.
func (s *Searcher) searchError(q string, err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "TooManyTermSearchers"):
		return &RequestError{"q", fmt.Sprintf("expands to more than %d index terms; make wildcards, "+
			"regular expressions and fuzzy terms more specific", s.cfg.MaxTerms)}
	case strings.Contains(msg, "fuzziness exceeds max"):
		return &RequestError{"q", "fuzzy terms allow at most 2 edits (term~1 or term~2)"}
	case strings.Contains(msg, "field stat for bm25 not present"):
		return &RequestError{"q", "unknown field; use one of " + fieldList()}
	case strings.Contains(msg, "error parsing regexp"):
		return &RequestError{"q", "invalid regular expression: " + msg}
	}
	// What the index's regular expressions cannot do ("/$/", "/\\b/")
	// or cannot do in reasonable size.
	for _, unsupported := range []error{vregexp.ErrNoEmpty, vregexp.ErrNoWordBoundary, vregexp.ErrNoBytes,
		vregexp.ErrNoLazy, vregexp.ErrCompiledTooBig, vregexp.ErrTooManyStates} {
		if strings.Contains(msg, unsupported.Error()) {
			return &RequestError{"q", "unsupported regular expression: " + unsupported.Error()}
		}
	}
	return fmt.Errorf("search %q: %w", q, err)
}

// bleveBM25Key carries our BM25 statistics into a search (see
// index/scoring.go).
const bleveBM25Key = blevesearch.BM25PreSearchDataKey

// Report is a whole report with its actors, as the report page and
// GET /api/reports/{id} show it.
type Report struct {
	ID            string           `json:"id"`
	Title         string           `json:"title"`
	Date          *time.Time       `json:"date,omitempty"`
	Dateline      string           `json:"dateline,omitempty"`
	Place         string           `json:"place,omitempty"`
	Source        string           `json:"source,omitempty"`
	URL           string           `json:"url,omitempty"`
	License       string           `json:"license,omitempty"`
	Attribution   string           `json:"attribution,omitempty"`
	Body          string           `json:"body"`
	People        []string         `json:"people"`
	Countries     []actors.Country `json:"countries"`
	Organizations []string         `json:"organizations"`
}

// Report loads one report by ID; ErrNotFound when there is none.
func (s *Searcher) Report(ctx context.Context, id string) (*Report, error) {
	h := s.acquire()
	defer h.release()
	return s.report(ctx, h, id)
}

func (s *Searcher) report(ctx context.Context, h *handle, id string) (*Report, error) {
	req := bleve.NewSearchRequest(query.NewDocIDQuery([]string{id}))
	req.Fields = index.StoredFields
	res, err := s.search(ctx, h, req)
	if err != nil {
		return nil, fmt.Errorf("load report %q: %w", id, err)
	}
	if len(res.Hits) == 0 {
		return nil, fmt.Errorf("report %q: %w", id, ErrNotFound)
	}
	r := index.ReportFromFields(res.Hits[0].ID, res.Hits[0].Fields)
	out := &Report{ID: r.ID, Title: r.Title, Dateline: r.Dateline, Place: r.Place, Source: r.Source, URL: r.URL,
		License: r.License, Attribution: r.Attribution, Body: r.Body,
		People: r.People, Countries: r.Countries, Organizations: r.Organizations}
	if !r.Date.IsZero() {
		out.Date = &r.Date
	}
	return out, nil
}
