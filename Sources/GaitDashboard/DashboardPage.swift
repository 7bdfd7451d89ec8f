/// The live page: self-contained (no network resources; styles, script and charts inline), fed by
/// `/events`. Per side, the newest stride's three measures; a rolling chart of each measure over
/// the last strides (flagged strides ringed in red); each sensor's link, rate and lost samples;
/// the elapsed time; a button (and the M key) to mark a moment. Every stride is also listed, in
/// a table a test can read (`data-` attributes carry the exact numbers).
enum DashboardPage {
    /// Strides shown per side in each rolling chart.
    static let chartStrides = 30

    /// The page with the session so far (`LiveFeed.snapshot`) in it, and the access token its
    /// script passes on to `/events` and `/markers` (nil on loopback, where none is asked).
    static func html(initial: (status: String?, events: [(event: String, json: String)], lastID: Int), token: String? = nil) -> String {
        // JSON inside <script>: "<" written as \u003c, so no text (a marker's label) can end the script.
        let events = initial.events.map { "[\"\($0.event)\",\($0.json)]" }.joined(separator: ",")
        let data = "{\"status\":\(initial.status ?? "null"),\"events\":[\(events)],\"lastID\":\(initial.lastID)}"
        // The token first: it is hex (`AccessToken`), safe in a JSON string as it is, while the
        // session's data could hold the placeholder's text (a marker's label) and must not be touched.
        return template.replacingOccurrences(of: "/*TOKEN*/null", with: token.map { "\"\($0)\"" } ?? "null")
            .replacingOccurrences(of: "/*INITIAL*/null", with: data.replacingOccurrences(of: "<", with: "\\u003c"))
    }

    static let template = """
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8"><title>gait — live session</title>
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <style>
    body { font: 15px/1.4 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1b1f24; }
    header { display: flex; gap: 1.5em; align-items: center; padding: .6em 1.2em; background: #1b1f24; color: #fff; }
    header h1 { font-size: 1.1em; margin: 0; }
    #elapsed { font-variant-numeric: tabular-nums; font-size: 1.3em; }
    #link { padding: .1em .6em; border-radius: 1em; background: #888; }
    #link.live { background: #2b8a3e; } #link.ended { background: #555; } #link.lost { background: #c92a2a; }
    button { font: inherit; padding: .3em 1em; border-radius: .4em; border: 0; background: #fab005; cursor: pointer; }
    main { display: grid; grid-template-columns: repeat(auto-fit, minmax(330px, 1fr)); gap: 1em; padding: 1em; }
    section { background: #fff; border-radius: .5em; padding: .8em 1em; box-shadow: 0 1px 3px #0002; }
    h2 { font-size: 1em; margin: 0 0 .5em; }
    .values { display: grid; grid-template-columns: 1fr auto; gap: .2em 1em; font-size: 1.2em; }
    .values b { font-variant-numeric: tabular-nums; text-align: right; }
    .flag { color: #c92a2a; font-weight: 700; }
    .flag::after { content: " ⚑"; }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    td, th { padding: .15em .4em; text-align: right; border-bottom: 1px solid #eee; }
    td:first-child, th:first-child { text-align: left; }
    tr.down td { color: #c92a2a; }
    svg { width: 100%; height: 120px; background: #fafbfc; }
    .left { fill: #1971c2; stroke: #1971c2; } .right { fill: #e8590c; stroke: #e8590c; }
    circle.flagged { stroke: #c92a2a; stroke-width: 2.5; }
    .legend span { margin-right: 1em; }
    </style></head>
    <body>
    <header><h1>gait — live session</h1><span id="elapsed">0:00</span><span id="link">connecting…</span>
    <button id="mark" title="Mark this moment (key M)">Mark event (M)</button><span id="marked"></span></header>
    <main>
    <section><h2>Left — newest stride</h2><div class="values" id="left-values"></div></section>
    <section><h2>Right — newest stride</h2><div class="values" id="right-values"></div></section>
    <section><h2>Pelvic drop (°), last \(chartStrides) strides per side</h2><svg id="chart-pelvicDropDeg" viewBox="0 0 300 120" preserveAspectRatio="none"></svg>
    <div class="legend"><span class="left">● left</span><span class="right">● right</span></div></section>
    <section><h2>Knee valgus (°)</h2><svg id="chart-kneeValgusDeg" viewBox="0 0 300 120" preserveAspectRatio="none"></svg></section>
    <section><h2>Pronation (°)</h2><svg id="chart-pronationDeg" viewBox="0 0 300 120" preserveAspectRatio="none"></svg></section>
    <section><h2>Sensors</h2><table><thead><tr><th>sensor</th><th>link</th><th>rate Hz</th><th>samples</th><th>lost</th></tr></thead>
    <tbody id="sensors"></tbody></table></section>
    <section><h2>Markers</h2><ul id="markers"></ul></section>
    <section style="grid-column: 1 / -1"><details open><summary><b id="stride-count">0 strides</b></summary>
    <table><thead><tr><th>side</th><th>#</th><th>IC s</th><th>drop °</th><th>valgus °</th><th>pronation °</th><th>flags</th></tr></thead>
    <tbody id="strides"></tbody></table></details></section>
    </main>
    <script>
    "use strict";
    // The access token when the page is served beyond this machine (an EventSource cannot send
    // headers, so /events gets it in the query; /markers in the Authorization header).
    const token = /*TOKEN*/null;
    const measures = [["pelvicDropDeg", "pelvic drop", "pelvicDrop"], ["kneeValgusDeg", "knee valgus", "kneeValgus"], ["pronationDeg", "pronation", "pronation"]];
    let strides = [];
    const $ = id => document.getElementById(id);
    const fmt = (x, d) => x === undefined || x === null ? "–" : x.toFixed(d);
    function addStride(s) {
      strides.push(s);
      const row = document.createElement("tr");
      row.className = "stride"; row.dataset.side = s.side; row.dataset.index = s.index; row.dataset.ic = s.ic;
      for (const [key] of measures) if (s[key] !== undefined) row.dataset[key] = s[key];
      const cells = [s.side, s.index, fmt(s.ic, 3)].concat(measures.map(([key, , flag]) => fmt(s[key], 1)));
      cells.push(s.flags.join(", "));
      cells.forEach((text, i) => {
        const cell = document.createElement("td"); cell.textContent = text;
        if (i >= 3 && i < 6 && s.flags.includes(measures[i - 3][2])) cell.className = "flag";
        row.appendChild(cell);
      });
      $("strides").prepend(row);
    }
    function render() {
      $("stride-count").textContent = strides.length + " strides";
      for (const side of ["left", "right"]) {
        const last = strides.filter(s => s.side === side).at(-1);
        const box = $(side + "-values"); box.textContent = "";
        for (const [key, words, flag] of measures) {
          const name = document.createElement("span"); name.textContent = words;
          const value = document.createElement("b"); value.textContent = last ? fmt(last[key], 1) + "°" : "–";
          if (last && last.flags.includes(flag)) value.className = "flag";
          box.append(name, value);
        }
      }
      for (const [key, , flag] of measures) chart(key, flag);
    }
    function chart(key, flag) {
      const svg = $("chart-" + key); svg.textContent = "";
      const ns = "http://www.w3.org/2000/svg";
      const series = ["left", "right"].map(side => strides.filter(s => s.side === side && s[key] !== undefined).slice(-\(chartStrides)));
      const values = series.flat().map(s => s[key]);
      if (!values.length) return;
      let lo = Math.min(0, ...values), hi = Math.max(...values); if (hi - lo < 1) hi = lo + 1;
      const y = v => 110 - (v - lo) / (hi - lo) * 100;
      series.forEach((list, sideIndex) => {
        const side = sideIndex ? "right" : "left";
        const x = i => 5 + i * 290 / Math.max(\(chartStrides) - 1, 1);
        const path = document.createElementNS(ns, "polyline");
        path.setAttribute("points", list.map((s, i) => x(i) + "," + y(s[key])).join(" "));
        path.setAttribute("class", side); path.setAttribute("fill", "none"); path.setAttribute("stroke-width", "1");
        svg.appendChild(path);
        list.forEach((s, i) => {
          const dot = document.createElementNS(ns, "circle");
          dot.setAttribute("cx", x(i)); dot.setAttribute("cy", y(s[key])); dot.setAttribute("r", 2.5);
          dot.setAttribute("class", side + (s.flags.includes(flag) ? " flagged" : ""));
          svg.appendChild(dot);
        });
      });
    }
    function status(st) {
      const t = Math.floor(st.elapsedS); $("elapsed").textContent = Math.floor(t / 60) + ":" + String(t % 60).padStart(2, "0");
      const body = $("sensors"); body.textContent = "";
      for (const s of st.sensors) {
        const row = document.createElement("tr"); row.className = "sensor" + (s.connected ? "" : " down");
        row.dataset.placement = s.placement; row.dataset.connected = s.connected; row.dataset.samplesMissing = s.samplesMissing;
        [s.placement, s.connected ? "connected" : "ended: " + (s.endReason || "?"), s.rateHz === undefined ? "–" : s.rateHz.toFixed(0),
         s.samplesRecorded, s.samplesMissing].forEach(text => { const c = document.createElement("td"); c.textContent = text; row.appendChild(c); });
        row.title = s.label; body.appendChild(row);
      }
    }
    function addMarker(m) { const li = document.createElement("li"); li.className = "marker"; li.textContent = m.t.toFixed(1) + " s — " + m.label; $("markers").appendChild(li); }
    function mark() {
      const label = prompt("Mark this moment as:", "shoe change");
      if (label === null) return;
      fetch("/markers", { method: "POST", body: label, headers: token ? { "Authorization": "Bearer " + token } : {} }).then(r => { $("marked").textContent = r.ok ? "marked" : "marking failed"; });
    }
    $("mark").addEventListener("click", mark);
    document.addEventListener("keydown", e => { if (e.key === "m" || e.key === "M") mark(); });
    function handle(name, data) {
      if (name === "stride") { addStride(data); render(); }
      else if (name === "status") status(data);
      else if (name === "marker") addMarker(data);
      else if (name === "end") { $("link").textContent = "session ended"; $("link").className = "ended"; return true; }
      return false;
    }
    const initial = /*INITIAL*/null;
    let ended = false;
    if (initial.status) status(initial.status);
    for (const [name, data] of initial.events) ended = handle(name, data) || ended;
    render();
    if (!ended) {
      const events = new EventSource("/events?after=" + initial.lastID + (token ? "&token=" + encodeURIComponent(token) : ""));
      events.addEventListener("open", () => { $("link").textContent = "live"; $("link").className = "live"; });
      events.addEventListener("error", () => { if ($("link").className !== "ended") { $("link").textContent = "reconnecting…"; $("link").className = "lost"; } });
      for (const name of ["stride", "status", "marker", "end"]) {
        events.addEventListener(name, e => { if (handle(name, JSON.parse(e.data))) events.close(); });
      }
    }
    </script></body></html>
    """
}
