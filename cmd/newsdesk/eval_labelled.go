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
	f, err := os.Open(corpus)
	if err != nil {
		return res, err
	}
	defer f.Close()
	s := x.NewSession()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	found := 0
	for sc.Scan() {
		var head struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(sc.Bytes(), &head) != nil {
			continue
		}
		gold, ok := labels[head.ID]
		if !ok {
			continue
		}
		var r index.Report
		err := index.ReadJSONL(sc.Bytes(), "labelled", func(rep index.Report) error { r = rep; return nil }, func(index.Problem) {})
		if err != nil {
			return res, err
		}
		if err := index.ExtractActors(s, &r); err != nil {
			return res, err
		}
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
						fmt.Fprintf(w, "%s: %s: %q found, not labelled\n", head.ID, d.what, v)
					}
				}
				for v := range d.gold {
					if !d.pred[v] {
						fmt.Fprintf(w, "%s: %s: %q labelled, not found\n", head.ID, d.what, v)
					}
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return res, err
	}
	if found != len(labels) {
		return res, fmt.Errorf("%s: %d of its %d reports are not in %s", labelsPath, len(labels)-found, len(labels), corpus)
	}
	return res, nil
}
