package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/search"
)

// mustServer returns a server over an in-memory index of the seed report
// and the fixture reports.
func mustServer(tb testing.TB) *Server {
	tb.Helper()
	return mustServerWith(tb, search.Config{}, Config{})
}

// mustServerWith is mustServer with other limits.
func mustServerWith(tb testing.TB, sc search.Config, wc Config) *Server {
	tb.Helper()
	ix, err := index.NewMemoryFrom("../seeds/000_38ac89ff238b6b08.txt", "testdata/reports.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := New(search.New(ix, sc), logger, wc)
	if err != nil {
		tb.Fatal(err)
	}
	return srv
}

func mustRouter(tb testing.TB) routers.Router {
	tb.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(OpenAPI)
	if err != nil {
		tb.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		tb.Fatalf("openapi.yaml is invalid: %v", err)
	}
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// checkOpenAPI validates a response against the OpenAPI document.
func checkOpenAPI(t *testing.T, router routers.Router, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	route, params, err := router.FindRoute(req)
	if err != nil {
		t.Fatalf("%s: no route in openapi.yaml: %v", req.URL, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: rec.Code, Header: rec.Header(),
		Body: io.NopCloser(bytes.NewReader(rec.Body.Bytes())), Options: in.Options,
	})
	if err != nil {
		t.Errorf("%s: response does not match openapi.yaml: %v", req.URL, err)
	}
}

func TestAPI(t *testing.T) {
	srv := mustServer(t)
	router := mustRouter(t)
	tests := []struct {
		url        string
		wantStatus int
		check      func(t *testing.T, body []byte)
	}{
		{"/healthz", 200, nil},
		{"/api/search?q=Taliban", 200, func(t *testing.T, body []byte) {
			var res apiResult
			mustJSON(t, body, &res)
			found := false
			for _, h := range res.Hits {
				if h.ID == "000_38ac89ff238b6b08" {
					found = true
				}
			}
			if !found || !bytes.Contains(body, []byte(`\u003cmark\u003eTaliban\u003c/mark\u003e`)) {
				t.Errorf("seed report or its <mark>Taliban</mark> snippet missing: %s", body)
			}
			var names []string
			for _, f := range res.Facets.Countries {
				names = append(names, f.Value)
			}
			for _, n := range []string{"Russia", "Pakistan", "Afghanistan"} {
				if !strings.Contains(strings.Join(names, ","), n) {
					t.Errorf("country facets %v lack %s", names, n)
				}
			}
		}},
		{"/api/search?person=Vladimir+Putin&country=RU", 200, func(t *testing.T, body []byte) {
			var res apiResult
			mustJSON(t, body, &res)
			if res.Total != 3 {
				t.Errorf("total = %d, want 3", res.Total)
			}
		}},
		{"/api/search?country=Russia", 200, nil},
		{"/api/search?q=statement", 200, func(t *testing.T, body []byte) {
			// Titles are plain text (JSON-escaped); snippets are HTML and
			// must carry the report's markup escaped.
			var res apiResult
			mustJSON(t, body, &res)
			if len(res.Hits) == 0 {
				t.Fatal("no hits for the reports holding markup")
			}
			for _, h := range res.Hits {
				if len(h.Snippets) == 0 {
					t.Errorf("%s has no snippets", h.ID)
				}
				for _, s := range h.Snippets {
					if strings.Contains(s, "<script") || strings.Contains(s, "<img") || !strings.Contains(s, "&lt;script&gt;") {
						t.Errorf("%s: snippet %q is not escaped", h.ID, s)
					}
				}
			}
		}},
		{"/api/search?q=%22unbalanced", 400, errorNames("q")},
		{"/api/search?q=nosuchfield:x", 400, errorNames("nosuchfield")},
		{"/api/search?q=date:%3E5", 400, errorNames("date")},
		{"/api/search?country=Atlantis", 400, errorNames("country")},
		{"/api/search?size=100000", 400, errorNames("size")},
		{"/api/search?sort=oldest", 400, errorNames("sort")},
		{"/api/reports/000_38ac89ff238b6b08", 200, func(t *testing.T, body []byte) {
			var r search.Report
			mustJSON(t, body, &r)
			if r.Place != "Washington" || len(r.People) == 0 {
				t.Errorf("report = %+v", r)
			}
		}},
		{"/api/reports/no-such-report", 404, errorNames("no-such-report")},
		{"/api/reports/wire%2F7%20b", 200, func(t *testing.T, body []byte) {
			var r search.Report
			mustJSON(t, body, &r)
			if r.ID != "wire/7 b" {
				t.Errorf("id = %q, want the escaped ID decoded", r.ID)
			}
		}},
		{"/api/openapi.yaml", 200, nil},
		{"/api/facets/people?prefix=khalil&q=Taliban", 200, func(t *testing.T, body []byte) {
			if !bytes.Contains(body, []byte(`"value":"Zalmay Khalilzad"`)) {
				t.Errorf("facet search for khalil: %s", body)
			}
		}},
		{"/api/facets/places?prefix=x", 400, errorNames("places")},
		{"/api/search?q=Taliban&not_country=PK", 200, func(t *testing.T, body []byte) {
			if bytes.Contains(body, []byte(`"id":"000_38ac89ff238b6b08"`)) {
				t.Error("excluding Pakistan still returns the seed report")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, tt.url, nil)
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d; body %s", rec.Code, tt.wantStatus, rec.Body)
			}
			checkOpenAPI(t, router, req, rec)
			if tt.check != nil {
				tt.check(t, rec.Body.Bytes())
			}
		})
	}
}

func TestUnknownRouteIsJSON404(t *testing.T) {
	srv := mustServer(t)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/nothing", nil))
	var body errorBody
	if rec.Code != 404 || json.Unmarshal(rec.Body.Bytes(), &body) != nil || body.Error.Code == "" {
		t.Errorf("status %d body %s, want a JSON 404", rec.Code, rec.Body)
	}
}

// apiResult is the part of a search response the tests read; snippets
// stay HTML strings, as clients receive them.
type apiResult struct {
	Total int `json:"total"`
	Hits  []struct {
		ID       string   `json:"id"`
		Snippets []string `json:"snippets"`
	} `json:"hits"`
	Facets struct {
		Countries []search.Facet `json:"countries"`
	} `json:"facets"`
}

func mustJSON(t *testing.T, body []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
}

// errorNames checks that an error response says what was wrong.
func errorNames(what string) func(t *testing.T, body []byte) {
	return func(t *testing.T, body []byte) {
		var e errorBody
		mustJSON(t, body, &e)
		if !strings.Contains(e.Error.Message, what) {
			t.Errorf("error message %q does not name %q", e.Error.Message, what)
		}
	}
}

// TestLimits checks that expensive or oversized requests are refused with
// a message, and slow ones time out, instead of running unbounded.
func TestLimits(t *testing.T) {
	srv := mustServerWith(t, search.Config{MaxQueryLength: 50, MaxFilters: 3, MaxTerms: 5}, Config{})
	slow := mustServerWith(t, search.Config{}, Config{RequestTimeout: time.Nanosecond})
	tests := []struct {
		srv        *Server
		url        string
		wantStatus int
		wantMsg    string
	}{
		{srv, "/api/search?q=" + strings.Repeat("a", 51), 400, "limit is 50"},
		{srv, "/api/search?person=a&person=b&country=RU&not_country=PK", 400, "limit is 3"},
		{srv, "/api/search?q=t*", 400, "more than 5 index terms"},
		{srv, "/api/search?q=talibn~2", 200, ""},
		{srv, "/api/search?q=/.*/", 400, "more than 5 index terms"},
		{srv, "/api/search?q=taliban~9", 400, "fuzzy"},
		{srv, "/api/search?q=/[a-/", 400, "regular expression"},
		{srv, "/api/search?size=-1", 400, "size"},
		{srv, "/api/search?page=999999", 400, "page"},
		{srv, "/api/search?from=2020-13-45", 400, "from"},
		{slow, "/api/search?q=Taliban", 503, "too long"},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		tt.srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.url, nil))
		if rec.Code != tt.wantStatus || !strings.Contains(rec.Body.String(), tt.wantMsg) {
			t.Errorf("%s: %d %s; want %d with %q", tt.url, rec.Code, rec.Body, tt.wantStatus, tt.wantMsg)
		}
	}
}

// TestSlowClientIsCut: a client that never finishes its request headers
// loses its connection after the read-header timeout.
func TestSlowClientIsCut(t *testing.T) {
	srv := mustServerWith(t, search.Config{}, Config{ReadHeaderTimeout: 200 * time.Millisecond})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	defer func() { cancel(); <-done }()

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("GET /api/search?q=x HTTP/1.1\r\nHost: x\r\n")); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	start := time.Now()
	_, err = io.ReadAll(conn)
	if err != nil || time.Since(start) > 3*time.Second {
		t.Errorf("connection still open after %v (%v); want it closed after the 200 ms header timeout", time.Since(start), err)
	}
}
