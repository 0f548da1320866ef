package index

import (
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/newsdesk/newsdesk/index/actors"
)

// Report is one news report as newsdesk stores it.
type Report struct {
	ID    string
	Title string
	Body  string
	// Date is the publication date; zero when unknown.
	Date time.Time
	// Dateline is the dateline as written ("Washington, July 2"), Place its
	// place ("Washington").
	Dateline    string
	Place       string
	Source      string
	URL         string
	License     string
	Attribution string
	actors.Actors

	entry *reportEntry // its manifest entry, where the writer records its lengths
	seq   int          // order in which this run read it
	file  string       // the source file it was read from
	// doc is the Bleve document, mapped and with its text analysed by an
	// extraction worker; docErr why it could not be.
	doc    *document.Document
	docErr error
}

// hash is a digest of everything read from the source, so an unchanged
// report can be skipped on re-index. Actors are derived, not hashed.
func (r *Report) hash() string {
	h := sha256.New()
	for _, s := range []string{r.ID, r.Title, r.Body, r.Date.Format(time.RFC3339), r.Dateline, r.Place,
		r.Source, r.URL, r.License, r.Attribution} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
