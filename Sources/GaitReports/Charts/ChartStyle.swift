import GaitCore

/// Colours and marks shared by every chart. Left and right differ in hue *and* in mark shape and
/// line dash, so a report printed in black and white still tells them apart.
enum ChartStyle {
    static func color(_ side: Side) -> String { side == .left ? "#1f5fa8" : "#c8560f" }
    static func dash(_ side: Side) -> String? { side == .left ? nil : "6 3" }
    static let thresholdColor = "#b2182b"
    static let bandFill = "#f4c7c3"
    static let gridColor = "#d9d9d9"
    static let axisColor = "#333333"
    /// Chart size in SVG user units; it scales to the page width (about 180 mm on A4).
    static let width = 680.0
    static let height = 250.0
    static let plotLeft = 58.0
    static let plotRight = 668.0
    static let plotTop = 34.0
    static let plotBottom = 206.0
}
