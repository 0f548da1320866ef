package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages holds one parsed template set per page, built at start-up so a
// broken template stops the server from starting rather than a request.
type pages map[string]*template.Template

var funcs = template.FuncMap{
	"date": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format("2 January 2006")
	},
	"isoDate": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format("2006-01-02")
	},
	"reportURL": reportURL,
	"lower":     strings.ToLower,
}

// reportURL links to a report's page, carrying the query to highlight.
func reportURL(id, q string) string {
	u := "/reports/" + url.PathEscape(id)
	if q != "" {
		u += "?q=" + url.QueryEscape(q)
	}
	return u
}

func parsePages() (pages, error) {
	p := pages{}
	for _, name := range []string{"search", "report", "error"} {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		p[name] = t
	}
	return p, nil
}

// render writes a page: into a buffer first, so a template error becomes
// an error response instead of half a page.
func (p pages) render(c echo.Context, status int, name string, data any) error {
	var buf bytes.Buffer
	if err := p[name].Execute(&buf, data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// staticHandler serves the embedded CSS and JavaScript.
func staticHandler() echo.HandlerFunc {
	sub, _ := fs.Sub(staticFS, "static")
	h := http.StripPrefix("/static/", http.FileServer(http.FS(sub)))
	return func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(c.Response(), c.Request())
		return nil
	}
}
