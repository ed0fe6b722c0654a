/* The "All issues" table: filters (text, phase, dimension, tag) and sorting (title, evidence).
   Without JavaScript the table is a plain, complete table; with it, the controls appear.
   Works on thousands of rows: filtering toggles `hidden`, sorting moves rows in one fragment. */
(function () {
  "use strict";

  function setUp(table) {
    var controls = document.querySelector("[data-table-controls]");
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var count = controls.querySelector("[data-table-count]");
    var inputs = controls.querySelectorAll("[data-filter]");
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var tags = rows.map(function (row) { return JSON.parse(row.dataset.tags || "[]"); });

    function apply() {
      var want = {};
      inputs.forEach(function (input) { want[input.dataset.filter] = input.value.trim(); });
      var words = want.text.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var ok = (!want.phase || row.dataset.phase === want.phase) &&
          (!want.dimension || row.dataset.dimensions.split(" ").indexOf(want.dimension) >= 0) &&
          (!want.tag || tags[i].indexOf(want.tag) >= 0) &&
          words.every(function (w) { return texts[i].indexOf(w) >= 0; });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " issues shown";
    }

    inputs.forEach(function (input) {
      input.addEventListener(input.tagName === "SELECT" ? "change" : "input", apply);
    });
    controls.querySelector("[data-filter-reset]").addEventListener("click", function () {
      inputs.forEach(function (input) { input.value = ""; });
      apply();
    });

    table.querySelectorAll("th[data-sort-key]").forEach(function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () { sortBy(th); });
    });

    function sortBy(th) {
      var key = th.dataset.sortKey;
      var numeric = th.hasAttribute("data-sort-numeric");
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      if (numeric && th.getAttribute("aria-sort") === "none") ascending = false;
      table.querySelectorAll("th[data-sort-key]").forEach(function (other) {
        other.setAttribute("aria-sort", "none");
      });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var sorted = rows.slice().sort(function (a, b) {
        var x = a.dataset[key], y = b.dataset[key];
        var order = numeric ? Number(x) - Number(y) : x.localeCompare(y, undefined, { sensitivity: "base" });
        if (order === 0) order = a.dataset.title.localeCompare(b.dataset.title);
        return ascending ? order : -order;
      });
      var fragment = document.createDocumentFragment();
      sorted.forEach(function (row) { fragment.appendChild(row); });
      tbody.appendChild(fragment);
    }

    var params = new URLSearchParams(window.location.search);
    inputs.forEach(function (input) {
      var value = params.get(input.dataset.filter);
      if (value) input.value = value;
    });
    controls.hidden = false;
    apply();
  }

  function init() {
    var table = document.querySelector("[data-issue-table]");
    if (table && document.querySelector("[data-table-controls]")) setUp(table);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
