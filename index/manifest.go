package index

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
)

// version changes whenever the stored form of a report or the actor
// extraction changes, so that an update re-indexes everything.
const version = "3"

// manifestKey is where the manifest lives in Bleve's internal storage,
// written in the same batch as the last documents. It is stored gzipped:
// Bleve keeps its internal values in memory for as long as the index is
// open (8.1 MB of JSON at 108k reports, 2.7 MB gzipped). A manifest
// stored as plain JSON, as earlier builds wrote it, is read too.
var manifestKey = []byte("newsdesk.manifest")

// encodeManifest is the stored form of a manifest.
func encodeManifest(m *manifest) ([]byte, error) {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if err := json.NewEncoder(zw).Encode(m); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// manifest records what each source file contributed, so that an update
// can skip unchanged files and reports and remove vanished ones.
type manifest struct {
	Version string                `json:"version"`
	Files   map[string]*fileEntry `json:"files"`
}

type fileEntry struct {
	Hash    string                  `json:"hash"`
	Reports map[string]*reportEntry `json:"reports"` // by report ID
}

// reportEntry is a report's content hash and the analysed lengths of its
// title and body, summed for BM25's average field length (scoring.go).
type reportEntry struct {
	Hash  string `json:"h"`
	Title int    `json:"t"`
	Body  int    `json:"b"`
}

func (ix *Index) manifest() (*manifest, error) {
	raw, err := ix.bleve.GetInternal(manifestKey)
	if err != nil {
		return nil, fmt.Errorf("read index manifest: %w", err)
	}
	m := &manifest{Version: version, Files: map[string]*fileEntry{}}
	if len(raw) == 0 {
		return m, nil
	}
	if bytes.HasPrefix(raw, []byte{0x1f, 0x8b}) { // gzip
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err == nil {
			raw, err = io.ReadAll(zr)
		}
		if err != nil {
			return nil, fmt.Errorf("read index manifest: %w", err)
		}
	}
	var head struct {
		Version string `json:"version"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, fmt.Errorf("read index manifest: %w", err)
	}
	if head.Version != version {
		return nil, fmt.Errorf("index %q was built by another version of newsdesk (format %q, this one writes %q): "+
			"rebuild it with \"newsdesk index --rebuild\"", ix.path, head.Version, version)
	}
	if err := json.Unmarshal(raw, m); err != nil {
		return nil, fmt.Errorf("read index manifest: %w", err)
	}
	return m, nil
}

func (e *fileEntry) report(id string) *reportEntry {
	if e == nil {
		return nil
	}
	return e.Reports[id]
}
