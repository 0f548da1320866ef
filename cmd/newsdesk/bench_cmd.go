package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/spf13/cobra"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/search"
)

// The benchmark compares newsdesk with bare Bleve (same mapping, same
// batch size, no extraction; the same search with the default
// highlighter, on the same reports indexed by Bleve itself) in one run,
// so that the ratios hold whatever the machine.

func (e *env) benchCommand() *cobra.Command {
	var corpusPath, jsonOut string
	var replicate, perClass, runs, passes int
	var indexingOnly, noHTTP bool
	var searchProfile string
	var httpDuration time.Duration
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Benchmark indexing, search and HTTP against bare Bleve",
		Long: `Indexes a JSONL corpus with newsdesk (reading, actor extraction, indexing), with
newsdesk without actor extraction, and with bare Bleve (same mapping and batch
size, title and body only), each in a child process (time, reports/s, MB/s,
index size, peak RSS; the median of --runs runs); runs a seeded set
of searches in six classes as newsdesk runs them (3 facets, snippets) and as
the bare Bleve request (same query, same facets, default highlighter); loads
newsdesk serve, a bare Echo+Bleve handler and an Echo "hello" handler over
HTTP at concurrency 1, 4 and 16; and times a cold start.`,
		Example: `  newsdesk bench --corpus ../shared/corpus/reuters21578.jsonl
  newsdesk bench --replicate 5 --json bench-108k.json
  newsdesk bench --corpus ../shared/corpus/bbc.jsonl --indexing-only --runs 5`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runs < 1 || passes < 1 {
				return fmt.Errorf("--runs and --passes must be at least 1")
			}
			return e.bench(benchOptions{corpusPath, replicate, perClass, runs, passes, indexingOnly, noHTTP, httpDuration,
				jsonOut, searchProfile})
		},
	}
	f := cmd.Flags()
	f.StringVar(&corpusPath, "corpus", "../shared/corpus/reuters21578.jsonl", "JSONL corpus")
	f.IntVar(&replicate, "replicate", 1, "copies of the corpus, with fresh IDs, for scale")
	f.IntVar(&perClass, "queries", 100, "queries per class")
	f.IntVar(&passes, "passes", 5, "measured passes over each class's queries (after one to warm up); p50 and p99 are over all")
	f.DurationVar(&httpDuration, "http-duration", 10*time.Second, "load time at each HTTP concurrency")
	f.StringVar(&jsonOut, "json", "", "also write the figures as JSON to this file")
	f.IntVar(&runs, "runs", 1, "index this many times in each mode and report the median")
	f.BoolVar(&indexingOnly, "indexing-only", false, "measure indexing only (no search, HTTP or cold start)")
	f.BoolVar(&noHTTP, "no-http", false, "stop after the in-process searches (no HTTP or cold start)")
	f.StringVar(&searchProfile, "search-cpuprofile", "", "write a CPU profile (pprof) of the in-process searches to this file")
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
	// ActorTable is how long after opening the fresh index its actor
	// table first answered (merges may make it be read again after).
	ActorTable float64 `json:"actor_table_seconds"`
}

type indexFigure struct {
	Seconds   float64 `json:"seconds"`
	Reports   int     `json:"reports"`
	SizeBytes int64   `json:"size_bytes"`
	PeakRSSMB float64 `json:"peak_rss_mb"`
}

type classFigure struct {
	Class    string  `json:"class"`
	Searches int     `json:"searches"` // timed, over all passes
	P50      float64 `json:"newsdesk_p50_ms"`
	P99      float64 `json:"newsdesk_p99_ms"`
	BareP50  float64 `json:"bare_p50_ms"`
	BareP99  float64 `json:"bare_p99_ms"`
}

type httpFigure struct {
	Server      string  `json:"server"`
	Concurrency int     `json:"concurrency"`
	RPS         float64 `json:"requests_per_second"`
	P50         float64 `json:"p50_ms"`
	P99         float64 `json:"p99_ms"`
	Errors      int     `json:"errors"`
}

type benchOptions struct {
	corpusPath                        string
	replicate, perClass, runs, passes int
	indexingOnly, noHTTP              bool
	httpDuration                      time.Duration
	jsonOut, searchProfile            string
}

func (e *env) bench(o benchOptions) error {
	corpusPath, jsonOut := o.corpusPath, o.jsonOut
	dir, err := os.MkdirTemp("", "newsdesk-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	src := filepath.Join(dir, "corpus.jsonl")
	rep := &benchReport{Indexing: map[string]indexFigure{}}
	if rep.Reports, rep.RawBytes, err = replicateCorpus(corpusPath, src, o.replicate); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "corpus: %s x%d = %d reports, %.1f MB\n\n", corpusPath, o.replicate, rep.Reports, float64(rep.RawBytes)/1e6)

	// Modes take turns, run after run, so that a slow spell of the
	// machine does not fall on one mode only.
	figs := map[string][]indexFigure{}
	for run := 0; run < o.runs; run++ {
		for _, mode := range indexModes {
			out := filepath.Join(dir, mode)
			os.RemoveAll(out)
			fig, err := benchIndexChild(mode, src, out)
			if err != nil {
				return fmt.Errorf("index with %s: %w", mode, err)
			}
			figs[mode] = append(figs[mode], fig)
		}
	}
	for mode, fs := range figs {
		sort.Slice(fs, func(i, j int) bool { return fs[i].Seconds < fs[j].Seconds })
		rep.Indexing[mode] = fs[len(fs)/2]
	}
	printIndexing(e.stdout, rep)
	if o.indexingOnly {
		return writeBenchJSON(rep, jsonOut)
	}

	ix, err := index.Open(filepath.Join(dir, "newsdesk"))
	if err != nil {
		return err
	}
	rep.ActorTable = settle(e.ctx, ix).Seconds()
	fmt.Fprintf(e.stdout, "actor table ready %.2f s after opening the index\n\n", rep.ActorTable)
	// In process, every search runs: the result cache is off (HTTP
	// measures it both ways).
	cfg := e.cfg.searchConfig()
	cfg.CacheSize = 0
	searcher := search.New(ix, cfg)
	classes, err := benchQueries(ix, corpusPath, o.perClass)
	if err != nil {
		ix.Close()
		return err
	}
	barePath := filepath.Join(dir, "bare-copy")
	bare, err := bareCopy(e.ctx, ix, barePath, e.cfg.Index.BatchSize)
	if err != nil {
		ix.Close()
		return fmt.Errorf("bare Bleve's copy of the index: %w", err)
	}
	stop, err := startProfile(o.searchProfile)
	if err != nil {
		ix.Close()
		bare.Close()
		return err
	}
	rep.Search = benchSearch(e.ctx, searcher, bare, classes, cfg, o.passes)
	stop()
	printSearch(e.stdout, rep.Search)
	ix.Close()
	if err := bare.Close(); err != nil {
		return err
	}
	if o.noHTTP {
		return writeBenchJSON(rep, jsonOut)
	}

	cold, figures, err := e.benchHTTP(filepath.Join(dir, "newsdesk"), barePath, classes, o.httpDuration)
	if err != nil {
		return err
	}
	rep.ColdStart, rep.HTTP = cold, figures
	printHTTP(e.stdout, rep)
	return writeBenchJSON(rep, jsonOut)
}

// settle waits, at most a minute, until a freshly built index has
// finished merging in the background and its actor table is read: the
// searches measure a serving index, not one still being reorganised
// (while merges renumber documents, searches count facets the slow way).
// Settled means the table answered for two seconds running. It returns
// how long after opening the table first answered.
func settle(ctx context.Context, ix *index.Index) (first time.Duration) {
	start, steady := time.Now(), 0
	for steady < 10 && time.Since(start) < time.Minute {
		if _, ok, err := ix.CountActors(ctx, query.NewMatchAllQuery(), 1); ok && err == nil {
			if first == 0 {
				first = time.Since(start)
			}
			steady++
			time.Sleep(200 * time.Millisecond)
		} else {
			steady = 0
			time.Sleep(5 * time.Millisecond)
		}
	}
	return first
}

// bareCopy indexes the reports of newsdesk's index (their stored fields,
// actors included) the way bare Bleve does, with the same mapping and
// batch size, for bare Bleve's searches: Bleve's own index keeps the
// positions of title's and body's terms in those fields too, which
// newsdesk's does not (see index.PositionField), and bare Bleve reads
// them there. It returns once Bleve has finished merging the copy's
// segments.
func bareCopy(ctx context.Context, ix *index.Index, out string, batchSize int) (_ bleve.Index, err error) {
	b, err := bleve.New(out, index.Mapping())
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			b.Close()
		}
	}()
	bt := newBareBatches(b, batchSize)
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(query.NewMatchAllQuery(), 2000, 0, false)
		req.Fields = index.StoredFields
		req.SortBy([]string{"_id"})
		req.SearchAfter = after
		res, err := ix.Bleve().SearchInContext(ctx, req)
		if err != nil {
			return nil, err
		}
		if len(res.Hits) == 0 {
			break
		}
		for _, h := range res.Hits {
			if err := bt.index(h.ID, h.Fields); err != nil {
				return nil, err
			}
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
	if err := bt.flush(); err != nil {
		return nil, err
	}
	settleSegments(b)
	return b, nil
}

// settleSegments waits, at most a minute, until a fresh Bleve index has
// kept the same number of segments for two seconds: its background merges
// are done.
func settleSegments(b bleve.Index) {
	segments := func() int {
		adv, err := b.Advanced()
		if err != nil {
			return -1
		}
		r, err := adv.Reader()
		if err != nil {
			return -1
		}
		defer r.Close()
		if snap, ok := r.(*scorch.IndexSnapshot); ok {
			return len(snap.Segments())
		}
		return -1
	}
	last, since := segments(), time.Now()
	for start := time.Now(); time.Since(since) < 2*time.Second && time.Since(start) < time.Minute; {
		time.Sleep(100 * time.Millisecond)
		if n := segments(); n != last {
			last, since = n, time.Now()
		}
	}
}

// indexModes are what the benchmark indexes with: bare Bleve, newsdesk
// without actor extraction, newsdesk.
var indexModes = []string{"bare", "noactors", "newsdesk"}

func writeBenchJSON(rep *benchReport, path string) error {
	if path == "" {
		return nil
	}
	raw, _ := json.MarshalIndent(rep, "", "  ")
	return os.WriteFile(path, raw, 0o644)
}
