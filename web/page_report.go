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
	p.People, p.Countries, p.Orgs = actorChips(newState(back), r.People, r.Countries, r.Organizations)
	return s.pages.render(c, http.StatusOK, "report", p)
}
