package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/labstack/echo/v4"
)

// benchHTTP times a cold start of serve, then loads it, a bare Echo+Bleve
// handler (on bare Bleve's copy of the index at barePath) and an Echo
// "hello" handler at concurrency 1, 4 and 16.
func (e *env) benchHTTP(indexPath, barePath string, classes []benchClass, d time.Duration) (float64, []httpFigure, error) {
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
		srv.Process.Signal(os.Interrupt)
		srv.Wait()
	}

	bare, err := bleve.Open(barePath)
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

func printHTTP(w io.Writer, r *benchReport) {
	fmt.Fprintf(w, "cold start (serve to first answered search): %.2f s\n\n", r.ColdStart)
	fmt.Fprintf(w, "%-16s %6s %10s %8s %8s %7s\n", "HTTP", "conc.", "req/s", "p50 ms", "p99 ms", "errors")
	for _, f := range r.HTTP {
		fmt.Fprintf(w, "%-16s %6d %10.0f %8.2f %8.2f %7d\n", f.Server, f.Concurrency, f.RPS, f.P50, f.P99, f.Errors)
	}
}
