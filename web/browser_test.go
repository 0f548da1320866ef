package web

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/index/testneed"
	"github.com/newsdesk/newsdesk/search"
)

const chromiumPath = "/usr/bin/chromium"

// browserServer serves the seed reports and the fixture reports on a free
// loopback port.
func browserServer(t *testing.T) string {
	t.Helper()
	ix, err := index.NewMemoryFrom("../seeds", "testdata/reports.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	srv, err := New(search.New(ix, search.Config{}), slog.New(slog.NewTextHandler(io.Discard, nil)), Config{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL
}

// browser starts headless Chromium with a fresh profile. Tests need
// Debian's chromium: they skip without it, except in CI (.ci/run installs it).
func browser(t *testing.T, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	testneed.Path(t, chromiumPath, "apt-get install chromium")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	opts = append(opts, extra...)
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func do(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// waitFor polls a JavaScript condition until it holds.
func waitFor(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("waiting for %s (%s): %v", what, expr, err)
	}
}

func TestBrowser(t *testing.T) {
	base := browserServer(t)
	ctx := browser(t)

	t.Run("typing a query shows highlighted results", func(t *testing.T) {
		do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.ID("q")))
		if id := run(t, ctx, chromedp.Evaluate[string](`document.activeElement.id`)); id != "q" {
			t.Errorf("focus on load is on %q, want the search box", id)
		}
		do(t, ctx, chromedp.SendKeys(chromedp.ID("q"), "Taliban"))
		waitFor(t, ctx, "highlighted results",
			`location.search.includes("q=Taliban") && [...document.querySelectorAll("li.hit mark")].some(m => m.textContent === "Taliban")`)
	})

	t.Run("a country facet narrows results and Back restores them", func(t *testing.T) {
		do(t, ctx, chromedp.Navigate(base+"/?q=Taliban"), chromedp.WaitVisible(chromedp.CSS("li.hit")))
		before := run(t, ctx, chromedp.Text(chromedp.ID("results-h")))
		pk := run(t, ctx, chromedp.Text(chromedp.CSS(`section.panel-countries a.add[href*="country=PK"] .count`)))
		do(t, ctx, chromedp.Click(chromedp.CSS(`section.panel-countries a.add[href*="country=PK"]`)))
		// As many reports as the facet counted, Pakistan pinned, and every
		// other count at most that.
		waitFor(t, ctx, "the Pakistan filter", `location.search.includes("country=PK") &&
			document.querySelector("#results-h").textContent.trim().startsWith(`+jsString(pk+" report")+`) &&
			document.querySelector("section.panel-countries li.selected .name").textContent === "Pakistan" &&
			document.querySelectorAll("li.hit").length === `+pk+` &&
			[...document.querySelectorAll("section.panel-countries .count")].every(c => +c.textContent <= `+pk+`)`)
		do(t, ctx, chromedp.NavigateBack())
		// The heading reads "N reports in T ms": T changes, N must not.
		waitFor(t, ctx, "the results before the filter", `!location.search.includes("country=") &&
			document.querySelector("#results-h").textContent.trim().split(" ")[0] === `+jsString(strings.Fields(before)[0]))
	})

	t.Run("the facet search box finds a person by surname", func(t *testing.T) {
		do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.ID("fs-people")),
			chromedp.SendKeys(chromedp.ID("fs-people"), "Khalilzad"))
		waitFor(t, ctx, "Zalmay Khalilzad in the people panel",
			`[...document.querySelectorAll("#values-people .name")].some(n => n.textContent === "Zalmay Khalilzad")`)
	})

	t.Run("slash focuses the search box", func(t *testing.T) {
		do(t, ctx, chromedp.Navigate(base+"/?q=Taliban"), chromedp.WaitVisible(chromedp.CSS("li.hit")),
			chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`), chromedp.KeyEvent("/"))
		waitFor(t, ctx, "focus on the box", `document.activeElement.id === "q"`)
	})

	t.Run("the report page marks actor mentions", func(t *testing.T) {
		do(t, ctx, chromedp.Navigate(base+"/reports/000_38ac89ff238b6b08?q=Taliban"), chromedp.WaitVisible(chromedp.CSS("article h1")))
		waitFor(t, ctx, "marked mentions", `document.querySelector('.body span.actor-person[data-actor="Vladimir Putin"]') &&
			document.querySelector('.body span.actor-country[data-actor="RU"]') &&
			document.querySelector('.body span.actor-organization[data-actor="NATO"]') &&
			document.querySelector(".body mark").textContent === "Taliban"`)
	})

	t.Run("markup in a report renders inert", func(t *testing.T) {
		for _, path := range []string{"/?q=forum", "/reports/xss-2?q=forum"} {
			do(t, ctx, chromedp.Navigate(base+path), chromedp.WaitReady(chromedp.CSS("footer")), chromedp.Sleep(300*time.Millisecond))
			pwned := run(t, ctx, chromedp.Evaluate[bool](`typeof window.pwned !== "undefined" ||
				document.querySelectorAll("#main script, #main img").length > 0`))
			if pwned {
				t.Errorf("%s: report markup ran or rendered", path)
			}
			if !run(t, ctx, chromedp.Evaluate[bool](`document.body.textContent.includes("<img src=x onerror")`)) {
				t.Errorf("%s: the markup is not shown as text", path)
			}
		}
	})

	if dir := os.Getenv("NEWSDESK_SCREENSHOTS"); dir != "" {
		screenshots(t, ctx, base, dir)
	}
}

func TestBrowserWithoutJavaScript(t *testing.T) {
	base := browserServer(t)
	ctx := browser(t)
	do(t, ctx, chromedp.Navigate("about:blank"))
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SetValue(chromedp.ID("q"), "Taliban"), chromedp.Submit(chromedp.ID("q")))
	waitForNav(t, ctx, "q=Taliban")
	if n := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("li.hit").length`)); n == 0 {
		t.Fatal("no results after submitting the form")
	}
	pk := run(t, ctx, chromedp.Text(chromedp.CSS(`section.panel-countries a.add[href*="country=PK"] .count`)))
	do(t, ctx, chromedp.Click(chromedp.CSS(`section.panel-countries a.add[href*="country=PK"]`)))
	waitForNav(t, ctx, "country=PK")
	if n := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("li.hit").length`)); strconv.Itoa(n) != pk {
		t.Errorf("%d results after the Pakistan facet link, the facet counted %s", n, pk)
	}
}

// waitForNav waits for a full page load whose URL holds want (scripts are
// off, so Poll's JavaScript cannot run).
func waitForNav(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err == nil && strings.Contains(loc, want) {
			do(t, ctx, chromedp.WaitReady(chromedp.CSS("footer")))
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("page never reached a URL with %q", want)
}

// screenshots writes the search page at desktop and phone width and the
// report page into dir, for the README and for looking at.
func screenshots(t *testing.T, ctx context.Context, base, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	shots := []struct {
		name, path string
		w, h       int64
		mobile     bool
	}{
		{"search-desktop.png", "/?q=Taliban", 1280, 900, false},
		{"search-phone.png", "/?q=Taliban&country=RU", 390, 844, true},
		{"report.png", "/reports/000_38ac89ff238b6b08?q=Taliban", 1280, 900, false},
	}
	for _, s := range shots {
		var opts []chromedp.EmulateViewportOption
		if s.mobile {
			opts = append(opts, chromedp.EmulateMobile)
		}
		do(t, ctx, chromedp.EmulateViewport(s.w, s.h, opts...), chromedp.Navigate(base+s.path),
			chromedp.WaitVisible(chromedp.CSS("footer")))
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, s.name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func jsString(s string) string { return "`" + strings.ReplaceAll(s, "`", "") + "`" }
