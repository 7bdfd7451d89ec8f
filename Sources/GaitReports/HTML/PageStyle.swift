/// The report's CSS: screen and A4 print. Each section starts a new printed page; charts and
/// table rows are never split across pages; colours print as they show.
enum PageStyle {
    static let css = """
    :root { --left: #1f5fa8; --right: #c8560f; --flag: #b2182b; --muted: #5a5a5a; --rule: #d0d0d0; }
    * { box-sizing: border-box; }
    body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 10.5pt; line-height: 1.4;
           color: #1a1a1a; margin: 0 auto; max-width: 190mm; padding: 8mm 6mm; }
    h1 { font-size: 17pt; margin: 0 0 2mm; }
    h2 { font-size: 13pt; margin: 0 0 3mm; border-bottom: 1.5px solid #1a1a1a; padding-bottom: 1mm; }
    h3 { font-size: 11pt; margin: 4mm 0 2mm; }
    p { margin: 1.5mm 0; }
    .muted, figcaption, .source { color: var(--muted); font-size: 8.5pt; }
    section { margin: 0 0 9mm; }
    table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 2mm 0; }
    th, td { border-bottom: 1px solid var(--rule); padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
    th { background: #f2f2f2; font-weight: 600; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .left { color: var(--left); font-weight: 600; }
    .right { color: var(--right); font-weight: 600; }
    .badge { display: inline-block; padding: 0 2mm; border-radius: 2mm; font-size: 8pt; font-weight: 700;
             border: 1px solid currentColor; }
    .badge.flag, .badge.partial { color: var(--flag); }
    .badge.note { color: var(--muted); }
    .keyfacts { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; margin: 3mm 0; }
    .keyfacts div { border: 1px solid var(--rule); padding: 1.5mm 2mm; }
    .keyfacts b { display: block; font-size: 12pt; }
    .finding { border-left: 3px solid var(--flag); padding: 1mm 0 1mm 3mm; margin: 3mm 0; break-inside: avoid; }
    .finding.note { border-left-color: var(--muted); }
    .finding p { margin: 1mm 0; }
    .assess { background: #f6f6f6; padding: 1.5mm 2mm; }
    figure { margin: 3mm 0 5mm; break-inside: avoid; page-break-inside: avoid; }
    figure svg { width: 100%; height: auto; display: block; }
    svg text { fill: #1a1a1a; }
    svg .axis-title { font-size: 11px; fill: #333; }
    .unavailable { border: 1px dashed var(--muted); padding: 3mm; color: var(--muted); }
    .strides th { cursor: pointer; user-select: none; position: relative; white-space: normal; vertical-align: bottom; }
    .strides th[aria-sort="ascending"]::after { content: " ▲"; }
    .strides th[aria-sort="descending"]::after { content: " ▼"; }
    .strides tr.flagged td { background: #fbe3e1; }
    .strides td.flags { color: var(--flag); font-weight: 600; white-space: nowrap; }
    .warnings li { margin: 1mm 0; }
    table.calibration tr.sensor td { border-bottom: none; }
    table.calibration tr.note td { padding-top: 0; }
    .disclaimer { border: 1px solid var(--rule); padding: 2mm 3mm; font-size: 9pt; }
    @page { size: A4; margin: 12mm 10mm; }
    @media print {
      body { max-width: none; padding: 0; font-size: 9.5pt; }
      section.page { break-before: page; page-break-before: always; }
      .screen-only { display: none; }
      thead { display: table-header-group; }
      tr { break-inside: avoid; page-break-inside: avoid; }
      .strides { font-size: 7.5pt; }
      /* Four charts and their captions fit one A4 page; the SVG keeps its aspect (viewBox, meet). */
      figure svg { height: 58mm; }
      * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }
    """
}
