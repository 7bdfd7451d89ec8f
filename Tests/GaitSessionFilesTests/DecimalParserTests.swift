import Foundation
import Testing
@testable import GaitSessionFiles

@Suite("Decimal parser: correctly rounded, strict grammar")
struct DecimalParserTests {
    func parsed(_ text: String) -> Double? {
        if case .value(let value) = DecimalParser.parse(text) { return value }
        return nil
    }

    @Test func randomDoublesRoundTripThroughDescription() {
        var generator = SeededGenerator(seed: 20240611)
        var failures: [String] = []
        for _ in 0..<200_000 {
            let value = Double(bitPattern: generator.next())
            guard value.isFinite else { continue }
            let text = value.description
            if parsed(text)?.bitPattern != value.bitPattern { failures.append(text) }
        }
        #expect(failures.isEmpty, "\(failures.prefix(10))")
    }

    @Test func randomMeasurementLikeDoublesRoundTrip() {
        // The values a sensor file really holds: moderate magnitudes, mostly on the fast path.
        var generator = SeededGenerator(seed: 99)
        for _ in 0..<100_000 {
            let value = Double.random(in: -2000...2000, using: &generator)
            for candidate in [value, (value * 1000).rounded() / 1000, value * 1e-9] {
                #expect(parsed(candidate.description)?.bitPattern == candidate.bitPattern)
            }
        }
    }

    @Test func randomDecimalStringsMatchTheStandardLibrary() {
        // Digit strings of every length, with exponents around the fast path's edges.
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<50_000 {
            let digitCount = Int.random(in: 1...25, using: &generator)
            var digits = String((0..<digitCount).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            let point = Int.random(in: 0...digitCount, using: &generator)
            if point > 0 && point < digitCount { digits.insert(".", at: digits.index(digits.startIndex, offsetBy: point)) }
            let exponent = Int.random(in: -340...310, using: &generator)
            let text = (Bool.random(using: &generator) ? "-" : "") + digits + (Bool.random(using: &generator) ? "e\(exponent)" : "")
            let reference = Double(text)
            if let reference, reference.isFinite {
                #expect(parsed(text)?.bitPattern == reference.bitPattern, "\(text)")
            } else {
                #expect(DecimalParser.parse(text) == .outOfRange, "\(text)")
            }
        }
    }

    @Test func integerPathMatchesTheStandardLibrary() {
        // 15–19 significant digits with |q| ≤ 30: the quotient/product path and its edges.
        var generator = SeededGenerator(seed: 1234)
        for _ in 0..<200_000 {
            let digits = Int.random(in: 15...19, using: &generator)
            var significand = UInt64.random(in: 1...9, using: &generator)
            for _ in 1..<digits { significand = significand * 10 + UInt64.random(in: 0...9, using: &generator) }
            let text = "\(significand)e\(Int.random(in: -30...30, using: &generator))"
            #expect(parsed(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }

    @Test func exactTiesRoundToEven() {
        // Halfway between two Doubles: the tie must go to the even significand, and anything a
        // hair above must go up.
        for k in 0..<2000 {
            let base = Double(1 << 52) + Double(2 * k)  // even; spacing 1 here
            let tie = "\(UInt64(base)).5"                 // 17 digits, q = -1
            #expect(parsed(tie) == base, "\(tie)")
            let upperTie = "\(UInt64(base) + 1).5"
            #expect(parsed(upperTie) == base + 2, "\(upperTie)")
            let above = "\(UInt64(base)).5000001"
            #expect(parsed(above) == base + 1, "\(above)")
        }
    }

    @Test(arguments: [
        ("0.1", 0.1), ("1e-05", 1e-05), ("5e+20", 5e+20), ("-0.0", -0.0), ("+1.5", 1.5), ("1E3", 1000),
        ("9007199254740992", 9007199254740992), ("9007199254740993", 9007199254740992),
        ("9007199254740995", 9007199254740996), ("1e23", 1e23), ("123e30", 123e30),
        ("2.2250738585072011e-308", Double.leastNormalMagnitude.nextDown), ("2.2250738585072012e-308", 2.2250738585072014e-308),
        ("4.9406564584124654e-324", Double.leastNonzeroMagnitude), ("2.4703282292062327e-324", 0),
        ("2.4703282292062328e-324", Double.leastNonzeroMagnitude), ("5e-324", Double.leastNonzeroMagnitude),
        ("1.7976931348623157e308", 1.7976931348623157e308), ("1.7976931348623158e308", 1.7976931348623157e308),
        ("1.00000000000000011102230246251565404236316680908203125", 1.0),
        ("1.00000000000000011102230246251565404236316680908203126", 1.0000000000000002),
        ("123456789012345678901234567890", 1.2345678901234568e29), ("0.000000000000000000000000000001", 1e-30),
        ("1e-400", 0), ("0e999999999999", 0), ("00012.5000", 12.5), ("8.98846567431158e307", 8.98846567431158e307),
        ("7.2057594037927933e16", 72057594037927936), ("3.0517578125e-05", 3.0517578125e-05),
    ])
    func knownHardCases(_ text: String, _ expected: Double) {
        #expect(parsed(text)?.bitPattern == expected.bitPattern, "\(text)")
    }

    @Test func negativeZeroKeepsItsSign() {
        #expect(parsed("-0")?.sign == .minus)
        #expect(parsed("-0e5")?.sign == .minus)
        #expect(parsed("0.0")?.sign == .plus)
    }

    @Test(arguments: ["1.7976931348623159e308", "1e309", "-1e400"])
    func overflowIsOutOfRange(_ text: String) {
        #expect(DecimalParser.parse(text) == .outOfRange)
    }

    @Test(arguments: ["", "-", "+", "1.", ".5", "1e", "1e+", "nan", "NaN", "inf", "-inf", "Infinity", "0x1p3", " 1", "1 ",
                      "1,5", "--1", "1..2", "1e5.5", "1e--5", "١", "1_000", "e5", "1.5f", "0x10"])
    func invalidText(_ text: String) {
        #expect(DecimalParser.parse(text) == .invalid, "\(text)")
    }

    @Test func incompletePrefixes() {
        for text in ["", "-", "+", "1.", "12.", "1e", "1E+", "1.5e-", "-0."] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { DecimalParser.isIncompletePrefix($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: $0.count) }, "\(text)")
        }
        for text in ["1", "1.5", "1e5", "x", "1x", "1.e", ".", "e", "1..", "nan"] {
            let bytes = Array(text.utf8)
            #expect(!bytes.withUnsafeBufferPointer { DecimalParser.isIncompletePrefix($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: $0.count) }, "\(text)")
        }
    }
}
