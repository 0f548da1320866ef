package index

import (
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsdesk/newsdesk/index/actors"
)

// Field names in the Bleve index. Title and body are analysed English
// text; the actor fields, source and place are keywords, counted whole by
// facets ("Vladimir Putin" is one value); countries hold ISO codes.
const (
	FieldTitle         = "title"
	FieldBody          = "body"
	FieldDate          = "date"
	FieldDateline      = "dateline"
	FieldPlace         = "place"
	FieldSource        = "source"
	FieldURL           = "url"
	FieldLicense       = "license"
	FieldAttribution   = "attribution"
	FieldPeople        = "people"
	FieldCountries     = "countries"
	FieldOrganizations = "organizations"
)

// TextFields are the fields a query without a field name searches, and
// the ones snippets are cut from.
var TextFields = []string{FieldTitle, FieldBody}

// FieldAll is the field a query without a field name searches: the terms
// of title and body together, with the positions of the text fields'
// terms (see allField).
const FieldAll = "_all"

// PositionField is the field whose postings hold the positions and
// offsets of a field's terms, for phrases and snippets: FieldAll for the
// text fields (each position tagged with the text field it is in: see
// allField), the field itself for any other.
func PositionField(field string) string {
	if field == "" || slices.Contains(TextFields, field) {
		return FieldAll
	}
	return field
}

// StoredFields are all stored fields, for loading a whole report.
var StoredFields = []string{FieldTitle, FieldBody, FieldDate, FieldDateline, FieldPlace, FieldSource, FieldURL,
	FieldLicense, FieldAttribution, FieldPeople, FieldCountries, FieldOrganizations}

// Mapping returns the index mapping: BM25 scoring, English analysis for
// the text fields (stored with term vectors for highlighting: the
// analysis makes them, and the indexing workers move them into _all, see
// allField; Bleve's own indexing, which benchmarks and tests compare
// with, keeps them in both).
func Mapping() mapping.IndexMapping {
	text := bleve.NewTextFieldMapping()
	text.Analyzer = en.AnalyzerName
	text.Store = true
	text.IncludeTermVectors = true
	text.IncludeInAll = true

	kw := bleve.NewTextFieldMapping()
	kw.Analyzer = keyword.Name
	kw.Store = true
	kw.IncludeInAll = false
	kw.DocValues = true
	kw.IncludeTermVectors = false

	storedOnly := bleve.NewTextFieldMapping()
	storedOnly.Index = false
	storedOnly.Store = true
	storedOnly.IncludeInAll = false

	date := bleve.NewDateTimeFieldMapping()
	date.Store = true
	date.IncludeInAll = false
	date.DocValues = true

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(FieldTitle, text)
	doc.AddFieldMappingsAt(FieldBody, text)
	for _, f := range []string{FieldPeople, FieldCountries, FieldOrganizations, FieldSource, FieldPlace} {
		doc.AddFieldMappingsAt(f, kw)
	}
	for _, f := range []string{FieldDateline, FieldURL, FieldLicense, FieldAttribution} {
		doc.AddFieldMappingsAt(f, storedOnly)
	}
	doc.AddFieldMappingsAt(FieldDate, date)

	im := bleve.NewIndexMapping()
	im.DefaultMapping = doc
	im.DefaultAnalyzer = en.AnalyzerName
	im.ScoringModel = bleveindex.BM25Scoring
	return im
}

// allField is the _all field of a report, made from its analysed title
// and body, with every term's positions and offsets tagged with the field
// they are in, as Bleve composes it. Bleve keeps them in title and body
// too: that copy was a fifth of the index on disk and of the time Bleve
// spends building and merging segments. newsdesk keeps them in _all
// alone, which is what a query without a field name (most queries)
// searches: title and body keep each term's frequency and their length,
// all that scoring needs (see prepare).
type allField struct {
	freqs  bleveindex.TokenFrequencies
	length int
}

// newAllField composes the _all field of the words of text fields (by
// name), as Bleve composes it from their own analysis.
func newAllField(names []string, words []analysis.TokenStream) *allField {
	n := 0
	for _, ts := range words {
		n += len(ts)
	}
	a := &allField{freqs: make(bleveindex.TokenFrequencies, n), length: n}
	locs := make([]bleveindex.TokenLocation, 0, n)
	for i, ts := range words {
		for _, t := range ts {
			locs = append(locs, bleveindex.TokenLocation{Field: names[i], Start: t.Start, End: t.End, Position: t.Position})
			l := &locs[len(locs)-1]
			if tf, ok := a.freqs[string(t.Term)]; ok {
				tf.Locations = append(tf.Locations, l)
				tf.SetFrequency(tf.Frequency() + 1)
				continue
			}
			tf := &bleveindex.TokenFreq{Term: t.Term, Locations: []*bleveindex.TokenLocation{l}}
			tf.SetFrequency(1)
			a.freqs[string(t.Term)] = tf
		}
	}
	return a
}

func (*allField) Name() string             { return FieldAll }
func (*allField) Value() []byte            { return nil }
func (*allField) ArrayPositions() []uint64 { return nil }
func (*allField) EncodedFieldType() byte   { return 't' }
func (*allField) Analyze()                 {}
func (*allField) Options() bleveindex.FieldIndexingOptions {
	return bleveindex.IndexField | bleveindex.IncludeTermVectors
}
func (a *allField) AnalyzedLength() int                                   { return a.length }
func (a *allField) AnalyzedTokenFrequencies() bleveindex.TokenFrequencies { return a.freqs }
func (*allField) NumPlainTextBytes() uint64                               { return 0 }
func (a *allField) Size() int                                             { return a.freqs.Size() }

// fields are what is handed to Bleve for a report.
func fields(r *Report) map[string]any {
	codes := make([]string, len(r.Countries))
	for i, c := range r.Countries {
		codes[i] = c.Code
	}
	d := map[string]any{
		FieldTitle: r.Title, FieldBody: r.Body, FieldDateline: r.Dateline, FieldPlace: r.Place,
		FieldSource: r.Source, FieldURL: r.URL, FieldLicense: r.License, FieldAttribution: r.Attribution,
		FieldPeople: r.People, FieldCountries: codes, FieldOrganizations: r.Organizations,
	}
	if !r.Date.IsZero() {
		d[FieldDate] = r.Date
	}
	return d
}

// ReportFromFields rebuilds a report from the stored fields Bleve returns
// for a hit (any subset of StoredFields).
func ReportFromFields(id string, fields map[string]any) Report {
	str := func(k string) string { s, _ := fields[k].(string); return s }
	r := Report{ID: id, Title: str(FieldTitle), Body: str(FieldBody), Dateline: str(FieldDateline),
		Place: str(FieldPlace), Source: str(FieldSource), URL: str(FieldURL), License: str(FieldLicense),
		Attribution: str(FieldAttribution)}
	if d, err := time.Parse(time.RFC3339, str(FieldDate)); err == nil {
		r.Date = d.UTC()
	}
	r.People = stringList(fields[FieldPeople])
	r.Organizations = stringList(fields[FieldOrganizations])
	r.Countries = []actors.Country{}
	for _, code := range stringList(fields[FieldCountries]) {
		if c, ok := actors.CountryByCode(code); ok {
			r.Countries = append(r.Countries, c)
		}
	}
	return r
}

// stringList reads a stored keyword field, which Bleve returns as a string
// for one value and a slice for several.
func stringList(v any) []string {
	switch v := v.(type) {
	case string:
		if strings.TrimSpace(v) == "" {
			return []string{}
		}
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return []string{}
}
