import Foundation

/// Numbers as a reader sees them: fixed decimals, a true minus sign, "–" for not measured.
/// Rounding is to nearest, so the text is within half a unit of its last decimal of the report's value.
enum NumberText {
    static let notMeasured = "–"

    static func fixed(_ x: Double?, _ decimals: Int, signed: Bool = false) -> String {
        guard let x, x.isFinite else { return notMeasured }
        var text = String(format: "%.\(decimals)f", x)
        if text.hasPrefix("-") {
            // "-0.0" would read as a negative value that is not there.
            if Double(text) == 0 { text.removeFirst() } else { text = "−" + text.dropFirst() }
        }
        if signed, !text.hasPrefix("−"), Double(text) != 0 { text = "+" + text }
        return text
    }

    static func percent(_ share: Double) -> String { String(format: "%.0f %%", share * 100) }

    /// A coordinate in an SVG: two decimals are far below a printed pixel.
    static func coordinate(_ x: Double) -> String {
        let text = String(format: "%.2f", x)
        return text == "-0.00" ? "0.00" : text
    }
}
