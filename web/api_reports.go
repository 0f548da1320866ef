package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"
)

// handleReport serves GET /api/reports/{id}.
func (s *Server) handleReport(c echo.Context) error {
	id, err := pathParam(c, "id")
	if err != nil {
		return err
	}
	rep, err := s.searcher.Report(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rep)
}

// pathParam returns a path parameter decoded. Echo routes on the escaped
// path when it holds escapes Go does not undo itself (an ID with "/" sent
// as %2F), and then leaves the parameter escaped.
func pathParam(c echo.Context, name string) (string, error) {
	v := c.Param(name)
	if c.Request().URL.RawPath == "" {
		return v, nil
	}
	u, err := url.PathUnescape(v)
	if err != nil {
		return "", echo.NewHTTPError(http.StatusBadRequest, "malformed escape in "+name)
	}
	return u, nil
}
