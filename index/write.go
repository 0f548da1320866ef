package index

import (
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// write indexes extracted reports in batches.
func (u *updater) write(extracted <-chan Report) error {
	b := u.ix.bleve
	batch := b.NewBatch()
	var pending []analysed
	var failed error
	for r := range extracted {
		if failed != nil {
			continue // drain so the workers finish
		}
		if u.superseded(r) {
			continue
		}
		if r.docErr != nil {
			failed = fmt.Errorf("index report %q: %w", r.ID, r.docErr)
			continue
		}
		doc := r.doc
		if err := batch.IndexAdvanced(doc); err != nil {
			failed = fmt.Errorf("index report %q: %w", r.ID, err)
			continue
		}
		u.mu.Lock()
		u.stats.Indexed++
		u.done[r.ID] = true
		pending = append(pending, analysed{doc, r.entry})
		u.mu.Unlock()
		if batch.Size() >= u.opts.BatchSize {
			failed = u.flush(batch, pending)
			batch.Reset()
			pending = pending[:0]
			u.progress()
		}
	}
	if failed == nil {
		failed = u.flush(batch, pending)
	}
	return failed
}

// prepare maps a report to its Bleve document and analyses its title and
// body, which is most of Bleve's work on a document: extraction workers
// do it side by side, and Bleve, which analyses a batch's documents when
// it is written, finds it done (see preAnalysed). They also compose the
// _all field from that analysis, in place of Bleve's, with the positions
// of the title's and body's terms, which those fields do not keep (see
// allField).
func (u *updater) prepare(r *Report, bufs textBufs) {
	doc := document.NewDocument(r.ID)
	if err := u.ix.bleve.Mapping().MapDocument(doc, fields(r)); err != nil {
		r.docErr = err
		return
	}
	withDateField(doc)
	var names []string
	var words []analysis.TokenStream
	for i, f := range doc.Fields {
		tf, ok := f.(*document.TextField)
		k := slices.Index(TextFields, f.Name())
		if !ok || k < 0 {
			continue
		}
		ts := u.texts[k].words(tf.Value(), &bufs[k])
		names, words = append(names, tf.Name()), append(words, ts)
		doc.Fields[i] = preAnalysed{TextField: tf, length: len(ts),
			freqs: analysis.TokenFrequency(ts, tf.ArrayPositions(), tf.Options()&^bleveindex.IncludeTermVectors)}
	}
	doc.CompositeFields = nil
	doc.AddField(newAllField(names, words))
	r.doc = doc
}

// textBufs hold the words of a report's text fields while it is
// prepared, one for each of TextFields, for a worker to reuse.
type textBufs []wordBuf

// textAnalysis is how indexing analyses a text field: as the field's
// analyzer does, with the words split by asciiWords when the analyzer is
// Bleve's unicode tokenizer followed by token filters (the English
// analyzer is).
type textAnalysis struct {
	analyzer analysis.Analyzer
	filters  []analysis.TokenFilter // with asciiWords, when it can split the words
}

// textAnalyses resolves the analysis of each of TextFields from the
// mapping.
func textAnalyses(m mapping.IndexMapping) ([]textAnalysis, error) {
	out := make([]textAnalysis, len(TextFields))
	for i, field := range TextFields {
		a := m.AnalyzerNamed(m.AnalyzerNameForPath(field))
		if a == nil {
			return nil, fmt.Errorf("the index mapping has no analyzer for %s", field)
		}
		ta := textAnalysis{analyzer: a}
		if d, ok := a.(*analysis.DefaultAnalyzer); ok {
			if _, ok := d.Tokenizer.(*unicode.UnicodeTokenizer); ok {
				ta.filters = d.TokenFilters
			}
		}
		out[i] = ta
	}
	return out, nil
}

// words analyses text, with the words in buf (see asciiWords). The
// filters may change the words in place: they get a copy of it, as
// Bleve's own analysis gives them.
func (ta textAnalysis) words(text []byte, buf *wordBuf) analysis.TokenStream {
	text = slices.Clone(text)
	if ta.filters != nil {
		if ts, ascii := asciiWords(text, buf); ascii {
			for _, f := range ta.filters {
				ts = f.Filter(ts)
			}
			return ts
		}
	}
	return ta.analyzer.Analyze(text)
}

// preAnalysed is a text field analysed before its batch is written:
// Bleve's call to Analyze finds nothing to do. It keeps its terms'
// frequencies and its length; their positions are in _all (see
// allField). It keeps no doc values (each report's terms,
// which Bleve keeps for sorting and facets by a field): nothing sorts or
// counts by a title's or body's terms, and building and merging them was
// a twentieth of indexing.
type preAnalysed struct {
	*document.TextField
	freqs  bleveindex.TokenFrequencies
	length int
}

func (preAnalysed) Analyze() {}

func (f preAnalysed) AnalyzedLength() int                                   { return f.length }
func (f preAnalysed) AnalyzedTokenFrequencies() bleveindex.TokenFrequencies { return f.freqs }

func (f preAnalysed) Options() bleveindex.FieldIndexingOptions {
	return f.TextField.Options() &^ (bleveindex.IncludeTermVectors | bleveindex.DocValues)
}

// superseded reports whether a later report with the same ID was read.
func (u *updater) superseded(r Report) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.claimed[r.ID].seq > r.seq
}

// analysed pairs a document handed to Bleve with its manifest entry.
type analysed struct {
	doc   *document.Document
	entry *reportEntry
}

// flush writes a batch, then records the title and body lengths Bleve's
// analysis found (for BM25, see scoring.go): Bleve analyses the documents
// in place, so counting them again would double the analysis work.
func (u *updater) flush(batch *bleve.Batch, pending []analysed) error {
	if batch.Size() == 0 {
		return nil
	}
	if err := u.ix.bleve.Batch(batch); err != nil {
		return fmt.Errorf("write batch: %w", err)
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, p := range pending {
		if p.entry == nil {
			continue
		}
		p.doc.VisitFields(func(f bleveindex.Field) {
			switch f.Name() {
			case FieldTitle:
				p.entry.Title = f.AnalyzedLength()
			case FieldBody:
				p.entry.Body = f.AnalyzedLength()
			}
		})
	}
	return nil
}

// finish applies deletions and stores the manifest in one last batch.
func (u *updater) finish() error {
	u.mu.Lock()
	defer u.mu.Unlock()
	batch := u.ix.bleve.NewBatch()
	for _, id := range u.deletes {
		// A report that moved to another file was indexed again this run.
		if !u.done[id] {
			batch.Delete(id)
			u.stats.Deleted++
		}
	}
	raw, err := encodeManifest(u.manifest)
	if err != nil {
		return fmt.Errorf("write index manifest: %w", err)
	}
	batch.SetInternal(manifestKey, raw)
	if err := u.ix.bleve.Batch(batch); err != nil {
		return fmt.Errorf("write batch: %w", err)
	}
	u.ix.setScoring(u.manifest)
	return nil
}

func (u *updater) progress() {
	if u.opts.Progress == nil {
		return
	}
	u.mu.Lock()
	s := u.stats
	u.mu.Unlock()
	u.opts.Progress(s)
}
