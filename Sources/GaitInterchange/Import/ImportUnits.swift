import Foundation

/// The units `gait import` converts from, each to the unit of conventions.md, in one place.
public enum ImportUnits {
    public enum Quantity: String, Sendable {
        case acceleration, angularVelocity = "angular velocity", magneticField = "magnetic field", pressure
    }

    /// Standard gravity, m/s² per g (CGPM 1901; the definition accelerometer datasheets use).
    static let standardGravityMps2 = 9.80665

    /// Multipliers into m/s², rad/s, µT and kPa.
    static let factors: [Quantity: [String: Double]] = [
        .acceleration: ["m/s2": 1, "m/s^2": 1, "m/s²": 1, "g": standardGravityMps2, "mg": standardGravityMps2 / 1000],
        .angularVelocity: ["rad/s": 1, "deg/s": Double.pi / 180, "°/s": Double.pi / 180, "dps": Double.pi / 180],
        .magneticField: ["uT": 1, "µT": 1, "mT": 1000, "nT": 0.001, "gauss": 100, "G": 100],
        // 1 N/cm² = 10 kPa; 1 mmHg = 133.322 Pa; 1 psi = 6.894757 kPa.
        .pressure: ["kPa": 1, "Pa": 0.001, "N/cm2": 10, "N/cm²": 10, "mmHg": 0.133322, "psi": 6.894757, "bar": 100],
    ]

    public static func factor(_ unit: String, _ quantity: Quantity) -> Double? { factors[quantity]?[unit] }

    public static func names(_ quantity: Quantity) -> [String] { (factors[quantity] ?? [:]).keys.sorted() }

    /// Time columns: numbers in s, ms or µs, or ISO-8601 date-times.
    public static let timeUnits = ["s", "ms", "us", "iso8601"]

    static func secondsFactor(_ unit: String) -> Double? {
        switch unit {
        case "s": 1
        case "ms": 0.001
        case "us": 0.000_001
        default: nil
        }
    }
}

/// ISO-8601 date-times (`2026-11-03T10:15:02.125Z`, `…+01:00`) to seconds since 1970, with the
/// fraction kept to the digit: it is split off and added separately, since a Date holds only
/// about 0.1 µs at today's dates.
struct ISO8601Seconds {
    private let formatter: ISO8601DateFormatter

    init() {
        formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
    }

    /// Seconds since 1970, whole and fraction apart (a Double of ~1.8 × 10⁹ s holds only 0.2 µs).
    func seconds(_ text: String) -> (whole: Int64, fraction: Double)? {
        // The fraction starts at the '.' or ',' after the seconds (position 19 in YYYY-MM-DDThh:mm:ss).
        let characters = Array(text)
        guard characters.count >= 20 else { return formatter.date(from: text).map { (Int64($0.timeIntervalSince1970.rounded()), 0) } }
        var fraction = 0.0
        var whole = text
        if characters[19] == "." || characters[19] == "," {
            var end = 20
            while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
            guard end > 20, let value = Double("0." + String(characters[20..<end])) else { return nil }
            fraction = value
            whole = String(characters[..<19]) + String(characters[end...])
        }
        guard let date = formatter.date(from: whole) else { return nil }
        return (Int64(date.timeIntervalSince1970.rounded()), fraction)
    }
}
