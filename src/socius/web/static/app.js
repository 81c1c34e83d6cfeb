// socius serve: render Vega-Lite charts, keep slider labels live, download tables as CSV.
(function () {
  "use strict";

  function renderCharts(root) {
    if (typeof vegaEmbed === "undefined") { return; }
    root.querySelectorAll(".chart[data-spec-id]").forEach(function (el) {
      var src = document.getElementById(el.getAttribute("data-spec-id"));
      if (!src) { return; }
      var spec = JSON.parse(src.textContent);
      // Actions menu: export as SVG or PNG; no links to external editors.
      vegaEmbed(el, spec, { actions: { export: true, source: false, compiled: false, editor: false }, renderer: "svg" })
        .then(function () { el.setAttribute("data-rendered", "1"); })
        .catch(function (err) { el.textContent = "chart failed: " + err; });
    });
  }

  function liveOutputs(root) {
    root.querySelectorAll("input[data-output]").forEach(function (input) {
      input.addEventListener("input", function () {
        var out = document.getElementById(input.getAttribute("data-output"));
        if (out) { out.textContent = input.value; }
        if (input.name === "year") {
          var label = document.getElementById("year-label");
          if (label) { label.textContent = input.value; }
        }
      });
    });
  }

  function csvCell(text) {
    var t = text.replace(/\s+/g, " ").trim();
    return /[",\n]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
  }

  function downloadTable(id) {
    var table = document.getElementById(id);
    if (!table) { return; }
    var lines = [];
    table.querySelectorAll("tr").forEach(function (tr) {
      var cells = [];
      tr.querySelectorAll("th,td").forEach(function (c) { cells.push(csvCell(c.textContent)); });
      lines.push(cells.join(","));
    });
    var blob = new Blob([lines.join("\n") + "\n"], { type: "text/csv" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = id + ".csv";
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  // Every data table with an id gets a "Download CSV" link (the page's own rows).
  function csvLinks(root) {
    root.querySelectorAll("table.data[id]").forEach(function (table) {
      if (table.getAttribute("data-csv") === "1") { return; }
      table.setAttribute("data-csv", "1");
      var link = document.createElement("a");
      link.href = "#";
      link.className = "csv-link";
      link.textContent = "Download CSV";
      link.setAttribute("data-download-table", table.id);
      var holder = table.parentNode.classList.contains("scroll") ? table.parentNode : table;
      holder.parentNode.insertBefore(link, holder);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    // on a phone the thresholds start folded (unless moved), so the tiers come first
    var thresholds = document.getElementById("thresholds");
    if (thresholds && window.innerWidth < 600 && !thresholds.hasAttribute("data-moved")) {
      thresholds.removeAttribute("open");
    }
    // changing the kind of scenario loads that kind's first scenario (names differ by kind)
    var pick = document.getElementById("scenario-pick");
    if (pick) {
      pick.querySelector("select[name=kind]").addEventListener("change", function () {
        pick.querySelectorAll("select[name=name], input[name=year]").forEach(function (el) {
          el.disabled = true;
        });
        pick.submit();
      });
    }
    renderCharts(document);
    liveOutputs(document);
    csvLinks(document);
    document.body.addEventListener("click", function (ev) {
      var link = ev.target.closest("[data-download-table]");
      if (link) { ev.preventDefault(); downloadTable(link.getAttribute("data-download-table")); }
    });
    document.body.addEventListener("htmx:configRequest", function (ev) {
      var token = document.body.getAttribute("data-csrf");
      if (token) { ev.detail.headers["X-CSRF-Token"] = token; }
    });
    document.body.addEventListener("htmx:afterSwap", function (ev) {
      var root = ev.detail.target.parentNode || document;
      renderCharts(root);
      csvLinks(root);
    });
  });
})();
