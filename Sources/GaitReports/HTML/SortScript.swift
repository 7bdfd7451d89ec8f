/// The per-stride table's sorting — click a column heading to sort by it, again to reverse — and
/// a switch that shows only the strides with a flag.
/// Numbers sort by their raw value (`data-sort-value`); strides not measured sort last.
/// No libraries and no network: the page must work from a USB stick in a clinic.
enum SortScript {
    static let javascript = """
    (function () {
      "use strict";
      function sortValue(cell) {
        var raw = cell.getAttribute("data-sort-value");
        if (raw === null) { return cell.textContent.trim(); }
        return raw === "" ? null : parseFloat(raw);
      }
      document.querySelectorAll("input.only-flagged").forEach(function (box) {
        box.addEventListener("change", function () {
          document.querySelectorAll("table.strides tbody tr[data-stride]").forEach(function (row) {
            row.hidden = box.checked && !row.classList.contains("flagged");
          });
        });
      });
      document.querySelectorAll("table.strides").forEach(function (table) {
        var headers = table.querySelectorAll("thead th");
        headers.forEach(function (header, column) {
          header.setAttribute("tabindex", "0");
          function sort() {
            var descending = header.getAttribute("aria-sort") === "ascending";
            headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
            header.setAttribute("aria-sort", descending ? "descending" : "ascending");
            var body = table.tBodies[0];
            var rows = Array.prototype.slice.call(body.rows);
            rows.sort(function (a, b) {
              var x = sortValue(a.cells[column]), y = sortValue(b.cells[column]);
              if (x === null && y === null) { return 0; }
              if (x === null) { return 1; }
              if (y === null) { return -1; }
              var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
              return descending ? -order : order;
            });
            rows.forEach(function (row) { body.appendChild(row); });
          }
          header.addEventListener("click", sort);
          header.addEventListener("keydown", function (event) { if (event.key === "Enter") { sort(); } });
        });
      });
    })();
    """
}
