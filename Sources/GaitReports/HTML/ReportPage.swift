/// The whole report as one self-contained HTML file: inline CSS, inline SVG charts, one small
/// inline script; nothing is fetched, so it opens offline and prints on A4.
public enum ReportPage {
    public static func html(_ document: ReportDocument) -> String {
        let title = "Gait report — \(document.session.subject?.id ?? "subject not given") — \(document.session.id)"
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="\(Markup.escape(document.generator.name)) \(Markup.escape(document.generator.version))">
        <title>\(Markup.escape(title))</title>
        <style>
        \(PageStyle.css)
        </style>
        </head>
        <body>
        \(HeaderSection.html(document))\(FindingsSection.html(document))\(SummarySection.html(document))\(MeasureSections.html(document))\(SensorsSection.html(document))\(StrideTableSection.html(document))<footer class="muted"><p>Signs and units: conventions of gait (positive is the harmful direction on both sides; angles relative to quiet standing). This report describes movement; it does not diagnose.</p></footer>
        <script>
        \(SortScript.javascript)
        </script>
        </body>
        </html>

        """
    }
}
