package index

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// each reads the reports of a file's contents from r, calling emit for
// each report and problem for each report skipped or kept with a caveat.
// It streams: memory holds one report at a time, at most limit bytes.
// Only a failure to read r is returned.
func (f file) each(r io.Reader, limit int, emit func(Report), problem func(Problem)) error {
	switch format(f.path) {
	case "jsonl":
		return f.eachLine(r, limit, emit, problem)
	case "json":
		return f.eachItem(r, limit, emit, problem)
	}
	data, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return err
	}
	data, ok := f.check(data, 0, limit, problem)
	if !ok {
		return nil
	}
	title, body, dateline, place, source := ParseText(string(data))
	emit(Report{ID: f.derivedID(), Title: title, Body: body, Dateline: dateline, Place: place, Source: source})
	return nil
}

// check refuses empty, oversized and binary contents, and repairs invalid
// UTF-8 (saying so).
func (f file) check(data []byte, line, limit int, problem func(Problem)) ([]byte, bool) {
	switch {
	case len(data) > limit:
		problem(Problem{File: f.key, Line: line, Reason: ReasonTooLarge,
			Err: fmt.Errorf("over %d MB; the limit is index.max_report_bytes", limit>>20)})
		return nil, false
	case len(bytes.TrimSpace(data)) == 0:
		problem(Problem{File: f.key, Line: line, Reason: ReasonEmpty, Err: errors.New("no content")})
		return nil, false
	case binary(data):
		problem(Problem{File: f.key, Line: line, Reason: ReasonBinary, Err: errors.New("holds binary data, not text")})
		return nil, false
	case !utf8.Valid(data):
		problem(Problem{File: f.key, Line: line, Reason: ReasonRepaired, Kept: true,
			Err: errors.New("bytes that are not UTF-8 were replaced by U+FFFD")})
		return bytes.ToValidUTF8(data, []byte("\uFFFD")), true
	}
	return data, true
}

// binary reports whether data looks like a binary file: a NUL byte, or
// many control characters, in its first 8 KB.
func binary(data []byte) bool {
	head := data[:min(len(data), 8<<10)]
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	control := 0
	for _, b := range head {
		if b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' {
			control++
		}
	}
	return control > len(head)/10
}

func (f file) eachLine(r io.Reader, limit int, emit func(Report), problem func(Problem)) error {
	br := bufio.NewReaderSize(r, 64<<10)
	seen := false
	for n := 1; ; n++ {
		line, tooLong, err := readLine(br, limit)
		if err != nil && err != io.EOF {
			return err
		}
		switch {
		case tooLong:
			problem(Problem{File: f.key, Line: n, Reason: ReasonTooLarge,
				Err: fmt.Errorf("line over %d MB; the limit is index.max_report_bytes", limit>>20)})
			seen = true
		case len(bytes.TrimSpace(line)) > 0:
			seen = true
			if line, ok := f.check(line, n, limit, problem); ok {
				f.record(line, fmt.Sprintf("%s-%d", f.derivedID(), n), n, emit, problem)
			}
		}
		if err == io.EOF {
			break
		}
	}
	if !seen {
		problem(Problem{File: f.key, Reason: ReasonEmpty, Err: errors.New("no content")})
	}
	return nil
}

// readLine reads one line without its newline. A line over limit is read
// to its end and dropped (tooLong): memory never holds more than limit.
func readLine(br *bufio.Reader, limit int) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > limit+1 {
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimRight(line, "\r\n"), tooLong, err
	}
}

// eachItem reads a JSON array of reports item by item, or a single report
// object.
func (f file) eachItem(r io.Reader, limit int, emit func(Report), problem func(Problem)) error {
	br := bufio.NewReader(r)
	first, err := firstByte(br)
	if err == io.EOF {
		problem(Problem{File: f.key, Reason: ReasonEmpty, Err: errors.New("no content")})
		return nil
	}
	if err != nil {
		return err
	}
	if first != '[' {
		data, err := io.ReadAll(io.LimitReader(br, int64(limit)+1))
		if err != nil {
			return err
		}
		if data, ok := f.check(data, 0, limit, problem); ok {
			f.record(data, f.derivedID(), 0, emit, problem)
		}
		return nil
	}
	dec := json.NewDecoder(br)
	if _, err := dec.Token(); err != nil {
		problem(Problem{File: f.key, Reason: ReasonInvalidJSON, Err: err})
		return nil
	}
	for i := 1; dec.More(); i++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			// The decoder cannot find the next item after a syntax error.
			problem(Problem{File: f.key, Reason: ReasonInvalidJSON, Err: fmt.Errorf("item %d and after: %w", i, err)})
			return nil
		}
		if data, ok := f.check(raw, 0, limit, problem); ok {
			f.record(data, fmt.Sprintf("%s-%d", f.derivedID(), i), 0, emit, problem)
		}
	}
	return nil
}

func firstByte(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.ReadByte()
		if err != nil {
			return 0, err
		}
		if b != ' ' && b != '\n' && b != '\r' && b != '\t' && b != 0xef && b != 0xbb && b != 0xbf {
			return b, br.UnreadByte()
		}
	}
}

// record decodes one JSON report.
func (f file) record(data []byte, fallbackID string, line int, emit func(Report), problem func(Problem)) {
	var rec record
	if err := json.Unmarshal(data, &rec); err != nil {
		problem(Problem{File: f.key, Line: line, Reason: ReasonInvalidJSON, Err: err})
		return
	}
	r, problems := f.fromRecord(rec, fallbackID, line)
	for _, p := range problems {
		problem(p)
	}
	if r != nil {
		emit(*r)
	}
}
