package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// handleHealth answers 200 once the index answers a search.
func (s *Server) handleHealth(c echo.Context) error {
	res, err := s.searcher.Run(c.Request().Context(), healthProbe)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"status": "ok", "reports": res.Total})
}
