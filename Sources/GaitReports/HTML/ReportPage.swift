/// The whole report as one self-contained HTML file: inline CSS, inline SVG charts, one small
/// inline script; nothing is fetched, so it opens offline and prints on A4.
public enum ReportPage {
    public static func html(_ document: ReportDocument) -> String {
        let title = "Gait report — \(document.session.subject?.id ?? "subject not given") — \(document.session.id)"
        let body = HeaderSection.html(document) + FindingsSection.html(document) + SummarySection.html(document)
            + MeasureSections.html(document) + SensorsSection.html(document) + StrideTableSection.html(document)
            + "<footer class=\"muted\"><p>Signs and units: conventions of gait (positive is the harmful direction on both sides; angles relative to quiet standing). This report describes movement; it does not diagnose.</p></footer>\n"
        return HTMLDocument.page(title: title, generator: "\(document.generator.name) \(document.generator.version)",
                                 body: body, script: SortScript.javascript)
    }
}
