package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/search"
)

func (e *env) searchCommand() *cobra.Command {
	var people, countries, orgs []string
	var from, to, sort, personOp, countryOp, orgOp string
	var page, size int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "search [QUERY]",
		Short: "Search the index from the terminal",
		Long: `Runs the same search as GET /api/search and prints the hits with their
highlighted snippets and the facet counts. QUERY uses Bleve's query-string
syntax: words, "phrases", +must, -must_not, fuzzy~, field:value.`,
		Example: `  newsdesk search Taliban
  newsdesk search Taliban --country RU --person "Vladimir Putin"
  newsdesk search '"peace talks"' --json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			v := url.Values{"person": people, "country": countries, "organization": orgs}
			if len(args) == 1 {
				v.Set("q", args[0])
			}
			for k, s := range map[string]string{"from": from, "to": to, "sort": sort,
				"person_op": personOp, "country_op": countryOp, "organization_op": orgOp} {
				if s != "" {
					v.Set(k, s)
				}
			}
			if page > 0 {
				v.Set("page", fmt.Sprint(page))
			}
			if size > 0 {
				v.Set("size", fmt.Sprint(size))
			}
			req, err := search.Parse(v, e.cfg.searchConfig())
			if err != nil {
				return err
			}
			ix, err := index.Open(e.cfg.Index.Path)
			if err != nil {
				return fmt.Errorf("%w (run \"newsdesk index\" first)", err)
			}
			defer ix.Close()
			res, err := search.New(ix, e.cfg.searchConfig()).Run(e.ctx, req)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			}
			printResult(e.stdout, res, isTerminal(e.stdout))
			return nil
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&people, "person", nil, "only reports naming this person (repeatable, all must match)")
	f.StringArrayVar(&countries, "country", nil, "only reports naming this country: ISO code or name (repeatable)")
	f.StringArrayVar(&orgs, "org", nil, "only reports naming this organisation (repeatable)")
	f.StringVar(&personOp, "person-op", "", "and (default): every --person must match; or: any")
	f.StringVar(&countryOp, "country-op", "", "and (default) or or, for --country")
	f.StringVar(&orgOp, "org-op", "", "and (default) or or, for --org")
	f.StringVar(&from, "from", "", "earliest date (YYYY-MM-DD)")
	f.StringVar(&to, "to", "", "latest date (YYYY-MM-DD)")
	f.StringVar(&sort, "sort", "", "relevance or date")
	f.IntVar(&page, "page", 0, "page number (from 1)")
	f.IntVar(&size, "size", 0, "hits per page")
	f.BoolVar(&asJSON, "json", false, "print the result as JSON, as the API returns it")
	return cmd
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// printResult writes hits and facets as text; matched terms are bold on a
// terminal and wrapped in [brackets] otherwise.
func printResult(w io.Writer, res *search.Result, color bool) {
	mark, unmark := "[", "]"
	if color {
		mark, unmark = "\x1b[1;33m", "\x1b[0m"
	}
	fmt.Fprintf(w, "%d reports (%.1f ms)\n", res.Total, res.TookMS)
	for i, h := range res.Hits {
		fmt.Fprintf(w, "\n%d. %s  [%s]\n", (res.Page-1)*res.Size+i+1, h.Title, h.ID)
		var meta []string
		if h.Date != nil {
			meta = append(meta, h.Date.Format("2006-01-02"))
		}
		for _, s := range []string{h.Place, h.Source} {
			if s != "" {
				meta = append(meta, s)
			}
		}
		if len(meta) > 0 {
			fmt.Fprintf(w, "   %s\n", strings.Join(meta, " · "))
		}
		for _, s := range h.Snippets {
			var b strings.Builder
			for _, p := range s {
				if p.Mark {
					b.WriteString(mark + p.Text + unmark)
				} else {
					b.WriteString(p.Text)
				}
			}
			fmt.Fprintf(w, "   %s\n", strings.Join(strings.Fields(b.String()), " "))
		}
		if h.Attribution != "" {
			fmt.Fprintf(w, "   %s\n", h.Attribution)
		}
	}
	for _, f := range []struct {
		name   string
		values []search.Facet
	}{{"People", res.Facets.People}, {"Countries", res.Facets.Countries}, {"Organizations", res.Facets.Organizations}} {
		if len(f.values) == 0 {
			continue
		}
		parts := make([]string, len(f.values))
		for i, v := range f.values {
			label := v.Value
			if v.Code != "" {
				label += " (" + v.Code + ")"
			}
			parts[i] = fmt.Sprintf("%s %d", label, v.Count)
		}
		fmt.Fprintf(w, "\n%s: %s\n", f.name, strings.Join(parts, ", "))
	}
}
