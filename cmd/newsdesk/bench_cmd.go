package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/labstack/echo/v4"
	"github.com/spf13/cobra"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/search"
)

// The benchmark compares newsdesk with bare Bleve (same mapping, same
// batch size, no extraction; the same search with the default
// highlighter) in one run, so that the ratios hold whatever the machine.

func (e *env) benchCommand() *cobra.Command {
	var corpusPath, jsonOut string
	var replicate, perClass int
	var httpDuration time.Duration
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Benchmark indexing, search and HTTP against bare Bleve",
		Long: `Indexes a JSONL corpus with newsdesk (reading, actor extraction, indexing) and
with bare Bleve (same mapping and batch size, title and body only), each in a
child process (time, reports/s, MB/s, index size, peak RSS); runs a seeded set
of searches in six classes as newsdesk runs them (3 facets, snippets) and as
the bare Bleve request (same query, same facets, default highlighter); loads
newsdesk serve, a bare Echo+Bleve handler and an Echo "hello" handler over
HTTP at concurrency 1, 4 and 16; and times a cold start.`,
		Example: `  newsdesk bench --corpus ../shared/corpus/reuters21578.jsonl
  newsdesk bench --replicate 5 --json bench-108k.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.bench(corpusPath, replicate, perClass, httpDuration, jsonOut)
		},
	}
	f := cmd.Flags()
	f.StringVar(&corpusPath, "corpus", "../shared/corpus/reuters21578.jsonl", "JSONL corpus")
	f.IntVar(&replicate, "replicate", 1, "copies of the corpus, with fresh IDs, for scale")
	f.IntVar(&perClass, "queries", 100, "queries per class")
	f.DurationVar(&httpDuration, "http-duration", 10*time.Second, "load time at each HTTP concurrency")
	f.StringVar(&jsonOut, "json", "", "also write the figures as JSON to this file")
	return cmd
}

// benchReport is everything the benchmark measured.
type benchReport struct {
	Reports   int                    `json:"reports"`
	RawBytes  int64                  `json:"raw_bytes"`
	Indexing  map[string]indexFigure `json:"indexing"`
	Search    []classFigure          `json:"search"`
	HTTP      []httpFigure           `json:"http"`
	ColdStart float64                `json:"cold_start_seconds"`
}

type indexFigure struct {
	Seconds   float64 `json:"seconds"`
	Reports   int     `json:"reports"`
	SizeBytes int64   `json:"size_bytes"`
	PeakRSSMB float64 `json:"peak_rss_mb"`
}

type classFigure struct {
	Class   string  `json:"class"`
	Queries int     `json:"queries"`
	P50     float64 `json:"newsdesk_p50_ms"`
	P99     float64 `json:"newsdesk_p99_ms"`
	BareP50 float64 `json:"bare_p50_ms"`
	BareP99 float64 `json:"bare_p99_ms"`
}

type httpFigure struct {
	Server      string  `json:"server"`
	Concurrency int     `json:"concurrency"`
	RPS         float64 `json:"requests_per_second"`
	P50         float64 `json:"p50_ms"`
	P99         float64 `json:"p99_ms"`
	Errors      int     `json:"errors"`
}

func (e *env) bench(corpusPath string, replicate, perClass int, httpDuration time.Duration, jsonOut string) error {
	dir, err := os.MkdirTemp("", "newsdesk-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	src := filepath.Join(dir, "corpus.jsonl")
	rep := &benchReport{Indexing: map[string]indexFigure{}}
	if rep.Reports, rep.RawBytes, err = replicateCorpus(corpusPath, src, replicate); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "corpus: %s x%d = %d reports, %.1f MB\n\n", corpusPath, replicate, rep.Reports, float64(rep.RawBytes)/1e6)

	for _, mode := range []string{"bare", "newsdesk"} {
		fig, err := benchIndexChild(mode, src, filepath.Join(dir, mode))
		if err != nil {
			return fmt.Errorf("index with %s: %w", mode, err)
		}
		rep.Indexing[mode] = fig
	}
	printIndexing(e.stdout, rep)

	ix, err := index.Open(filepath.Join(dir, "newsdesk"))
	if err != nil {
		return err
	}
	// In process, every search runs: the result cache is off (HTTP
	// measures it both ways).
	cfg := e.cfg.searchConfig()
	cfg.CacheSize = 0
	searcher := search.New(ix, cfg)
	classes, err := benchQueries(ix, corpusPath, perClass)
	if err != nil {
		ix.Close()
		return err
	}
	rep.Search = benchSearch(e.ctx, searcher, ix.Bleve(), classes, cfg)
	printSearch(e.stdout, rep.Search)
	ix.Close()

	cold, figures, err := e.benchHTTP(filepath.Join(dir, "newsdesk"), classes, httpDuration)
	if err != nil {
		return err
	}
	rep.ColdStart, rep.HTTP = cold, figures
	printHTTP(e.stdout, rep)

	if jsonOut != "" {
		raw, _ := json.MarshalIndent(rep, "", "  ")
		return os.WriteFile(jsonOut, raw, 0o644)
	}
	return nil
}

// replicateCorpus writes n copies of a JSONL corpus with fresh IDs.
func replicateCorpus(from, to string, n int) (int, int64, error) {
	in, err := os.ReadFile(from)
	if err != nil {
		return 0, 0, err
	}
	out, err := os.Create(to)
	if err != nil {
		return 0, 0, err
	}
	defer out.Close()
	w := bufio.NewWriter(out)
	reports := 0
	var raw int64
	for copyN := 1; copyN <= n; copyN++ {
		sc := bufio.NewScanner(strings.NewReader(string(in)))
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for sc.Scan() {
			var rec map[string]any
			if json.Unmarshal(sc.Bytes(), &rec) != nil {
				continue
			}
			if copyN > 1 {
				rec["id"] = fmt.Sprintf("%v-copy%d", rec["id"], copyN)
			}
			line, _ := json.Marshal(rec)
			w.Write(append(line, '\n'))
			reports++
			raw += int64(len(fmt.Sprint(rec["title"])) + len(fmt.Sprint(rec["body"])))
		}
	}
	return reports, raw, w.Flush()
}

// benchIndexChild indexes src into out in a child process, so its peak
// RSS is its own.
func benchIndexChild(mode, src, out string) (indexFigure, error) {
	self, err := os.Executable()
	if err != nil {
		return indexFigure{}, err
	}
	cmd := exec.Command(self, "bench-index", "--mode", mode, "--src", src, "--out", out)
	cmd.Stderr = os.Stderr
	raw, err := cmd.Output()
	if err != nil {
		return indexFigure{}, err
	}
	var fig indexFigure
	return fig, json.Unmarshal(raw, &fig)
}

// benchIndexCommand is the child side of benchIndexChild (hidden).
func (e *env) benchIndexCommand() *cobra.Command {
	var mode, src, out string
	cmd := &cobra.Command{
		Use:    "bench-index",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			start := time.Now()
			var n int
			var err error
			if mode == "bare" {
				n, err = bareIndex(src, out, e.cfg.Index.BatchSize)
			} else {
				n, err = newsdeskIndex(src, out, e.cfg.Index.BatchSize)
			}
			if err != nil {
				return err
			}
			fig := indexFigure{Seconds: time.Since(start).Seconds(), Reports: n, SizeBytes: dirSize(out),
				PeakRSSMB: peakRSSMB()}
			return json.NewEncoder(e.stdout).Encode(fig)
		},
	}
	cmd.Flags().StringVar(&mode, "mode", "newsdesk", "bare or newsdesk")
	cmd.Flags().StringVar(&src, "src", "", "JSONL corpus")
	cmd.Flags().StringVar(&out, "out", "", "index folder")
	return cmd
}

func newsdeskIndex(src, out string, batch int) (int, error) {
	s, err := index.DiskSource(src)
	if err != nil {
		return 0, err
	}
	ix, stats, err := index.Rebuild(out, []index.Source{s}, index.Options{BatchSize: batch})
	if err != nil {
		return 0, err
	}
	return stats.Indexed, ix.Close()
}

// bareIndex is plain Bleve: our mapping, title and body, one batch at a
// time, no extraction.
func bareIndex(src, out string, batch int) (int, error) {
	f, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	b, err := bleve.New(out, index.Mapping())
	if err != nil {
		return 0, err
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	bt := b.NewBatch()
	n := 0
	for sc.Scan() {
		var rec struct {
			ID          string
			Title, Body string
		}
		if json.Unmarshal(sc.Bytes(), &rec) != nil || rec.Title == "" && rec.Body == "" {
			continue
		}
		if err := bt.Index(rec.ID, map[string]any{index.FieldTitle: rec.Title, index.FieldBody: rec.Body}); err != nil {
			return n, err
		}
		n++
		if bt.Size() >= batch {
			if err := b.Batch(bt); err != nil {
				return n, err
			}
			bt.Reset()
		}
	}
	if err := b.Batch(bt); err != nil {
		return n, err
	}
	return n, b.Close()
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// peakRSSMB reads this process's peak resident memory.
func peakRSSMB() float64 {
	raw, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			var kb float64
			fmt.Sscan(strings.TrimPrefix(line, "VmHWM:"), &kb)
			return kb / 1024
		}
	}
	return 0
}

// benchClass is one class of queries, as request parameters.
type benchClass struct {
	name    string
	queries []url.Values
}

// benchQueries makes the seeded query classes from the corpus's words and
// the index's actor values.
func benchQueries(ix *index.Index, corpusPath string, n int) ([]benchClass, error) {
	mix, err := queryMix(corpusPath, 7)
	if err != nil {
		return nil, err
	}
	var common, rare, phrases []string
	for _, u := range mix {
		v, _ := url.ParseQuery(strings.TrimPrefix(u, "/api/search?"))
		q := v.Get("q")
		switch {
		case strings.HasPrefix(q, `"`) && strings.HasSuffix(q, `"`):
			phrases = append(phrases, q)
		case q != "" && !strings.Contains(q, " ") && v.Get("page") == "" && v.Get("country") == "":
			if len(common) <= len(rare) {
				common = append(common, q)
			} else {
				rare = append(rare, q)
			}
		}
	}
	// The index's most frequent countries and organisations are the
	// filters analysts click.
	res, err := search.New(ix, search.Config{FacetSize: 20}).Run(context.Background(),
		search.Request{Page: 1, Size: 1, Sort: search.SortDate})
	if err != nil {
		return nil, err
	}
	var filters []url.Values
	for _, f := range res.Facets.Countries {
		filters = append(filters, url.Values{"country": {f.Code}})
	}
	for _, f := range res.Facets.Organizations {
		filters = append(filters, url.Values{"organization": {f.Value}})
	}
	if len(filters) == 0 || len(common) == 0 || len(rare) == 0 || len(phrases) == 0 {
		return nil, errors.New("the corpus gives too few words or actors for the query classes")
	}
	rng := rand.New(rand.NewPCG(7, 7))
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	classes := []benchClass{{name: "common word"}, {name: "rare word"}, {name: "two words"}, {name: "phrase"},
		{name: "actor filter"}, {name: "word + actor"}}
	for range n {
		classes[0].queries = append(classes[0].queries, url.Values{"q": {pick(common)}})
		classes[1].queries = append(classes[1].queries, url.Values{"q": {pick(rare)}})
		classes[2].queries = append(classes[2].queries, url.Values{"q": {pick(common) + " " + pick(rare)}})
		classes[3].queries = append(classes[3].queries, url.Values{"q": {pick(phrases)}})
		classes[4].queries = append(classes[4].queries, filters[rng.IntN(len(filters))])
		wf := url.Values{"q": {pick(common)}}
		for k, v := range filters[rng.IntN(len(filters))] {
			wf[k] = v
		}
		classes[5].queries = append(classes[5].queries, wf)
	}
	return classes, nil
}

// bareRequest is the bare Bleve search for the same parameters: the query
// string (or all reports), the filters as terms, three facets, the
// default highlighter.
func bareRequest(v url.Values, size int) *bleve.SearchRequest {
	var must []query.Query
	if q := v.Get("q"); q != "" {
		must = append(must, query.NewQueryStringQuery(q))
	} else {
		must = append(must, query.NewMatchAllQuery())
	}
	for param, field := range map[string]string{"country": index.FieldCountries, "organization": index.FieldOrganizations} {
		for _, val := range v[param] {
			tq := query.NewTermQuery(val)
			tq.SetField(field)
			must = append(must, tq)
		}
	}
	req := bleve.NewSearchRequestOptions(query.NewConjunctionQuery(must), size, 0, false)
	if v.Get("q") == "" {
		req.SortBy([]string{"-" + index.FieldDate}) // as newsdesk lists filter-only results
	}
	req.Highlight = bleve.NewHighlight()
	req.Fields = []string{index.FieldTitle, index.FieldDate, index.FieldSource}
	for _, f := range []string{index.FieldPeople, index.FieldCountries, index.FieldOrganizations} {
		req.AddFacet(f, bleve.NewFacetRequest(f, 10))
	}
	return req
}

func benchSearch(ctx context.Context, s *search.Searcher, b bleve.Index, classes []benchClass, cfg search.Config) []classFigure {
	var out []classFigure
	for _, c := range classes {
		var ours, bare []time.Duration
		for round := 0; round < 2; round++ { // the first round warms the caches
			ours, bare = ours[:0], bare[:0]
			for _, v := range c.queries {
				req, err := search.Parse(v, cfg)
				if err != nil {
					continue
				}
				t0 := time.Now()
				if _, err := s.Run(ctx, req); err != nil {
					continue
				}
				ours = append(ours, time.Since(t0))
				t0 = time.Now()
				if _, err := b.SearchInContext(ctx, bareRequest(v, req.Size)); err != nil {
					continue
				}
				bare = append(bare, time.Since(t0))
			}
		}
		out = append(out, classFigure{Class: c.name, P50: pct(ours, 0.5), P99: pct(ours, 0.99),
			BareP50: pct(bare, 0.5), BareP99: pct(bare, 0.99), Queries: len(ours)})
	}
	return out
}

func pct(d []time.Duration, q float64) float64 {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return float64(s[int(q*float64(len(s)-1))].Microseconds()) / 1000
}

// benchHTTP times a cold start of serve, then loads it, a bare Echo+Bleve
// handler and an Echo "hello" handler at concurrency 1, 4 and 16.
func (e *env) benchHTTP(indexPath string, classes []benchClass, d time.Duration) (float64, []httpFigure, error) {
	var paths []string
	for _, c := range classes {
		for _, v := range c.queries {
			paths = append(paths, "/api/search?"+v.Encode())
		}
	}
	rand.New(rand.NewPCG(3, 3)).Shuffle(len(paths), func(i, j int) { paths[i], paths[j] = paths[j], paths[i] })

	e.cfg.Index.Path = indexPath
	var cold float64
	var out []httpFigure
	for _, cache := range []bool{false, true} {
		start := time.Now()
		srv, base, err := e.startServerAnswering(paths[0], fmt.Sprintf("NEWSDESK_SEARCH_CACHE=%v", cache))
		if err != nil {
			return 0, nil, err
		}
		if !cache {
			cold = time.Since(start).Seconds()
		}
		name := map[bool]string{false: "newsdesk", true: "newsdesk cached"}[cache]
		for _, c := range []int{1, 4, 16} {
			r := load(e.ctx, base, paths, c, d, 1<<30)
			out = append(out, httpFigure{Server: name, Concurrency: c, RPS: float64(r.requests) / r.elapsed.Seconds(),
				P50: r.p(0.5), P99: r.p(0.99), Errors: r.serverErrors + r.connErrors})
		}
		// The bare server opens the same index, which bolt's lock allows
		// only once newsdesk's server has stopped.
		srv.Process.Signal(os.Interrupt)
		srv.Wait()
	}

	bare, err := bleve.Open(indexPath)
	if err != nil {
		return cold, out, err
	}
	defer bare.Close()
	for _, kind := range []string{"bare Echo+Bleve", "Echo hello"} {
		base, stop, err := bareServer(bare, kind == "Echo hello")
		if err != nil {
			return cold, out, err
		}
		for _, c := range []int{1, 4, 16} {
			r := load(e.ctx, base, paths, c, d, 1<<30)
			out = append(out, httpFigure{Server: kind, Concurrency: c, RPS: float64(r.requests) / r.elapsed.Seconds(),
				P50: r.p(0.5), P99: r.p(0.99), Errors: r.serverErrors + r.connErrors})
		}
		stop()
	}
	return cold, out, nil
}

// startServerAnswering starts serve and waits for the first answered search.
func (e *env) startServerAnswering(path string, env ...string) (*exec.Cmd, string, error) {
	srv, base, err := e.startServer(env...)
	if err != nil {
		return nil, "", err
	}
	resp, err := http.Get(base + path)
	if err != nil {
		srv.Process.Kill()
		return nil, "", err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return srv, base, nil
}

// bareServer serves /api/search with the bare Bleve request (or "hello").
func bareServer(b bleve.Index, hello bool) (string, func(), error) {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET("/api/search", func(c echo.Context) error {
		if hello {
			return c.String(http.StatusOK, "hello")
		}
		res, err := b.SearchInContext(c.Request().Context(), bareRequest(c.QueryParams(), 10))
		if err != nil {
			return c.JSON(http.StatusBadRequest, map[string]string{"error": err.Error()})
		}
		return c.JSON(http.StatusOK, res)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: e}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

func printIndexing(w io.Writer, r *benchReport) {
	bare, ours := r.Indexing["bare"], r.Indexing["newsdesk"]
	fmt.Fprintf(w, "%-9s %9s %10s %7s %12s %12s\n", "indexing", "seconds", "reports/s", "MB/s", "size/raw", "peak RSS MB")
	for _, x := range []struct {
		name string
		f    indexFigure
	}{{"bare", bare}, {"newsdesk", ours}} {
		fmt.Fprintf(w, "%-9s %9.1f %10.0f %7.2f %12.2f %12.0f\n", x.name, x.f.Seconds, float64(x.f.Reports)/x.f.Seconds,
			float64(r.RawBytes)/1e6/x.f.Seconds, float64(x.f.SizeBytes)/float64(r.RawBytes), x.f.PeakRSSMB)
	}
	fmt.Fprintf(w, "newsdesk / bare: %.2fx time\n\n", ours.Seconds/bare.Seconds)
}

func printSearch(w io.Writer, cs []classFigure) {
	fmt.Fprintf(w, "%-13s %8s %8s %8s %8s %9s %9s\n", "search (ms)", "ours p50", "ours p99", "bare p50", "bare p99", "p50 ratio", "p99 ratio")
	for _, c := range cs {
		fmt.Fprintf(w, "%-13s %8.2f %8.2f %8.2f %8.2f %9.2f %9.2f\n", c.Class, c.P50, c.P99, c.BareP50, c.BareP99,
			c.P50/c.BareP50, c.P99/c.BareP99)
	}
	fmt.Fprintln(w)
}

func printHTTP(w io.Writer, r *benchReport) {
	fmt.Fprintf(w, "cold start (serve to first answered search): %.2f s\n\n", r.ColdStart)
	fmt.Fprintf(w, "%-16s %6s %10s %8s %8s %7s\n", "HTTP", "conc.", "req/s", "p50 ms", "p99 ms", "errors")
	for _, f := range r.HTTP {
		fmt.Fprintf(w, "%-16s %6d %10.0f %8.2f %8.2f %7d\n", f.Server, f.Concurrency, f.RPS, f.P50, f.P99, f.Errors)
	}
}
