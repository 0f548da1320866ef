// newsdesk: progressive enhancement of the server-rendered search page.
// Without this file every control still works as a plain link or form.
(function () {
  "use strict";

  var main = function () { return document.getElementById("main"); };
  var box = function () { return document.getElementById("q"); };
  var pending = null; // the request in flight, cancelled by a newer one

  // navigate fetches a search page and swaps in its results and facets.
  function navigate(url, push) {
    if (pending) { pending.abort(); }
    var ctl = new AbortController();
    pending = ctl;
    document.body.setAttribute("aria-busy", "true");
    return fetch(url, { signal: ctl.signal, headers: { "Accept": "text/html" } })
      .then(function (res) { return res.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("main");
        if (!fresh) { window.location.href = url; return; }
        main().replaceWith(fresh);
        var err = doc.getElementById("q-error");
        var old = document.getElementById("q-error");
        if (old) { old.remove(); }
        if (err) { fresh.before(err); box().setAttribute("aria-invalid", "true"); }
        else { box().removeAttribute("aria-invalid"); }
        syncHidden(doc);
        document.title = doc.title;
        if (push) { history.pushState({}, "", url); }
        bindFacetSearch();
      })
      .catch(function (e) { if (e.name !== "AbortError") { window.location.href = url; } })
      .finally(function () {
        if (pending === ctl) { pending = null; document.body.removeAttribute("aria-busy"); }
      });
  }

  // syncHidden copies the filters the new page carries into the main form.
  function syncHidden(doc) {
    var form = document.getElementById("search-form");
    var fresh = doc.getElementById("search-form");
    form.querySelectorAll("input[type=hidden]").forEach(function (i) { i.remove(); });
    fresh.querySelectorAll("input[type=hidden]").forEach(function (i) {
      form.insertBefore(document.importNode(i, true), form.querySelector("button"));
    });
  }

  function formURL(form) {
    var params = new URLSearchParams(new FormData(form));
    params.forEach(function (v, k) { if (v === "") { params.delete(k); } });
    var qs = params.toString();
    return "/" + (qs ? "?" + qs : "");
  }

  var timer = null;
  function debounce(fn, ms) { clearTimeout(timer); timer = setTimeout(fn, ms); }

  document.addEventListener("input", function (e) {
    if (e.target.id === "q") {
      var form = e.target.form;
      debounce(function () { navigate(formURL(form), true); }, 250);
    }
  });

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.id === "search-form" || form.classList.contains("facet-search")) {
      e.preventDefault();
      navigate(formURL(form), true);
    }
  });

  document.addEventListener("click", function (e) {
    var a = e.target.closest("a[data-nav]");
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) { return; }
    e.preventDefault();
    navigate(a.getAttribute("href"), true);
  });

  window.addEventListener("popstate", function () { navigate(window.location.href, false); });

  // "/" focuses the search box, unless one is typing somewhere.
  document.addEventListener("keydown", function (e) {
    var t = e.target.tagName;
    if (e.key === "/" && t !== "INPUT" && t !== "TEXTAREA" && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      box().focus();
      box().select();
    }
  });

  // The facet search boxes ask the API for matching values as one types.
  function bindFacetSearch() {
    document.querySelectorAll("input[data-facet-search]").forEach(function (input) {
      if (input.dataset.bound) { return; }
      input.dataset.bound = "1";
      var ctl = null;
      var t = null;
      input.addEventListener("input", function () {
        clearTimeout(t);
        t = setTimeout(function () {
          if (ctl) { ctl.abort(); }
          ctl = new AbortController();
          var params = new URLSearchParams(window.location.search);
          params.set("prefix", input.value);
          fetch("/api/facets/" + input.dataset.facetSearch + "?" + params.toString(), { signal: ctl.signal })
            .then(function (res) { return res.json(); })
            .then(function (data) { showValues(input, data.values || []); })
            .catch(function () {});
        }, 200);
      });
    });
  }

  // showValues lists facet values found by the facet search; every value
  // is set as text, never as markup.
  function showValues(input, values) {
    var list = document.getElementById("values-" + input.dataset.facetSearch);
    var param = input.dataset.param;
    list.replaceChildren();
    if (values.length === 0) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = "No match for “" + input.value + "”.";
      list.appendChild(none);
      return;
    }
    values.forEach(function (v) {
      var params = new URLSearchParams(window.location.search);
      params.delete("page");
      params.append(param, v.code || v.value);
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.className = "add";
      a.setAttribute("data-nav", "");
      a.href = "/?" + params.toString();
      var name = document.createElement("span");
      name.className = "name";
      name.textContent = v.value;
      var count = document.createElement("span");
      count.className = "count";
      count.textContent = v.count;
      a.append(name, count);
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  bindFacetSearch();
})();
