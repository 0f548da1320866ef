package main

import (
	"fmt"
	"net"

	"github.com/spf13/cobra"

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
			defer ix.Close()
			ln, err := net.Listen("tcp", e.cfg.Server.Addr)
			if err != nil {
				return fmt.Errorf("listen on %s: %w", e.cfg.Server.Addr, err)
			}
			n, _ := ix.Count()
			e.logger.Info("serving", "addr", "http://"+ln.Addr().String(), "index", e.cfg.Index.Path, "reports", n)
			srv, err := web.New(search.New(ix, e.cfg.searchConfig()), e.logger, e.cfg.webConfig())
			if err != nil {
				return err
			}
			err = srv.Serve(e.ctx, ln)
			e.logger.Info("stopped")
			return err
		},
	}
	cmd.Flags().String("addr", "", "listen address (config server.addr, default 127.0.0.1:8080)")
	return cmd
}
