package main

import (
	"fmt"
	"net"
	"time"

	"github.com/spf13/cobra"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/search"
	"github.com/newsdesk/newsdesk/web"
)

func (e *env) serveCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the JSON API (building the index first if there is none)",
		Long: `Opens the index (building it from the configured sources first when it does
not exist yet) and serves the JSON API until interrupted (SIGINT/SIGTERM),
letting requests in flight finish.`,
		Example: `  newsdesk serve
  newsdesk serve --addr 127.0.0.1:9090
  curl 'http://127.0.0.1:8080/api/search?q=Taliban'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ix, err := e.openOrBuild()
			if err != nil {
				return err
			}
			searcher := search.New(ix, e.cfg.searchConfig())
			defer func() { searcher.Index().Close() }()
			ln, err := net.Listen("tcp", e.cfg.Server.Addr)
			if err != nil {
				return fmt.Errorf("listen on %s: %w", e.cfg.Server.Addr, err)
			}
			n, _ := ix.Count()
			e.logger.Info("serving", "addr", "http://"+ln.Addr().String(), "index", e.cfg.Index.Path, "reports", n)
			srv, err := web.New(searcher, e.logger, e.cfg.webConfig())
			if err != nil {
				return err
			}
			go e.reloadOnRebuild(searcher)
			err = srv.Serve(e.ctx, ln)
			e.logger.Info("stopped")
			return err
		},
	}
	cmd.Flags().String("addr", "", "listen address (config server.addr, default 127.0.0.1:8080)")
	return cmd
}

// reloadOnRebuild switches the server to a new index when "newsdesk index
// --rebuild" swaps one in: searches in flight finish on the old one, new
// ones use the new one.
func (e *env) reloadOnRebuild(searcher *search.Searcher) {
	if e.cfg.Server.ReloadInterval <= 0 {
		return
	}
	t := time.NewTicker(e.cfg.Server.ReloadInterval)
	defer t.Stop()
	for {
		select {
		case <-e.ctx.Done():
			return
		case <-t.C:
		}
		if !searcher.Index().Replaced() {
			continue
		}
		fresh, err := index.Open(e.cfg.Index.Path)
		if err != nil {
			e.logger.Warn("index was replaced but cannot be opened yet; keeping the old one", "err", err)
			continue
		}
		old := searcher.Swap(fresh)
		if err := old.Close(); err != nil {
			e.logger.Warn("close the old index", "err", err)
		}
		n, _ := fresh.Count()
		e.logger.Info("reloaded the rebuilt index", "path", e.cfg.Index.Path, "reports", n)
	}
}
