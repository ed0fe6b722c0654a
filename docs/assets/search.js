/* The header's search box over the catalog's Pagefind indexes (written by `catalog build` into
   pagefind/issues/ and pagefind/excerpts/). Issues are listed first (id, title, summary), then
   interview excerpts (each opens its paragraph). Each index is fetched in chunks as a query
   needs them; nothing leaves the site. Without JavaScript the form filters the issue table. */
(function () {
  "use strict";

  var ISSUES_SHOWN = 8, EXCERPTS_SHOWN = 5, DEBOUNCE_MS = 120;
  var script = document.currentScript;
  var root = new URL("../", script ? script.src : window.location.href);
  var engines = null;

  function load() {
    if (!engines) {
      engines = Promise.all(["issues", "excerpts"].map(function (name) {
        return import(new URL("pagefind/" + name + "/pagefind.js", root).href).then(function (pagefind) {
          return pagefind.options({ baseUrl: root.pathname }).then(function () { return pagefind; });
        });
      }));
    }
    return engines;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function safeExcerpt(excerpt) {
    /* Pagefind marks the words found with <mark>; everything else is shown as text. */
    return escapeHtml(excerpt).replace(/&lt;(\/?)mark&gt;/g, "<$1mark>");
  }

  function item(href, title, text, id) {
    return '<li class="catalog-search__item"><a class="catalog-search__link" href="' + escapeHtml(href) + '">' +
      (id ? '<span class="entry-id">' + escapeHtml(id) + "</span> " : "") +
      '<span class="catalog-search__title">' + escapeHtml(title) + "</span>" +
      '<span class="catalog-search__text">' + text + "</span></a></li>";
  }

  function render(box, query, issues, excerpts, totals) {
    var html = "";
    if (issues.length) {
      html += '<p class="catalog-search__heading">Issues (' + totals[0] + ")</p><ul>";
      issues.forEach(function (r) {
        html += item(r.url, r.meta.title, escapeHtml(r.meta.summary || ""), r.meta.id);
      });
      html += "</ul>";
    }
    if (excerpts.length) {
      html += '<p class="catalog-search__heading">Interview excerpts (' + totals[1] + ")</p><ul>";
      excerpts.forEach(function (r) {
        html += item(r.url, r.meta.title + " · " + (r.meta.speaker || ""), safeExcerpt(r.excerpt));
      });
      html += "</ul>";
    }
    if (!html) html = '<p class="catalog-search__empty">No issue or excerpt matches “' + escapeHtml(query) + "”.</p>";
    var table = new URL("issues/", root);
    table.searchParams.set("q", query);
    html += '<p class="catalog-search__more"><a href="' + escapeHtml(table.href) + '">Filter the issue table by “' + escapeHtml(query) + "”</a></p>";
    box.innerHTML = html;
  }

  function setUp(form) {
    var input = form.querySelector("input[type=search]");
    var box = form.querySelector(".catalog-search__results");
    var timer = 0, latest = 0;

    function close() {
      box.hidden = true;
    }

    function run() {
      var query = input.value.trim();
      var ticket = ++latest;
      if (!query) { close(); return; }
      load().then(function (pagefinds) {
        return Promise.all(pagefinds.map(function (pagefind) { return pagefind.search(query); }));
      }).then(function (found) {
        var totals = found.map(function (f) { return f.results.length; });
        return Promise.all([
          Promise.all(found[0].results.slice(0, ISSUES_SHOWN).map(function (r) { return r.data(); })),
          Promise.all(found[1].results.slice(0, EXCERPTS_SHOWN).map(function (r) { return r.data(); })),
          totals
        ]);
      }).then(function (data) {
        if (ticket !== latest) return;  /* a newer query is on its way */
        render(box, query, data[0], data[1], data[2]);
        box.hidden = false;
        form.dispatchEvent(new CustomEvent("catalog-search-results", { detail: { query: query } }));
      }).catch(function () {
        if (ticket !== latest) return;
        box.innerHTML = '<p class="catalog-search__empty">Search is not available here (the index is served with the site, not from a file).</p>';
        box.hidden = false;
      });
    }

    input.addEventListener("focus", function () { load(); });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, DEBOUNCE_MS);
    });
    form.addEventListener("submit", function (event) {
      var first = box.querySelector("a.catalog-search__link");
      if (first && !box.hidden) { event.preventDefault(); window.location.href = first.href; }
    });
    form.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(box.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "Escape") { close(); input.focus(); }
      else if (event.key === "ArrowDown" && links.length) { event.preventDefault(); links[Math.min(at + 1, links.length - 1)].focus(); }
      else if (event.key === "ArrowUp" && links.length) { event.preventDefault(); (at <= 0 ? input : links[at - 1]).focus(); }
    });
    document.addEventListener("click", function (event) { if (!form.contains(event.target)) close(); });
    document.addEventListener("keydown", function (event) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
      if (event.key === "/" && !typing) { event.preventDefault(); input.focus(); }
    });
  }

  function init() {
    document.querySelectorAll("[data-catalog-search]").forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
