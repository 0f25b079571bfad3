"""The HTML report's inline style and script: small, so the report stays one file with no network."""

# Only what the page itself carries may run or load: inline styles, inline scripts, data: images.
CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
                           "img-src data:")

STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1200px;
       padding: 0 1.5em 4em; color: #1d2733; }
h1 { margin-top: 1em; } h2 { border-bottom: 1px solid #d6dde4; padding-bottom: .2em; margin-top: 2em; }
nav { position: sticky; top: 0; background: #fff; padding: .5em 0; border-bottom: 1px solid #e5e9ee; z-index: 1; }
nav a { margin-right: 1.2em; }
table { border-collapse: collapse; margin: .6em 0 1.2em; font-size: 13px; }
th, td { border-bottom: 1px solid #e5e9ee; padding: .25em .6em; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.sortable th { cursor: pointer; user-select: none; white-space: nowrap; }
table.sortable th::after { content: " \\2195"; color: #9aa5b1; }
table.sortable th[aria-sort=ascending]::after { content: " \\2191"; color: #1d2733; }
table.sortable th[aria-sort=descending]::after { content: " \\2193"; color: #1d2733; }
tr:target, li:target, div:target { background: #fff3b0; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
.passed { color: #1f7a3a; } .failed { color: #b3261e; } .error { color: #8a5a00; }
.note { color: #52606d; } .caveat { background: #f3f6f9; border-left: 4px solid #3b6ea8; padding: .6em 1em; }
.warning { background: #fff4e5; border-left: 4px solid #d9822b; padding: .4em 1em; }
.plot svg { max-width: 100%; height: auto; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; }
pre.code { background: #f7f9fb; padding: .5em; overflow-x: auto; margin: 0; }
pre.code .ln { display: inline-block; width: 3em; color: #9aa5b1; user-select: none; }
pre.code mark { background: #ffd8a8; }
details > summary { cursor: pointer; }
"""

# Sorts any table with class "sortable" by the clicked column: by each cell's data-sort
# number when it has one, else by its text. Marks itself done on every table, which the
# browser test reads back from the DOM.
SCRIPT = """
(function () {
  function value(row, column) {
    var cell = row.cells[column];
    if (!cell) return "";
    var number = cell.getAttribute("data-sort");
    return number === null ? cell.textContent.trim().toLowerCase() : parseFloat(number);
  }
  function sortBy(table, column, header) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
      other.setAttribute("aria-sort", "none");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a, column), y = value(b, column);
      var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
      header.tabIndex = 0;
      header.setAttribute("aria-sort", "none");
      header.addEventListener("click", function () { sortBy(table, column, header); });
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(table, column, header); }
      });
    });
    table.setAttribute("data-sortable", "ready");
  });
})();
"""
