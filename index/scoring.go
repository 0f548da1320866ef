package index

import (
	"sync"

	blevesearch "github.com/blevesearch/bleve/v2/search"
)

// Bleve's BM25 takes the average field length to be the field's
// vocabulary size divided by the number of documents (FieldCardinality),
// which on news is far below the real average: long reports are then
// punished so hard that headline-only wire briefs win every query. We
// record the analysed length of each report's title and body while
// indexing (update.go: flush), keep them in the manifest, and hand Bleve
// the true totals with every search.

// scoring holds the BM25 statistics of an index.
type scoring struct {
	mu    sync.RWMutex
	stats *blevesearch.BM25Stats
}

// setScoring recomputes the statistics from a manifest.
func (ix *Index) setScoring(m *manifest) {
	var docs, title, body int
	for _, f := range m.Files {
		for _, r := range f.Reports {
			docs++
			title += r.Title
			body += r.Body
		}
	}
	card := map[string]int{FieldTitle: title, FieldBody: body, FieldAll: title + body}
	// Keyword and date fields hold about one value per report; filters on
	// them do not count towards the score, but Bleve wants a figure.
	for _, f := range []string{FieldPeople, FieldCountries, FieldOrganizations, FieldSource, FieldPlace, FieldDate} {
		card[f] = docs
	}
	ix.scoring.mu.Lock()
	ix.scoring.stats = &blevesearch.BM25Stats{DocCount: float64(docs), FieldCardinality: card}
	ix.scoring.mu.Unlock()
}

// BM25Stats returns the statistics to pass to Bleve with each search (as
// SearchRequest.PreSearchData[search.BM25PreSearchDataKey]), or nil for an
// empty index.
func (ix *Index) BM25Stats() *blevesearch.BM25Stats {
	ix.scoring.mu.RLock()
	defer ix.scoring.mu.RUnlock()
	if ix.scoring.stats == nil || ix.scoring.stats.DocCount == 0 {
		return nil
	}
	return ix.scoring.stats
}
