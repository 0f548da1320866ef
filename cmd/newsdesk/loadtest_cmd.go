package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/newsdesk/newsdesk/index"
)

func (e *env) loadtestCommand() *cobra.Command {
	var corpusPath, levels string
	var duration time.Duration
	var maxRequests int
	var seed uint64
	cmd := &cobra.Command{
		Use:   "loadtest",
		Short: "Load-test newsdesk serve on loopback with a realistic query mix",
		Long: `Starts "newsdesk serve" on a free loopback port over the configured index (build it
first, e.g. "newsdesk index ../shared/corpus/reuters21578.jsonl"), then sends a
seeded mix of searches (common and rare words, phrases, actor filters, deep
pages, some malformed) at each concurrency for a bounded time and number of
requests, and prints requests/s, p50/p99 latency, 5xx and connection errors,
and the server's resident memory at the start and end of each level.`,
		Example: `  newsdesk loadtest --corpus ../shared/corpus/reuters21578.jsonl --concurrency 1,8,64 --duration 60s`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			queries, err := queryMix(corpusPath, seed)
			if err != nil {
				return err
			}
			srv, base, err := e.startServer()
			if err != nil {
				return err
			}
			defer func() { srv.Process.Signal(os.Interrupt); srv.Wait() }()
			// RSS counts the pages of the index files the server has
			// mapped and touched (page cache the kernel can take back) as
			// well as its own memory (anonymous: heap, stacks).
			const row = "%11v %9v %7v %8v %8v %6v %5v %11v %12v %10v %10v\n"
			fmt.Fprintf(e.stdout, row, "concurrency", "requests", "req/s", "p50 ms", "p99 ms", "400s", "5xx",
				"conn errors", "RSS start MB", "RSS end MB", "of it anon")
			for _, c := range strings.Split(levels, ",") {
				n, err := strconv.Atoi(strings.TrimSpace(c))
				if err != nil || n < 1 {
					return fmt.Errorf("concurrency %q is not a positive number", c)
				}
				rssStart := rssMB(srv.Process.Pid)
				r := load(e.ctx, base, queries, n, duration, maxRequests)
				fmt.Fprintf(e.stdout, row, n, r.requests, fmt.Sprintf("%.0f", float64(r.requests)/r.elapsed.Seconds()),
					fmt.Sprintf("%.2f", r.p(0.50)), fmt.Sprintf("%.2f", r.p(0.99)), r.badRequests, r.serverErrors,
					r.connErrors, fmt.Sprintf("%.0f", rssStart), fmt.Sprintf("%.0f", rssMB(srv.Process.Pid)),
					fmt.Sprintf("%.0f", procStatusMB(fmt.Sprint(srv.Process.Pid), "RssAnon")))
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&corpusPath, "corpus", "../shared/corpus/reuters21578.jsonl", "JSONL corpus the query words come from")
	f.StringVar(&levels, "concurrency", "1,8,64", "comma-separated concurrency levels")
	f.DurationVar(&duration, "duration", 60*time.Second, "time at each level")
	f.IntVar(&maxRequests, "max-requests", 2_000_000, "most requests at each level")
	f.Uint64Var(&seed, "seed", 1, "random seed for the query mix")
	return cmd
}

// startServer runs "newsdesk serve" as a child on a free loopback port and
// waits until it answers.
func (e *env) startServer(env ...string) (*exec.Cmd, string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	addr := ln.Addr().String()
	ln.Close()
	self, err := os.Executable()
	if err != nil {
		return nil, "", err
	}
	if !index.Exists(e.cfg.Index.Path) {
		return nil, "", fmt.Errorf("no index at %s: build it first with \"newsdesk index\"", e.cfg.Index.Path)
	}
	srv := exec.Command(self, "serve", "--addr", addr, "--index", e.cfg.Index.Path)
	srv.Env = append(os.Environ(), env...)
	srv.Stderr = io.Discard
	if err := srv.Start(); err != nil {
		return nil, "", err
	}
	base := "http://" + addr
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return srv, base, nil
			}
		}
	}
	srv.Process.Kill()
	return nil, "", errors.New("the server did not become healthy within 60 s")
}

// rssMB reads a process's resident memory from /proc.
func rssMB(pid int) float64 { return procStatusMB(fmt.Sprint(pid), "VmRSS") }

// procStatusMB reads a memory figure (kB) of /proc/PROC/status in MB; 0
// when it cannot.
func procStatusMB(proc, field string) float64 {
	raw, err := os.ReadFile("/proc/" + proc + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			var kb float64
			fmt.Sscan(v, &kb)
			return kb / 1024
		}
	}
	return 0
}

// corpusWords are a corpus's words by how many of its first 5,000
// reports use them (words the index holds: no stop words), and those
// reports' bodies, for seeded queries.
type corpusWords struct {
	common []string // in more than 200 of them
	rare   []string // in 2 to 5
	bodies []string
	rng    *rand.Rand
}

func readCorpusWords(path string, seed uint64) (*corpusWords, error) {
	src, err := index.DiskSource(path)
	if err != nil {
		return nil, err
	}
	df := map[string]int{}
	cw := &corpusWords{rng: rand.New(rand.NewPCG(seed, seed))}
	errStop := errors.New("enough")
	err = src.Reports(func(r index.Report) error {
		for w := range words(r.Body) {
			df[w]++
		}
		cw.bodies = append(cw.bodies, r.Body)
		if len(cw.bodies) == 5000 {
			return errStop
		}
		return nil
	}, func(index.Problem) {})
	if err != nil && !errors.Is(err, errStop) {
		return nil, err
	}
	// Words the index's analysis drops (stop words: "that", "would")
	// match nothing: no query of any class is made of them.
	m := index.Mapping()
	analyzer := m.AnalyzerNamed(m.AnalyzerNameForPath(index.FieldBody))
	for w, n := range df {
		if len(analyzer.Analyze([]byte(w))) == 0 {
			continue
		}
		switch {
		case n > 200:
			cw.common = append(cw.common, w)
		case n >= 2 && n <= 5:
			cw.rare = append(cw.rare, w)
		}
	}
	sort.Strings(cw.common)
	sort.Strings(cw.rare)
	if len(cw.common) == 0 || len(cw.rare) == 0 {
		return nil, fmt.Errorf("%s: too few words for a query mix", path)
	}
	return cw, nil
}

func (cw *corpusWords) pick(list []string) string { return list[cw.rng.IntN(len(list))] }

// phrase is two neighbouring words of a report, quoted.
func (cw *corpusWords) phrase() string {
	f := strings.Fields(cw.bodies[cw.rng.IntN(len(cw.bodies))])
	if len(f) < 3 {
		return cw.pick(cw.common)
	}
	i := cw.rng.IntN(len(f) - 2)
	return `"` + strings.Trim(f[i], `",.()`) + " " + strings.Trim(f[i+1], `",.()`) + `"`
}

// queryMix builds a seeded list of search URLs (path and query) from a
// corpus's words: common and rare words, two-word phrases, actor filters,
// deep pages and malformed queries.
func queryMix(path string, seed uint64) ([]string, error) {
	cw, err := readCorpusWords(path, seed)
	if err != nil {
		return nil, err
	}
	rng, pick, phrase := cw.rng, cw.pick, cw.phrase
	common, rare := cw.common, cw.rare
	countries := []string{"US", "GB", "JP", "DE", "FR", "CA", "RU", "CN"}
	var out []string
	for i := range 2000 {
		v := url.Values{}
		switch i % 10 {
		case 0, 1:
			v.Set("q", pick(common))
		case 2, 3:
			v.Set("q", pick(rare))
		case 4:
			v.Set("q", pick(common)+" "+pick(rare))
		case 5:
			v.Set("q", phrase())
		case 6:
			v.Set("country", countries[rng.IntN(len(countries))])
		case 7:
			v.Set("q", pick(common))
			v.Set("country", countries[rng.IntN(len(countries))])
		case 8:
			v.Set("q", pick(common))
			v.Set("page", strconv.Itoa(20+rng.IntN(60)))
		case 9:
			v.Set("q", `"`+pick(common)+" title:") // malformed on purpose: a 400
		}
		out = append(out, "/api/search?"+v.Encode())
	}
	return out, nil
}

// loadResult collects one level's figures.
type loadResult struct {
	requests, badRequests, serverErrors, connErrors int
	latencies                                       []time.Duration
	elapsed                                         time.Duration
}

func (r *loadResult) p(q float64) float64 {
	if len(r.latencies) == 0 {
		return 0
	}
	sort.Slice(r.latencies, func(i, j int) bool { return r.latencies[i] < r.latencies[j] })
	return float64(r.latencies[int(q*float64(len(r.latencies)-1))].Microseconds()) / 1000
}

// load sends the queries round-robin from c workers until the duration or
// the request budget runs out.
func load(ctx context.Context, base string, queries []string, c int, d time.Duration, budget int) *loadResult {
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: c, MaxIdleConns: c}}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var next atomic.Int64
	var mu sync.Mutex
	r := &loadResult{}
	start := time.Now()
	var wg sync.WaitGroup
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine loadResult
			for ctx.Err() == nil {
				i := next.Add(1)
				if int(i) > budget {
					break
				}
				t0 := time.Now()
				resp, err := client.Get(base + queries[int(i)%len(queries)])
				if err != nil {
					if ctx.Err() == nil {
						mine.connErrors++
					}
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mine.latencies = append(mine.latencies, time.Since(t0))
				mine.requests++
				switch {
				case resp.StatusCode >= 500:
					mine.serverErrors++
				case resp.StatusCode >= 400:
					mine.badRequests++
				}
			}
			mu.Lock()
			r.requests += mine.requests
			r.badRequests += mine.badRequests
			r.serverErrors += mine.serverErrors
			r.connErrors += mine.connErrors
			r.latencies = append(r.latencies, mine.latencies...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	r.elapsed = time.Since(start)
	return r
}
