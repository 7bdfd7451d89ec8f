/// A number in the page, tagged with where it comes from: `data-field` is its key path in the
/// report JSON (`summary.left.pelvicDropDeg.median`), `data-derived` names a count the page
/// derives from the strides (`over:left:kneeValgusDeg`). Tests read these from the rendered DOM
/// and compare the text shown with the JSON they fed in.
enum NumberMarkup {
    static func field(_ path: String, _ value: Double?, decimals: Int, signed: Bool = false, unit: String = "") -> String {
        let text = NumberText.fixed(value, decimals, signed: signed)
        return "<span class=\"num\" data-field=\"\(Markup.escape(path))\">\(text)</span>" + (value == nil ? "" : Markup.escape(unit))
    }

    static func derived(_ name: String, _ text: String) -> String {
        "<span class=\"num\" data-derived=\"\(Markup.escape(name))\">\(Markup.escape(text))</span>"
    }

    /// A table cell that sorts by the raw value; empty (not measured) sorts last.
    static func cell(_ path: String, _ value: Double?, decimals: Int) -> String {
        let sortValue = value.map { "\($0)" } ?? ""
        return "<td class=\"num\" data-field=\"\(Markup.escape(path))\" data-sort-value=\"\(sortValue)\">\(NumberText.fixed(value, decimals))</td>"
    }
}
