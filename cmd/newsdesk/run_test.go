package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"github.com/newsdesk/newsdesk/index/testneed"
)

// environment returns a getenv over vars only, so tests never see the
// caller's NEWSDESK_* variables.
func environment(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func runCmd(t *testing.T, vars map[string]string, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, environment(vars), strings.NewReader(stdin), &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

func seedsDir(t *testing.T) string {
	t.Helper()
	abs, err := filepath.Abs("../../seeds")
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

func TestIndexSearchExtract(t *testing.T) {
	vars := map[string]string{"NEWSDESK_INDEX_PATH": filepath.Join(t.TempDir(), "idx"), "NEWSDESK_SOURCES": seedsDir(t)}
	out, _, err := runCmd(t, vars, "", "index")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "indexed 292") {
		t.Errorf("first index run: %q, want 292 reports indexed", out)
	}
	out, _, err = runCmd(t, vars, "", "index")
	if err != nil || !strings.Contains(out, "indexed 0, unchanged 292") {
		t.Errorf("second index run: %q, %v; want everything unchanged", out, err)
	}

	out, _, err = runCmd(t, vars, "", "search", "Taliban", "--country", "RU", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Total int
		Hits  []struct{ ID string }
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("search --json: %v\n%s", err, out)
	}
	if !containsID(res.Hits, "000_38ac89ff238b6b08") {
		t.Errorf("search Taliban --country RU: %+v lacks the seed report", res)
	}

	out, _, err = runCmd(t, vars, "", "search", "Taliban", "--person", "Vladimir Putin")
	if err != nil || !strings.Contains(out, "[Taliban]") || !strings.Contains(out, "Countries:") {
		t.Errorf("search text output: %v\n%s", err, out)
	}

	if _, _, err := runCmd(t, vars, "", "search", `"unbalanced`); err == nil {
		t.Error("search with a malformed query succeeded")
	}

	out, _, err = runCmd(t, vars, "", "extract", filepath.Join(seedsDir(t), "000_38ac89ff238b6b08.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var ex extracted
	if err := json.Unmarshal([]byte(out), &ex); err != nil {
		t.Fatalf("extract: %v\n%s", err, out)
	}
	// The seed report names exactly these people and countries.
	wantPeople := []string{"Allison Bailey", "John Nicholson", "Sajjan M Gohel", "Vladimir Putin", "Zakharova", "Zalmay Khalilzad"}
	wantCountries := []string{"Afghanistan", "China", "Iran", "Iraq", "Pakistan", "Russia", "Syria", "United States"}
	var countries []string
	for _, c := range ex.Countries {
		countries = append(countries, c.Name)
	}
	slices.Sort(ex.People)
	slices.Sort(countries)
	if ex.ID != "000_38ac89ff238b6b08" || !slices.Equal(ex.People, wantPeople) || !slices.Equal(countries, wantCountries) {
		t.Errorf("extract = %+v\nwant people %q, countries %q", ex, wantPeople, wantCountries)
	}

	out, _, err = runCmd(t, vars, `{"id":"x","title":"Kremlin","body":"NATO met in Kabul."}`+"\n", "extract")
	if err != nil || !strings.Contains(out, `"id":"x"`) || !strings.Contains(out, `"NATO"`) || !strings.Contains(out, `"AF"`) {
		t.Errorf("extract from stdin: %q, %v", out, err)
	}
}

func containsID(hits []struct{ ID string }, id string) bool {
	for _, h := range hits {
		if h.ID == id {
			return true
		}
	}
	return false
}

// syncBuffer is a bytes.Buffer safe to read while the server writes logs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var addrRE = regexp.MustCompile(`addr=(http://127\.0\.0\.1:\d+)`)

func TestServeBuildsIndexAndAnswers(t *testing.T) {
	vars := map[string]string{
		"NEWSDESK_INDEX_PATH":  filepath.Join(t.TempDir(), "idx"),
		"NEWSDESK_SOURCES":     seedsDir(t),
		"NEWSDESK_SERVER_ADDR": "127.0.0.1:0",
	}
	srv := startServe(t, vars)
	base := srv.base

	resp, err := http.Get(base + "/api/search?q=Taliban")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Contains(body, []byte("000_38ac89ff238b6b08")) || !bytes.Contains(body, []byte(`\u003cmark\u003eTaliban\u003c/mark\u003e`)) {
		t.Errorf("GET /api/search?q=Taliban: %d %s", resp.StatusCode, body)
	}

	if err := srv.stop(); err != nil {
		t.Errorf("serve returned %v after shutdown, want nil", err)
	}
}

// served is a "newsdesk serve" running in the test process.
type served struct {
	base   string
	stderr *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

// startServe runs "newsdesk serve" with vars and waits until it answers.
func startServe(t *testing.T, vars map[string]string) *served {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &served{stderr: &syncBuffer{}, cancel: cancel, done: make(chan error, 1)}
	go func() {
		s.done <- run(ctx, []string{"serve"}, environment(vars), strings.NewReader(""), io.Discard, s.stderr)
	}()
	s.base = waitForAddr(t, s.stderr, s.done)
	waitHealthy(t, s.base)
	t.Cleanup(func() { s.stop() })
	return s
}

// stop shuts the server down gracefully and returns what serve returned.
func (s *served) stop() error {
	if s.done == nil {
		return nil
	}
	s.cancel()
	select {
	case err := <-s.done:
		s.done = nil
		return err
	case <-time.After(15 * time.Second):
		return errors.New("serve did not shut down")
	}
}

func waitForAddr(t *testing.T, stderr *syncBuffer, done <-chan error) string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if m := addrRE.FindStringSubmatch(stderr.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("serve exited early: %v\n%s", err, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("serve never logged its address:\n%s", stderr.String())
	return ""
}

func waitHealthy(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("server never became healthy")
}

func TestConfig(t *testing.T) {
	dir := t.TempDir()
	file := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := file("good.yaml", "server:\n  addr: 127.0.0.1:9999\nsearch:\n  facet_size: 25\n")
	unknown := file("unknown.yaml", "server:\n  adr: 127.0.0.1:9999\n")
	invalid := file("invalid.yaml", "search:\n  max_size: 0\n")
	negative := file("negative.yaml", "index:\n  memory_mb: -1\n")

	t.Run("missing --config file", func(t *testing.T) {
		c, err := loadConfig(filepath.Join(dir, "none.yaml"), environment(nil), nil)
		if err == nil {
			t.Errorf("accepted: %+v", c)
		}
	})
	t.Run("defaults without a config.yaml", func(t *testing.T) {
		t.Chdir(t.TempDir())
		c, err := loadConfig("", environment(nil), nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.Server.Addr != "127.0.0.1:8080" || c.Index.Path != "data/index" || strings.Join(c.Sources, ",") != "seeds" {
			t.Errorf("defaults = %+v", c)
		}
	})
	t.Run("file then env", func(t *testing.T) {
		c, err := loadConfigFlags(t, good, map[string]string{
			"NEWSDESK_INDEX_PATH": "/tmp/x", "NEWSDESK_SOURCES": "a, b", "NEWSDESK_SEARCH_SNIPPETS": "2"})
		if err != nil {
			t.Fatal(err)
		}
		if c.Server.Addr != "127.0.0.1:9999" || c.Search.FacetSize != 25 || c.Index.Path != "/tmp/x" ||
			strings.Join(c.Sources, "|") != "a|b" || c.Search.Snippets != 2 || c.Search.MaxSize != 100 {
			t.Errorf("config = %+v", c)
		}
	})
	t.Run("env overrides file, flag overrides env", func(t *testing.T) {
		c, err := loadConfigFlags(t, good, map[string]string{"NEWSDESK_SERVER_ADDR": "127.0.0.1:1"}, "--index", "/flag/idx")
		if err != nil {
			t.Fatal(err)
		}
		if c.Server.Addr != "127.0.0.1:1" || c.Index.Path != "/flag/idx" {
			t.Errorf("config = %+v", c)
		}
	})
	for name, path := range map[string]string{"unknown key": unknown, "invalid value": invalid, "negative memory": negative} {
		t.Run(name, func(t *testing.T) {
			if _, err := loadConfigFlags(t, path, nil); err == nil {
				t.Error("accepted")
			}
		})
	}
	t.Run("bad env value", func(t *testing.T) {
		if _, err := loadConfigFlags(t, good, map[string]string{"NEWSDESK_SEARCH_FACET_SIZE": "lots"}); err == nil {
			t.Error("accepted")
		}
	})
}

// loadConfigFlags loads the configuration as the root command does, with
// the given global flags parsed.
func loadConfigFlags(t *testing.T, file string, vars map[string]string, flags ...string) (Config, error) {
	t.Helper()
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	var configFile string
	addGlobalFlags(fs, &configFile)
	if err := fs.Parse(append([]string{"--config", file}, flags...)); err != nil {
		t.Fatal(err)
	}
	return loadConfig(configFile, environment(vars), fs)
}

// sharedDir returns ../shared beside the clone. The test needs it: it
// skips when it is absent (a user's clone) but fails in CI.
func sharedDir(t *testing.T) string {
	t.Helper()
	return testneed.Path(t, "../../../shared", "the shared evaluation data beside the clone")
}

// TestEvalNERHoldsQuality runs the extraction evaluation on the CoNLL
// tuning set (eng.testa), on Reuters-21578's annotations and on the
// hand-labelled AG News items, and fails if actor quality falls below
// what the embedded model and rules reached.
func TestEvalNERHoldsQuality(t *testing.T) {
	shared := sharedDir(t)
	labelled := filepath.Join("..", "..", "index", "actors", "testdata", "labelled")
	out, _, err := runCmd(t, nil, "", "eval-ner", "--gmb", "",
		"--conll", filepath.Join(shared, "ner", "conll2003", "eng.testa"),
		"--reuters", filepath.Join(shared, "corpus", "reuters21578.jsonl"),
		"--labelled", filepath.Join(labelled, "agnews-heldout.tsv")+","+filepath.Join(labelled, "agnews-dev.tsv"),
		"--labelled-corpus", filepath.Join(shared, "corpus", "agnews_test.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	floors := []struct {
		data, measure string
		floor         float64
	}{
		{"eng.testa", "person mentions", 0.89}, {"eng.testa", "people facet", 0.90}, {"eng.testa", "country facet", 0.96},
		{"eng.testa", "org mentions", 0.76},
		{"reuters21578", "people recall", 0.93}, {"reuters21578", "country recall", 0.86},
		{"agnews-heldout", "people facet", 0.80}, {"agnews-heldout", "country facet", 0.85},
		{"agnews-dev", "people facet", 0.80}, {"agnews-dev", "country facet", 0.85},
	}
	for _, f := range floors {
		// The last figure is F1 (recall for the recall-only rows), but
		// for tokens/s.
		re := regexp.MustCompile(`(?m)^\S*` + f.data + `\S*(?: \(\d+ reports\))?\s+` + f.measure + `((?:[ \t]+\d[\d.]*)+)`)
		m := re.FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("no %s %q line in\n%s", f.data, f.measure, out)
		}
		nums := strings.Fields(m[1])
		figure := nums[len(nums)-1]
		if len(nums) == 4 {
			figure = nums[2] // P R F1 tokens/s
		}
		var v float64
		fmt.Sscan(figure, &v)
		if v < f.floor {
			t.Errorf("%s %s %.3f < %.2f\n%s", f.data, f.measure, v, f.floor, out)
		}
	}
}

func TestIndexExitStatus(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.jsonl"), []byte(`{"id":"a","title":"A","body":"x"}`+"\nnot json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"NEWSDESK_INDEX_PATH": filepath.Join(t.TempDir(), "idx")}
	out, stderr, err := runCmd(t, vars, "", "index", dir)
	if exitCode(err) != 2 || !strings.Contains(out, "indexed 1") || !strings.Contains(out, "invalid JSON: 1") ||
		!strings.Contains(stderr, "a.jsonl:2") {
		t.Errorf("index with a bad line: exit %d, %q, %q; want status 2, one indexed, the line named", exitCode(err), out, stderr)
	}
	_, _, err = runCmd(t, vars, "", "index", "--strict", "--rebuild", dir)
	if err == nil || exitCode(err) != 1 {
		t.Errorf("--strict with a bad line: %v, want a failure", err)
	}
}
