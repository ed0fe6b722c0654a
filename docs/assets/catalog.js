/* The catalog's pages in the browser. Without JavaScript every page is complete; with it:
   - the issue table gets its filters and sorting, kept in the page's address;
   - an interview page reached through a quote marks that quote's words (and only them), says
     which entry it supports and links back;
   - citation blocks get a copy button.
   Plain ES5-style code with no dependency and no request. */
(function () {
  "use strict";

  /* ---- The issue table ------------------------------------------------------------------ */

  var FILTERS = ["q", "phase", "dimension", "primary", "evidence", "tag", "min"];

  function tableState(controls) {
    var state = {};
    FILTERS.forEach(function (name) {
      var input = controls.querySelector('[data-filter="' + name + '"]');
      if (!input) return;
      state[name] = input.type === "checkbox" ? (input.checked ? "1" : "") : input.value.trim();
    });
    return state;
  }

  function rowMatches(row, want, words) {
    var d = row.dataset;
    if (want.phase && d.phase !== want.phase) return false;
    if (want.dimension) {
      if (want.primary ? d.primary !== want.dimension
          : (" " + d.dimensions + " ").indexOf(" " + want.dimension + " ") < 0) return false;
    }
    if (want.evidence && (" " + d.evidenceTypes + " ").indexOf(" " + want.evidence + " ") < 0) return false;
    if (want.tag && JSON.parse(d.tags || "[]").indexOf(want.tag) < 0) return false;
    if (want.min && Number(d.evidence) < Number(want.min)) return false;
    var text = row.searchText;
    return words.every(function (w) { return text.indexOf(w) >= 0; });
  }

  function setUpTable(table, controls) {
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var original = rows.slice();
    var count = controls.querySelector("[data-table-count]");
    var sort = { key: "", ascending: true };
    rows.forEach(function (row) {
      row.searchText = " " + (row.dataset.words || "") + " " + row.textContent.toLowerCase();
    });

    function apply(push) {
      var want = tableState(controls);
      var words = (want.q || "").toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var ok = rowMatches(row, want, words);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " issues shown";
      if (push) saveState(want);
    }

    function saveState(want) {
      var params = new URLSearchParams();
      FILTERS.forEach(function (name) { if (want[name]) params.set(name, want[name]); });
      if (sort.key) params.set("sort", (sort.ascending ? "" : "-") + sort.key);
      var query = params.toString();
      history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }

    function sortRows() {
      var ths = table.querySelectorAll("th[data-sort-key]");
      ths.forEach(function (th) {
        th.setAttribute("aria-sort", th.dataset.sortKey === sort.key ? (sort.ascending ? "ascending" : "descending") : "none");
      });
      var ordered = original.slice();
      if (sort.key) {
        var th = table.querySelector('th[data-sort-key="' + sort.key + '"]');
        var numeric = th && th.hasAttribute("data-sort-numeric");
        ordered.sort(function (a, b) {
          var x = a.dataset[sort.key] || "", y = b.dataset[sort.key] || "";
          var order = numeric ? Number(x) - Number(y) : x.localeCompare(y, undefined, { sensitivity: "base" });
          if (order === 0) return a.dataset.title.localeCompare(b.dataset.title);
          return sort.ascending ? order : -order;
        });
      }
      var fragment = document.createDocumentFragment();
      ordered.forEach(function (row) { fragment.appendChild(row); });
      tbody.appendChild(fragment);
    }

    table.querySelectorAll("th[data-sort-key]").forEach(function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var key = th.dataset.sortKey;
        if (sort.key === key) sort.ascending = !sort.ascending;
        else sort = { key: key, ascending: !(th.hasAttribute("data-sort-numeric") || key === "changed") };
        sortRows();
        apply(true);
      });
    });

    controls.addEventListener("input", function () { apply(true); });
    controls.addEventListener("change", function () { apply(true); });
    controls.querySelector("[data-filter-reset]").addEventListener("click", function () {
      controls.querySelectorAll("[data-filter]").forEach(function (input) {
        if (input.type === "checkbox") input.checked = false;
        else input.value = "";
      });
      sort = { key: "", ascending: true };
      sortRows();
      apply(true);
    });

    var params = new URLSearchParams(window.location.search);
    FILTERS.forEach(function (name) {
      var input = controls.querySelector('[data-filter="' + name + '"]');
      var value = params.get(name);
      if (!input || !value) return;
      if (input.type === "checkbox") input.checked = value === "1";
      else input.value = value;
    });
    var wanted = params.get("sort") || "";
    if (wanted) {
      var key = wanted.replace(/^-/, "");
      if (table.querySelector('th[data-sort-key="' + key + '"]')) sort = { key: key, ascending: wanted.charAt(0) !== "-" };
    }
    controls.hidden = false;
    sortRows();
    apply(false);
  }

  /* ---- Arriving at a quote on an interview page ------------------------------------------- */

  var FOLLOWED = "catalog-followed-quote";

  function textRange(container, start, end) {
    /* A DOM range over characters [start, end) of the container's text. */
    var walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    var range = document.createRange(), seen = 0, node, started = false;
    while ((node = walker.nextNode())) {
      var next = seen + node.data.length;
      if (!started && start < next) { range.setStart(node, start - seen); started = true; }
      if (started && end <= next) { range.setEnd(node, end - seen); return range; }
      seen = next;
    }
    return null;
  }

  function clearFollowed() {
    if (window.CSS && CSS.highlights) CSS.highlights.delete(FOLLOWED);
    document.querySelectorAll(".quote-followed").forEach(function (el) { el.classList.remove("quote-followed"); });
    document.querySelectorAll(".followed-note").forEach(function (el) { el.remove(); });
  }

  function followQuote() {
    var anchor = decodeURIComponent(window.location.hash.slice(1));
    if (anchor.indexOf("q-") !== 0) return;
    var paragraphs = document.querySelectorAll("p.paragraph[data-quotes]");
    var ranges = [], item = null, last = null;
    paragraphs.forEach(function (p) {
      var quotes = JSON.parse(p.dataset.quotes || "[]");
      quotes.forEach(function (q) {
        if (q.anchor !== anchor) return;
        item = q;
        last = p;
        p.classList.add("quote-followed");
        var text = p.querySelector(".paragraph-text");
        q.runs.forEach(function (run) {
          var range = text && textRange(text, run[0], run[1]);
          if (range) ranges.push(range);
        });
      });
    });
    if (!item) return;
    if (window.CSS && CSS.highlights && window.Highlight) {
      var highlight = new window.Highlight();
      ranges.forEach(function (range) { highlight.add(range); });
      CSS.highlights.set(FOLLOWED, highlight);
    }
    var note = document.createElement("p");
    note.className = "followed-note";
    note.setAttribute("role", "note");
    note.appendChild(document.createTextNode("The highlighted words are the quote supporting "));
    var strong = document.createElement("strong");
    strong.textContent = item.entry + " " + item.title;
    note.appendChild(strong);
    note.appendChild(document.createTextNode(". "));
    var back = document.createElement("a");
    back.href = item.href;
    back.className = "followed-back";
    back.textContent = "← Back to the quote";
    note.appendChild(back);
    last.insertAdjacentElement("afterend", note);
    /* The browser's own jump to the anchor brings the quote in view (its scroll margin). */
  }

  function setUpInterview() {
    if (!document.querySelector("p.paragraph[data-quotes]")) return;
    if (document.readyState === "complete") followQuote();
    else window.addEventListener("load", followQuote);
    window.addEventListener("hashchange", function () { clearFollowed(); followQuote(); });
  }

  /* ---- Copy buttons on citation blocks ----------------------------------------------------- */

  function copyText(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text, done); });
    } else fallbackCopy(text, done);
  }

  function fallbackCopy(text, done) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selectable */ }
    area.remove();
  }

  function setUpCopyButtons() {
    document.querySelectorAll("pre.cite-copy").forEach(function (pre) {
      var label = pre.previousElementSibling ? pre.previousElementSibling.textContent : "citation";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cite-copy-button";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy the citation (" + label + ")");
      button.addEventListener("click", function () {
        copyText(pre.textContent, function () {
          button.textContent = "Copied";
          window.setTimeout(function () { button.textContent = "Copy"; }, 2000);
        });
      });
      pre.insertAdjacentElement("beforebegin", button);
    });
  }

  function init() {
    var table = document.querySelector("[data-issue-table]");
    var controls = document.querySelector("[data-table-controls]");
    if (table && controls) setUpTable(table, controls);
    setUpInterview();
    setUpCopyButtons();
  }

  /* Material's instant navigation is off, so each page load runs this once. */
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
