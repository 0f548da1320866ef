package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/index/actors"
)

// extracted is the stable output shape of "newsdesk extract".
type extracted struct {
	ID            string           `json:"id"`
	People        []string         `json:"people"`
	Countries     []actors.Country `json:"countries"`
	Organizations []string         `json:"organizations"`
}

func (e *env) extractCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "extract [FILE...]",
		Short: "Print the actors of each report as JSON lines",
		Long: `Reads reports (the formats "index" reads, or JSON Lines on standard input when
no FILE is given) and prints one JSON line per report:
{"id":...,"people":[...],"countries":[{"code":"RU","name":"Russia"}],"organizations":[...]}`,
		Example: `  newsdesk extract seeds/000_38ac89ff238b6b08.txt
  head -5 reports.jsonl | newsdesk extract`,
		RunE: func(cmd *cobra.Command, args []string) error {
			enc := json.NewEncoder(e.stdout)
			session := actors.Default().NewSession()
			emit := func(r index.Report) error {
				// As indexing does: the dateline's place counts too.
				if err := index.ExtractActors(session, &r); err != nil {
					return err
				}
				return enc.Encode(extracted{ID: r.ID, People: r.People, Countries: r.Countries, Organizations: r.Organizations})
			}
			problem := func(p index.Problem) { fmt.Fprintln(e.stderr, "skip:", p.Error()) }
			if len(args) == 0 {
				data, err := io.ReadAll(e.stdin)
				if err != nil {
					return fmt.Errorf("read standard input: %w", err)
				}
				return index.ReadJSONL(data, "stdin", emit, problem)
			}
			srcs, err := resolveSources(args)
			if err != nil {
				return err
			}
			for _, src := range srcs {
				if err := src.Reports(emit, problem); err != nil {
					return err
				}
			}
			return nil
		},
	}
}
