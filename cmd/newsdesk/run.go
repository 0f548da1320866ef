package main

import (
	"context"
	"errors"
	"io"
	"log/slog"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// env is what every subcommand gets: its I/O, environment and the loaded
// configuration.
type env struct {
	ctx            context.Context
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer
	cfg            Config
	logger         *slog.Logger
}

// errSkipped is returned by "index" when reports were skipped: the run
// completed, and the exit status says so.
var errSkipped = errors.New("some reports were skipped (see the messages above)")

func exitCode(err error) int {
	if errors.Is(err, errSkipped) {
		return 2
	}
	return 1
}

// run is the whole program: main only supplies the process's context,
// arguments, environment and streams.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{ctx: ctx, getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	var configFile string
	root := &cobra.Command{
		Use:   "newsdesk",
		Short: "Full-text search over news reports, with people, country and organisation facets",
		Long: `newsdesk indexes a folder of news reports, extracts the people, countries and
organisations each one is about, and serves keyword search with highlighted
snippets and actor facets as a JSON API.

Configuration comes from config.yaml (or --config FILE), then NEWSDESK_*
environment variables (NEWSDESK_SERVER_ADDR, NEWSDESK_INDEX_PATH,
NEWSDESK_SOURCES, ...), then flags.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(configFile, getenv, cmd.Flags())
			if err != nil {
				return err
			}
			e.cfg = cfg
			e.logger = newLogger(cfg.Log, stderr)
			return nil
		},
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	addGlobalFlags(root.PersistentFlags(), &configFile)
	root.AddCommand(e.indexCommand(), e.serveCommand(), e.searchCommand(), e.extractCommand(), e.evalCommand(), e.trainNERCommand(), e.evalNERCommand(), e.loadtestCommand(), e.benchCommand(), e.benchIndexCommand())
	return root.ExecuteContext(ctx)
}

// addGlobalFlags defines the flags every subcommand takes.
func addGlobalFlags(fs *pflag.FlagSet, configFile *string) {
	fs.StringVar(configFile, "config", "", "configuration file (default ./config.yaml when present)")
	fs.String("index", "", "index folder (config index.path)")
	fs.String("sources", "", "comma-separated report files and folders (config sources)")
}
