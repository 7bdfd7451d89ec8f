import Foundation
import GaitReports
import Testing

/// Strings from the report (ids, notes, warnings, sources) are text in the page, never markup.
struct HTMLEscapingTests {
    @Test func reportStringsCannotInjectMarkup() throws {
        var tree = try ReportFixtures.tree(ReportFixtures.data("run-pathological"))
        var session = tree["session"] as! [String: Any]
        session["id"] = "week 3 <b>\"retest\"</b>"
        tree["session"] = session
        var warnings = tree["warnings"] as! [[String: Any]]
        warnings[0]["message"] = "<script>document.title = 'x'</script> & more"
        tree["warnings"] = warnings
        let html = ReportPage.html(try ReportReader.decode(JSONSerialization.data(withJSONObject: tree), file: "r.json"))
        #expect(!html.contains("<script>document.title"))
        #expect(html.contains("&lt;script&gt;document.title = &#39;x&#39;&lt;/script&gt; &amp; more"))
        #expect(html.contains("week 3 &lt;b&gt;&quot;retest&quot;&lt;/b&gt;"))
        // One script only: the table's sorting.
        #expect(html.components(separatedBy: "<script>").count == 2)
    }
}
