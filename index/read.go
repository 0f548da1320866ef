package index

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Source is a file or a folder of reports.
type Source struct {
	// FS and Root say where to read: Root is a file or folder inside FS.
	FS   fs.FS
	Root string
	// Name identifies the source in the index manifest and in messages:
	// the absolute path for files on disk.
	Name string
}

// DiskSource returns the source for a file or folder on disk.
func DiskSource(p string) (Source, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return Source{}, fmt.Errorf("source %q: %w", p, err)
	}
	if _, err := os.Stat(abs); err != nil {
		return Source{}, fmt.Errorf("source %q: %w", p, err)
	}
	return Source{FS: os.DirFS("/"), Root: strings.TrimPrefix(filepath.ToSlash(abs), "/"), Name: abs}, nil
}

// file is one file of a source.
type file struct {
	src  Source
	path string // inside src.FS
	key  string // manifest key: source name + relative path
	rel  string // path relative to the source root ("" when the root is the file)
	// unreadable marks a file or folder that could not be listed: what the
	// index holds from under it is kept.
	unreadable bool
}

// errUnsupported marks files whose type newsdesk does not read.
var errUnsupported = errors.New("unsupported file type")

// files lists the report files of a source in a stable order. Hidden files
// and README/LICENSE/NOTICE files inside folders are documentation, not
// reports, and are left out; so are files of unknown type.
// An unreadable folder inside the source is reported to problem and
// passed over (its files are kept in the index, not taken as deleted).
func (s Source) files(problem func(Problem)) ([]file, error) {
	info, err := fs.Stat(s.FS, s.Root)
	if err != nil {
		return nil, fmt.Errorf("source %s: %w", s.Name, err)
	}
	if !info.IsDir() {
		return []file{{src: s, path: s.Root, key: s.Name}}, nil
	}
	var out []file
	err = fs.WalkDir(s.FS, s.Root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == s.Root {
				return fmt.Errorf("source %s: %w", s.Name, err)
			}
			rel := strings.TrimPrefix(strings.TrimPrefix(p, s.Root), "/")
			problem(Problem{File: s.Name + "/" + rel, Reason: ReasonUnreadable, Err: err})
			out = append(out, file{src: s, path: p, key: s.Name + "/" + rel, rel: rel, unreadable: true})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if p != s.Root && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 || isDocFile(name) || format(name) == "" {
			return nil
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, s.Root), "/")
		out = append(out, file{src: s, path: p, key: s.Name + "/" + rel, rel: rel})
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out, err
}

func isDocFile(name string) bool {
	upper := strings.ToUpper(name)
	for _, p := range []string{"README", "LICENSE", "LICENCE", "NOTICE", "CHANGELOG"} {
		if strings.HasPrefix(upper, p) {
			return true
		}
	}
	return false
}

// format returns "text", "jsonl" or "json" for a file name, or "".
func format(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".txt", ".md", ".text", ".markdown":
		return "text"
	case ".jsonl", ".ndjson":
		return "jsonl"
	case ".json":
		return "json"
	}
	return ""
}

// Problem is a report that could not be read, or was read with a caveat.
type Problem struct {
	File   string
	Line   int // 1-based line in a JSONL file, 0 otherwise
	Reason string
	Err    error
	// Kept is true when the report was indexed all the same (a date that
	// does not parse, repaired UTF-8, a duplicate ID, actors that could not
	// be extracted); false when skipped.
	Kept bool
}

func (p Problem) Error() string {
	where := p.File
	if p.Line > 0 {
		where = fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	what := "skipped"
	if p.Kept {
		what = "kept"
	}
	return fmt.Sprintf("%s: %s (%s): %v", where, p.Reason, what, p.Err)
}

// Problem reasons, used as keys of Stats.Skipped and Stats.Warnings.
const (
	ReasonEmpty       = "empty"
	ReasonBinary      = "binary"
	ReasonRepaired    = "invalid UTF-8 repaired"
	ReasonInvalidJSON = "invalid JSON"
	ReasonNoText      = "no text"
	ReasonTooLarge    = "too large"
	ReasonUnreadable  = "unreadable"
	ReasonBadDate     = "unparsed date"
	ReasonDuplicateID = "duplicate id"
	ReasonNoActors    = "actors not extracted"
)

// DefaultMaxReportBytes bounds one report (a text file, a JSON line or a
// JSON item) unless Options say otherwise.
const DefaultMaxReportBytes = 10 << 20

// parse reads the reports of one file's contents held in memory.
func (f file) parse(data []byte) ([]Report, []Problem) {
	var reports []Report
	var problems []Problem
	f.each(bytes.NewReader(data), DefaultMaxReportBytes, func(r Report) { reports = append(reports, r) },
		func(p Problem) { problems = append(problems, p) })
	return reports, problems
}

// derivedID is the ID of a report that has none of its own: its path
// relative to the source folder (or its file name), without extension,
// with "/" turned into "-" so it is one URL segment.
func (f file) derivedID() string {
	p := f.rel
	if p == "" {
		p = path.Base(f.path)
	}
	p = strings.TrimSuffix(p, path.Ext(p))
	return strings.ReplaceAll(p, "/", "-")
}

// record is a report as JSON; unknown keys are ignored.
type record struct {
	ID          any    `json:"id"`
	Title       string `json:"title"`
	Body        string `json:"body"`
	Date        string `json:"date"`
	Dateline    string `json:"dateline"`
	Source      string `json:"source"`
	URL         string `json:"url"`
	License     string `json:"license"`
	Attribution string `json:"attribution"`
}

// fromRecord turns a JSON record into a report; fallbackID is used when
// the record has no id.
func (f file) fromRecord(rec record, fallbackID string, line int) (*Report, []Problem) {
	title, body := strings.TrimSpace(rec.Title), strings.TrimSpace(rec.Body)
	if title == "" && body == "" {
		return nil, []Problem{{File: f.key, Line: line, Reason: ReasonNoText, Err: errors.New("record has neither title nor body")}}
	}
	if title == "" {
		title = headlineFrom(body)
	}
	r := &Report{ID: idString(rec.ID, fallbackID), Title: title, Body: body, Source: strings.TrimSpace(rec.Source),
		URL: rec.URL, License: rec.License, Attribution: rec.Attribution}
	if rec.Dateline != "" {
		r.Dateline, r.Place = datelineField(rec.Dateline)
	} else if _, place, _, _ := splitDateline(body); place != "" {
		// A dateline opening the body ("SAN FRANCISCO (Reuters) - ...")
		// gives the place; the body is kept as given.
		r.Place = place
	}
	var problems []Problem
	if rec.Date != "" {
		d, err := ParseDate(rec.Date)
		if err != nil {
			problems = append(problems, Problem{File: f.key, Line: line, Reason: ReasonBadDate, Err: err, Kept: true})
		}
		r.Date = d
	}
	return r, problems
}

func idString(v any, fallback string) string {
	switch id := v.(type) {
	case string:
		if s := strings.TrimSpace(id); s != "" {
			return s
		}
	case float64:
		return fmt.Sprintf("%.0f", id)
	}
	return fallback
}

// headlineFrom makes a headline for a report that has none: its first
// line, cut at a word boundary.
func headlineFrom(body string) string {
	line, _, _ := strings.Cut(body, "\n")
	line = strings.TrimSpace(line)
	if len(line) <= 120 {
		return line
	}
	cut := strings.LastIndex(line[:120], " ")
	if cut < 40 {
		cut = 120
		for !utf8.RuneStart(line[cut]) {
			cut--
		}
	}
	return line[:cut] + "…"
}

// datelineField reads a dateline given as its own field ("RIYADH, June 2").
func datelineField(s string) (dateline, place string) {
	s = strings.Join(strings.Fields(s), " ")
	p, rest, found := strings.Cut(s, ",")
	place = placeCase(p)
	if found {
		return place + "," + rest, place
	}
	return place, place
}

var dateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02", "2006-01", "2006"}

// ParseDate reads the date formats newsdesk accepts: RFC 3339, ISO dates
// with or without time, year-month and year. Times without a zone are UTC.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q is not YYYY-MM-DD or RFC 3339", s)
}

// Reports reads every report of the source in order, calling fn for each
// and problem for each report skipped or read with a caveat. An error from
// fn stops the reading.
func (s Source) Reports(fn func(Report) error, problem func(Problem)) error {
	files, err := s.files(problem)
	if err != nil {
		return err
	}
	for _, f := range files {
		if f.unreadable {
			continue // reported by files
		}
		var ferr error
		err := f.read(DefaultMaxReportBytes, func(r Report) {
			if ferr == nil {
				ferr = fn(r)
			}
		}, problem)
		if err != nil {
			problem(Problem{File: f.key, Reason: ReasonUnreadable, Err: err})
		}
		if ferr != nil {
			return ferr
		}
	}
	return nil
}

// read streams the reports of a file.
func (f file) read(limit int, emit func(Report), problem func(Problem)) error {
	rc, err := f.src.FS.Open(f.path)
	if err != nil {
		return err
	}
	defer rc.Close()
	return f.each(rc, limit, emit, problem)
}

// ReadJSONL reads reports from JSON Lines data (standard input, say);
// name stands for the data in IDs and messages.
func ReadJSONL(data []byte, name string, fn func(Report) error, problem func(Problem)) error {
	f := file{path: name + ".jsonl", key: name}
	reports, problems := f.parse(data)
	return deliver(reports, problems, fn, problem)
}

func deliver(reports []Report, problems []Problem, fn func(Report) error, problem func(Problem)) error {
	for _, p := range problems {
		problem(p)
	}
	for _, r := range reports {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}
