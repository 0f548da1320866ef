package web

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/newsdesk/newsdesk/search"
)

// errorBody is the JSON shape of every API error.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// handleError is the one place errors become responses: bad requests are
// 400, unknown reports 404, timeouts 503, Echo's own errors keep their
// status, and everything else is a 500 that is logged.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, code, msg := classify(err)
	if status >= 500 {
		s.logger.Error("request failed", "method", c.Request().Method, "uri", c.Request().RequestURI, "err", err)
	}
	var werr error
	switch {
	case c.Request().Method == http.MethodHead:
		werr = c.NoContent(status)
	case strings.HasPrefix(c.Request().URL.Path, "/api/") || c.Request().URL.Path == "/healthz":
		werr = c.JSON(status, errorBody{errorDetail{Code: code, Message: msg}})
	default:
		werr = s.pages.render(c, status, "error", errorPage{base: base{Title: http.StatusText(status) + " - newsdesk"},
			Heading: http.StatusText(status), Message: msg})
	}
	if werr != nil {
		s.logger.Error("write error response", "err", werr)
	}
}

func classify(err error) (status int, code, msg string) {
	var he *echo.HTTPError
	switch {
	case errors.Is(err, search.ErrBadRequest):
		return http.StatusBadRequest, "bad_request", err.Error()
	case errors.Is(err, search.ErrNotFound):
		return http.StatusNotFound, "not_found", err.Error()
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "timeout", "the search took too long; narrow the query"
	case errors.As(err, &he):
		msg, ok := he.Message.(string)
		if !ok {
			msg = http.StatusText(he.Code)
		}
		return he.Code, strings.ToLower(strings.ReplaceAll(http.StatusText(he.Code), " ", "_")), msg
	}
	return http.StatusInternalServerError, "internal", "internal error"
}

// errorPage is the HTML page for an error.
type errorPage struct {
	base
	Heading string
	Message string
}
