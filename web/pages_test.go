package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestPages checks the server-rendered pages with CSS selectors.
func TestPages(t *testing.T) {
	srv := mustServer(t)
	tests := []struct {
		url        string
		wantStatus int
		check      func(t *testing.T, doc *goquery.Document)
	}{
		{"/?q=Taliban", 200, func(t *testing.T, doc *goquery.Document) {
			if v, _ := doc.Find("input#q").Attr("value"); v != "Taliban" {
				t.Errorf("search box holds %q", v)
			}
			if doc.Find("label[for=q]").Length() != 1 {
				t.Error("search box has no label")
			}
			if doc.Find("h1").Length() != 1 || doc.Find("h2").Length() < 2 || doc.Find("h3").Length() < 3 {
				t.Error("headings: want one h1, h2 for results and facets, h3 per panel and card")
			}
			doc.Find("input:not([type=hidden])").Each(func(_ int, in *goquery.Selection) {
				if id, _ := in.Attr("id"); id == "" || doc.Find("label[for="+id+"]").Length() == 0 {
					t.Errorf("input %v has no label", in.AttrOr("name", "?"))
				}
			})
			if doc.Find("ol.hits li.hit").Length() == 0 {
				t.Fatal("no result cards")
			}
			seed := doc.Find(`li.hit h3 a[href^="/reports/000_38ac89ff238b6b08"]`)
			if seed.Length() != 1 {
				t.Fatal("seed report not among the results")
			}
			card := seed.Closest("li.hit")
			if card.Find("p.snippet mark").First().Text() != "Taliban" {
				t.Errorf("seed snippet marks %q", card.Find("p.snippet mark").First().Text())
			}
			if card.Find(`ul.actors a.chip-country[href*="country=RU"]`).Length() != 1 {
				t.Error("seed card has no Russia chip adding a filter")
			}
			for _, kind := range []string{"people", "countries", "organizations"} {
				if doc.Find("section.panel-"+kind+" ul.values li a.add").Length() == 0 {
					t.Errorf("%s panel has no values", kind)
				}
			}
			if doc.Find("h2#results-h").Length() != 1 || !strings.Contains(doc.Find("h2#results-h").Text(), "report") {
				t.Error("no result count heading")
			}
		}},
		{"/?q=Taliban&country=RU&not_person=Nobody", 200, func(t *testing.T, doc *goquery.Document) {
			if doc.Find(`section.panel-countries ul.pinned li.selected`).Text() == "" {
				t.Error("selected country is not pinned")
			}
			if doc.Find(`section.panel-people ul.pinned li.excluded`).Length() != 1 {
				t.Error("excluded person is not pinned")
			}
			if doc.Find("div.active a.chip").Length() != 2 || doc.Find("div.active a.clear").Length() != 1 {
				t.Error("active filters are not shown as removable chips with clear all")
			}
			if h, _ := doc.Find(`div.active a.chip-country`).Attr("href"); strings.Contains(h, "country=") {
				t.Errorf("removing Russia links to %s", h)
			}
		}},
		{"/?q=Taliban&country=IR&country=PK", 200, func(t *testing.T, doc *goquery.Document) {
			if doc.Find("ol.hits li.hit").Length() != 1 {
				t.Errorf("%d hits for Taliban in Iran and Pakistan, want the seed only", doc.Find("ol.hits li.hit").Length())
			}
		}},
		{"/?q=Taliban&country=NZ", 200, func(t *testing.T, doc *goquery.Document) {
			if !strings.Contains(doc.Find("div.empty").Text(), "No reports match") {
				t.Error("no empty state")
			}
			if h, _ := doc.Find("div.empty a").Attr("href"); h != "/?q=Taliban" {
				t.Errorf("empty state suggests %q, want removing New Zealand", h)
			}
		}},
		{"/?q=%22unbalanced", 400, func(t *testing.T, doc *goquery.Document) {
			if !strings.Contains(doc.Find("#q-error").Text(), "unbalanced quotes") {
				t.Errorf("error next to the box reads %q", doc.Find("#q-error").Text())
			}
			if v, _ := doc.Find("input#q").Attr("aria-invalid"); v != "true" {
				t.Error("search box not marked invalid")
			}
		}},
		{"/?q=statement", 200, func(t *testing.T, doc *goquery.Document) {
			if doc.Find("li.hit script, li.hit img").Length() != 0 {
				t.Error("report markup rendered live")
			}
			if !strings.Contains(doc.Find("li.hit h3").Text(), "<script>") {
				t.Error("escaped title text missing")
			}
		}},
		{"/?sort=date&size=2&page=2", 200, func(t *testing.T, doc *goquery.Document) {
			if doc.Find(`nav.pager strong[aria-current=page]`).Text() != "2" {
				t.Error("pager does not show page 2 as current")
			}
			if h, _ := doc.Find(`nav.pager a[rel=prev]`).Attr("href"); h != "/?size=2&sort=date" {
				t.Errorf("previous page links to %q", h)
			}
		}},
		{"/?pq=khalil", 200, func(t *testing.T, doc *goquery.Document) {
			names := doc.Find("section.panel-people ul.values .name").Text()
			if !strings.Contains(names, "Zalmay Khalilzad") {
				t.Errorf("facet search for khalil lists %q", names)
			}
		}},
		{"/reports/000_38ac89ff238b6b08?q=Taliban", 200, func(t *testing.T, doc *goquery.Document) {
			if !strings.Contains(doc.Find("h1").Text(), "Russia, Pakistan support") {
				t.Errorf("headline %q", doc.Find("h1").Text())
			}
			if doc.Find(".body mark").First().Text() != "Taliban" {
				t.Error("query terms are not marked in the text")
			}
			for kind, value := range map[string]string{"person": "Vladimir Putin", "country": "RU", "organization": "NATO"} {
				if doc.Find(`.body span.actor-`+kind+`[data-actor="`+value+`"]`).Length() == 0 {
					t.Errorf("no %s mention of %s marked", kind, value)
				}
			}
			if h, _ := doc.Find(`aside.report-actors a.chip-person`).First().Attr("href"); !strings.HasPrefix(h, "/?person=") {
				t.Errorf("actor list links to %q", h)
			}
		}},
		{"/reports/wn-1", 200, func(t *testing.T, doc *goquery.Document) {
			if !strings.Contains(doc.Find("p.credit").Text(), "CC BY 2.5") {
				t.Error("Wikinews report without its licence")
			}
		}},
		{"/reports/no-such-report", 404, func(t *testing.T, doc *goquery.Document) {
			if doc.Find("h1").Text() != "Not Found" {
				t.Errorf("404 page heading %q", doc.Find("h1").Text())
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.url, nil))
			if rec.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d", rec.Code, tt.wantStatus)
			}
			if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") ||
				!strings.Contains(csp, "frame-ancestors 'none'") || rec.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("security headers missing: %v", rec.Header())
			}
			doc, err := goquery.NewDocumentFromReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Find("script:not([src])").Length() != 0 {
				t.Error("inline script on the page")
			}
			tt.check(t, doc)
		})
	}
}

func TestStaticAssets(t *testing.T) {
	srv := mustServer(t)
	for path, ctype := range map[string]string{"/static/app.js": "javascript", "/static/app.css": "css"} {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != 200 || !strings.Contains(rec.Header().Get("Content-Type"), ctype) {
			t.Errorf("%s: %d %s", path, rec.Code, rec.Header().Get("Content-Type"))
		}
	}
}
