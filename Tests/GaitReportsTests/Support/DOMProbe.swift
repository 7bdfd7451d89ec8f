import Foundation

/// Reads the report page back from the DOM Chromium rendered: the charts (their SVG elements,
/// tick labels and the geometry of each mark), every tagged number's text, the findings and
/// warnings, and how the stride table sorts. Injected into a copy of the page, so the report
/// itself carries no test code; the result comes back as JSON in a `<pre id="probe-result">`.
enum DOMProbe {
    /// At the very start of <head>, before any of the page's own scripts: collect every error.
    static let early = """
    <script>
    window.__probeErrors = [];
    window.addEventListener("error", function (e) { window.__probeErrors.push("error: " + e.message); });
    window.addEventListener("unhandledrejection", function (e) { window.__probeErrors.push("rejection: " + e.reason); });
    (function () { var original = console.error; console.error = function () {
      window.__probeErrors.push("console.error: " + Array.prototype.join.call(arguments, " ")); original.apply(console, arguments); }; })();
    </script>
    """

    /// At the very end of <body>, after the page's own script ran.
    static let late = """
    <script>
    (function () {
      function box(el) { var b = el.getBBox(); return { x: b.x + b.width / 2, y: b.y + b.height / 2 }; }
      function ticks(svg, axis) {
        return Array.prototype.map.call(svg.querySelectorAll(".axis-" + axis + " .tick"), function (t) {
          var b = t.querySelector("line").getBBox();
          return { text: t.querySelector("text").textContent, at: axis === "y" ? b.y : b.x };
        });
      }
      var out = { errors: window.__probeErrors, charts: [], fields: [], derived: [], findings: [], warnings: [], sort: {} };
      document.querySelectorAll("figure.chart").forEach(function (fig) {
        var svg = fig.querySelector("svg");
        var chart = { kind: fig.getAttribute("data-chart"), measure: fig.getAttribute("data-measure"), svg: !!svg,
                      unavailable: !!fig.querySelector(".unavailable") };
        if (svg) {
          var rect = svg.getBoundingClientRect();
          chart.width = rect.width; chart.height = rect.height;
          chart.elements = svg.querySelectorAll("*").length;
          chart.title = svg.querySelector("title") ? svg.querySelector("title").textContent : "";
          chart.xTitle = svg.querySelector(".axis-x .axis-title").textContent;
          chart.yTitle = svg.querySelector(".axis-y .axis-title").textContent;
          chart.yTicks = ticks(svg, "y"); chart.xTicks = ticks(svg, "x");
          chart.legend = Array.prototype.map.call(svg.querySelectorAll(".legend-entry"), function (e) { return e.textContent; });
          chart.points = Array.prototype.map.call(svg.querySelectorAll(".point"), function (p) {
            var c = box(p);
            return { side: p.parentNode.getAttribute("data-side"), stride: parseInt(p.getAttribute("data-stride") || p.getAttribute("data-session"), 10),
                     over: p.classList.contains("over"), x: c.x, y: c.y };
          });
          chart.means = Array.prototype.map.call(svg.querySelectorAll("path.mean"), function (p) {
            return { side: p.getAttribute("data-side"), d: p.getAttribute("d") };
          });
          chart.thresholds = Array.prototype.map.call(svg.querySelectorAll("line.threshold"), function (l) {
            return { side: l.getAttribute("data-side"), y: l.getBBox().y };
          });
        }
        out.charts.push(chart);
      });
      document.querySelectorAll("[data-field]").forEach(function (e) {
        out.fields.push({ path: e.getAttribute("data-field"), text: e.textContent, scale: parseFloat(e.getAttribute("data-scale") || "1") });
      });
      document.querySelectorAll("[data-derived]").forEach(function (e) {
        out.derived.push({ name: e.getAttribute("data-derived"), text: e.textContent });
      });
      document.querySelectorAll("[data-finding]").forEach(function (e) {
        out.findings.push({ index: parseInt(e.getAttribute("data-finding"), 10), text: e.textContent });
      });
      document.querySelectorAll("[data-warning]").forEach(function (e) {
        out.warnings.push({ index: parseInt(e.getAttribute("data-warning"), 10), text: e.textContent });
      });
      var table = document.querySelector("table.strides");
      if (table) {
        var headers = table.querySelectorAll("thead th");
        var column = Array.prototype.findIndex.call(headers, function (h) { return h.textContent.indexOf("pelvic drop") === 0; });
        function order() {
          var rows = Array.prototype.filter.call(table.tBodies[0].rows, function (r) { return r.hasAttribute("data-stride"); });
          return rows.map(function (r) { return parseInt(r.getAttribute("data-stride"), 10); });
        }
        out.sort.initial = order();
        headers[column].click(); out.sort.ascending = order();
        headers[column].click(); out.sort.descending = order();
        var box = document.querySelector("input.only-flagged");
        box.click();
        out.sort.flaggedShown = Array.prototype.filter.call(table.tBodies[0].rows, function (r) {
          return r.hasAttribute("data-stride") && !r.hidden; }).map(function (r) { return parseInt(r.getAttribute("data-stride"), 10); });
        box.click();
      }
      var pre = document.createElement("pre");
      pre.id = "probe-result";
      pre.textContent = JSON.stringify(out);
      document.body.appendChild(pre);
    })();
    </script>
    """

    struct Point: Decodable, Sendable { var side: String; var stride: Int; var over: Bool; var x: Double; var y: Double }
    struct Tick: Decodable, Sendable { var text: String; var at: Double }
    struct Mean: Decodable, Sendable { var side: String; var d: String }
    struct ThresholdLine: Decodable, Sendable { var side: String; var y: Double }
    struct Chart: Decodable, Sendable {
        var kind: String
        var measure: String
        var svg: Bool
        var unavailable: Bool
        var width: Double?
        var height: Double?
        var elements: Int?
        var title: String?
        var xTitle: String?
        var yTitle: String?
        var yTicks: [Tick]?
        var xTicks: [Tick]?
        var legend: [String]?
        var points: [Point]?
        var means: [Mean]?
        var thresholds: [ThresholdLine]?
    }
    struct Field: Decodable, Sendable { var path: String; var text: String; var scale: Double }
    struct Derived: Decodable, Sendable { var name: String; var text: String }
    struct Indexed: Decodable, Sendable { var index: Int; var text: String }
    struct Sort: Decodable, Sendable { var initial: [Int]?; var ascending: [Int]?; var descending: [Int]?; var flaggedShown: [Int]? }
    struct Reading: Decodable, Sendable {
        var errors: [String]
        var charts: [Chart]
        var fields: [Field]
        var derived: [Derived]
        var findings: [Indexed]
        var warnings: [Indexed]
        var sort: Sort
    }

    struct NoResult: Error, CustomStringConvertible {
        var description: String
    }

    /// The page with the probe put in.
    static func instrument(_ html: String) -> String {
        html.replacingOccurrences(of: "<head>", with: "<head>\n" + early)
            .replacingOccurrences(of: "</body>", with: late + "\n</body>")
    }

    /// Opens `html` in headless Chromium and returns what the probe read, and the browser's
    /// console lines (which must be none).
    static func open(_ html: String) throws -> (reading: Reading, console: [String]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gait-probe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html")
        try Data(instrument(html).utf8).write(to: page)
        let run = try Chromium.run(["--dump-dom"], page: page)
        guard let start = run.standardOutput.range(of: "<pre id=\"probe-result\">"),
              let end = run.standardOutput.range(of: "</pre>", range: start.upperBound..<run.standardOutput.endIndex) else {
            throw NoResult(description: "the probe wrote no result (status \(run.status)); browser said:\n\(run.standardError.suffix(2000))")
        }
        let text = String(run.standardOutput[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&nbsp;", with: "\u{00A0}").replacingOccurrences(of: "&amp;", with: "&")
        return (try JSONDecoder().decode(Reading.self, from: Data(text.utf8)), Chromium.consoleLines(run.standardError))
    }
}
