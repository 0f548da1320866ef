package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/index/actors"
)

// labelled is a hand-labelled report: the people and country codes its
// facets should hold.
type labelled struct{ people, countries map[string]bool }

// readLabels reads a labels file: comment lines start with #; each other
// line is a report ID, its people and its country codes, separated by
// tabs, several values by semicolons.
func readLabels(path string) (map[string]labelled, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	labels := map[string]labelled{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) != 3 || cols[0] == "" {
			return nil, fmt.Errorf("%s:%d: want an ID, people and countries separated by tabs", path, line)
		}
		labels[cols[0]] = labelled{people: splitSet(cols[1]), countries: splitSet(cols[2])}
	}
	return labels, sc.Err()
}

func splitSet(s string) map[string]bool {
	set := map[string]bool{}
	for _, v := range strings.Split(s, ";") {
		if v = strings.TrimSpace(v); v != "" {
			set[v] = true
		}
	}
	return set
}

// evalLabelled extracts the actors of the labelled reports of a JSONL
// corpus, as indexing does, and compares the people and country facets
// with the labels.
func evalLabelled(x *actors.Extractor, labelsPath, corpus string, show int, w io.Writer) (nerResult, error) {
	res := nerResult{facets: true}
	labels, err := readLabels(labelsPath)
	if err != nil {
		return res, err
	}
	found := 0
	err = eachExtracted(x, corpus, func(line []byte) bool {
		var head struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(line, &head) != nil {
			return false
		}
		_, ok := labels[head.ID]
		return ok
	}, func(_ []byte, r index.Report) error {
		gold := labels[r.ID]
		found++
		codes := map[string]bool{}
		for _, c := range r.Countries {
			codes[c.Code] = true
		}
		people := set(r.People)
		res.people.add(people, gold.people)
		res.countries.add(codes, gold.countries)
		if show > 0 {
			for _, d := range []struct {
				what       string
				pred, gold map[string]bool
			}{{"people", people, gold.people}, {"countries", codes, gold.countries}} {
				for v := range d.pred {
					if !d.gold[v] {
						fmt.Fprintf(w, "%s: %s: %q found, not labelled\n", r.ID, d.what, v)
					}
				}
				for v := range d.gold {
					if !d.pred[v] {
						fmt.Fprintf(w, "%s: %s: %q labelled, not found\n", r.ID, d.what, v)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	if found != len(labels) {
		return res, fmt.Errorf("%s: %d of its %d reports are not in %s", labelsPath, len(labels)-found, len(labels), corpus)
	}
	return res, nil
}

// eachExtracted reads a JSONL corpus and, for each line want accepts,
// reads the report as indexing does, extracts its actors as indexing
// does (one session for the whole file) and hands it to fn. Lines that
// are not a report are passed over.
func eachExtracted(x *actors.Extractor, path string, want func(line []byte) bool,
	fn func(line []byte, r index.Report) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	s := x.NewSession()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if !want(line) {
			continue
		}
		var r index.Report
		read := false
		err := index.ReadJSONL(line, "eval", func(rep index.Report) error { r, read = rep, true; return nil },
			func(index.Problem) {})
		if err != nil || !read {
			continue
		}
		if err := index.ExtractActors(s, &r); err != nil {
			return err
		}
		if err := fn(line, r); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
