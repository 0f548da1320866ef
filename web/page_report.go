package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/newsdesk/newsdesk/search"
)

// reportPage is what the report page shows.
type reportPage struct {
	base
	BackURL   string
	Reading   *search.Reading
	People    []chip
	Countries []chip
	Orgs      []chip
}

// handleReportPage serves GET /reports/{id}: the whole report with the
// query's terms and every actor mention marked.
func (s *Server) handleReportPage(c echo.Context) error {
	id, err := pathParam(c, "id")
	if err != nil {
		return err
	}
	q := c.QueryParam("q")
	r, err := s.searcher.Read(c.Request().Context(), id, q)
	if err != nil {
		return err
	}
	back := url.Values{}
	if q != "" {
		back.Set("q", q)
	}
	p := &reportPage{base: base{Title: r.Title + " - newsdesk", Query: q}, BackURL: href(back), Reading: r}
	st := newState(back)
	for _, n := range r.People {
		p.People = append(p.People, chip{Label: n, Kind: "person", URL: st.with("person", n)})
	}
	for _, c := range r.Countries {
		p.Countries = append(p.Countries, chip{Label: c.Name, Kind: "country", URL: st.with("country", c.Code)})
	}
	for _, o := range r.Organizations {
		p.Orgs = append(p.Orgs, chip{Label: o, Kind: "organization", URL: st.with("organization", o)})
	}
	return s.pages.render(c, http.StatusOK, "report", p)
}
