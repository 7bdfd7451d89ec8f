import Foundation

/// Parses the decimal numbers of the session format from bytes, correctly rounded.
///
/// Grammar (session-csv.md: "Every value is a finite decimal number"):
/// `[+-]? digit+ ('.' digit+)? ([eE] [+-]? digit+)?`. Digits are required on both sides of a
/// decimal point, so that a cell cut short by a truncated write (`1.`, `2e-`) is recognisably
/// incomplete. This accepts every form Swift's shortest round-trip `description` writes
/// (`1e-05`, `5e+20`, `-0.0`, `5e-324`).
///
/// Speed matters (a 1-hour, 7-IMU, 1 kHz session has ~150 M numbers), so the common case never
/// builds a String: Clinger's fast path is exact when the decimal significand is at most 2^53 and
/// the power of ten is exactly representable (|q| ≤ 22), because then the result is one correctly
/// rounded IEEE multiplication or division of two exact operands. Up to 19 significant digits
/// with |q| ≤ 27 (the 17-digit values of shortest round-trip output) take an exact integer path
/// (`quotientPath`, `productPath`). Everything else goes to the C library's `strtod`, which glibc
/// rounds correctly.
enum DecimalParser {
    enum Outcome: Equatable {
        case value(Double)
        /// Not a number of the grammar above.
        case invalid
        /// Syntactically fine but beyond ±Double.greatestFiniteMagnitude.
        case outOfRange
    }

    /// 10^0 … 10^22, each exactly representable as a Double (5^22 < 2^53).
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Largest significand for which `Double(significand)` is exact.
    private static let maxExactSignificand: UInt64 = 1 << 53

    static func parse(_ text: String) -> Outcome {
        var copy = text
        return copy.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    static func parse(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        guard let base = bytes.baseAddress else { return .invalid }
        return parse(base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
    }

    /// Parses exactly the `count` bytes at `start`.
    static func parse(_ start: UnsafePointer<UInt8>, count: Int) -> Outcome {
        var i = 0
        var negative = false
        if i < count, start[i] == UInt8(ascii: "-") || start[i] == UInt8(ascii: "+") {
            negative = start[i] == UInt8(ascii: "-")
            i += 1
        }
        // Up to 19 significant digits fit in a UInt64; later digits only move the exponent and
        // send the number to the slow path.
        var significand: UInt64 = 0
        var significantDigits = 0
        var droppedDigits = false
        var exponent = 0
        var integerDigits = 0
        while i < count {
            let digit = start[i] &- UInt8(ascii: "0")
            if digit > 9 { break }
            if significantDigits < 19 {
                significand = significand &* 10 &+ UInt64(digit)
                if significand != 0 { significantDigits += 1 }
            } else {
                exponent += 1
                droppedDigits = true
            }
            integerDigits += 1
            i += 1
        }
        if integerDigits == 0 { return .invalid }
        if i < count, start[i] == UInt8(ascii: ".") {
            i += 1
            var fractionDigits = 0
            while i < count {
                let digit = start[i] &- UInt8(ascii: "0")
                if digit > 9 { break }
                if significantDigits < 19 {
                    significand = significand &* 10 &+ UInt64(digit)
                    if significand != 0 { significantDigits += 1 }
                    exponent -= 1
                } else {
                    droppedDigits = true
                }
                fractionDigits += 1
                i += 1
            }
            if fractionDigits == 0 { return .invalid }
        }
        if i < count, start[i] == UInt8(ascii: "e") || start[i] == UInt8(ascii: "E") {
            i += 1
            var exponentNegative = false
            if i < count, start[i] == UInt8(ascii: "-") || start[i] == UInt8(ascii: "+") {
                exponentNegative = start[i] == UInt8(ascii: "-")
                i += 1
            }
            var explicitExponent = 0
            var exponentDigits = 0
            while i < count {
                let digit = start[i] &- UInt8(ascii: "0")
                if digit > 9 { break }
                // Saturate: anything this large is over- or underflow whatever the significand.
                if explicitExponent < 100_000 { explicitExponent = explicitExponent * 10 + Int(digit) }
                exponentDigits += 1
                i += 1
            }
            if exponentDigits == 0 { return .invalid }
            exponent += exponentNegative ? -explicitExponent : explicitExponent
        }
        if i != count { return .invalid }

        if significand == 0 { return .value(negative ? -0.0 : 0.0) }
        if !droppedDigits, significand <= maxExactSignificand {
            var value = Double(significand)
            var exactPath = true
            if exponent == 0 {
                // value is exact already
            } else if exponent < 0 {
                if exponent >= -22 { value /= powersOfTen[-exponent] } else { exactPath = false }
            } else if exponent <= 22 {
                value *= powersOfTen[exponent]
            } else if exponent <= 22 + 15 {
                // 123e30 = 123000000 × 1e22: shift extra zeros into the significand while it
                // stays exact (Clinger's extension of the fast path).
                var shifted = significand
                var remaining = exponent - 22
                while remaining > 0, shifted <= maxExactSignificand / 10 {
                    shifted *= 10
                    remaining -= 1
                }
                if remaining == 0 { value = Double(shifted) * powersOfTen[22] } else { exactPath = false }
            } else {
                exactPath = false
            }
            if exactPath { return .value(negative ? -value : value) }
        }
        if !droppedDigits, exponent >= -27, exponent <= 27 {
            let magnitude = exponent < 0
                ? quotientPath(significand, fivePower: powersOfFive[-exponent], exponent: exponent)
                : productPath(significand, fivePower: powersOfFive[exponent], exponent: exponent)
            return .value(negative ? -magnitude : magnitude)
        }
        return slowPath(start, count: count)
    }

    /// 5^0 … 5^27, the powers that fit in a UInt64.
    private static let powersOfFive: [UInt64] = (0...27).reduce(into: []) { powers, k in
        powers.append(k == 0 ? 1 : powers[k - 1] * 5)
    }

    /// w × 10^q for q < 0, i.e. w / 5^|q| × 2^q, exactly rounded without strtod: typical of
    /// 17-digit values (`0.12345678901234567`), which miss Clinger's path.
    ///
    /// Why it is exact: shifting w left until the integer quotient Q = (w·2^s) / 5^|q| has 63 or
    /// 64 bits leaves at least 10 bits below the 53 a Double keeps. Q is exact, and the remainder
    /// only matters in the halfway case, where those low bits are all zero; OR-ing "remainder ≠ 0"
    /// into bit 0 turns an exact tie into "just above" exactly when it should. The conversion of
    /// Q to Double is then the only rounding (correctly rounded, ties to even), and the final
    /// scaling by a power of two is exact because the result, at least 2^-154, is a normal number.
    private static func quotientPath(_ significand: UInt64, fivePower divisor: UInt64, exponent: Int) -> Double {
        let leadingZeros = significand.leadingZeroBitCount
        let normalized = significand << leadingZeros                 // in [2^63, 2^64)
        let shift = (UInt64.bitWidth - divisor.leadingZeroBitCount) - 1  // bit length of 5^|q|, minus 1
        // N = normalized · 2^shift as (high, low); N / divisor < 2^64, so high < divisor.
        let high = shift == 0 ? 0 : normalized >> (UInt64.bitWidth - shift)
        let low = normalized << shift
        let (quotient, remainder) = divisor.dividingFullWidth((high: high, low: low))
        let rounded = Double(remainder == 0 ? quotient : quotient | 1)
        return scaled(rounded, byPowerOfTwo: exponent - shift - leadingZeros)
    }

    /// w × 10^q for 0 < q ≤ 27: the product w · 5^q is exact in 128 bits; its top 64 bits with a
    /// sticky bit for the rest round to a Double exactly once (same argument as `quotientPath`).
    private static func productPath(_ significand: UInt64, fivePower: UInt64, exponent: Int) -> Double {
        let (high, low) = significand.multipliedFullWidth(by: fivePower)
        if high == 0 { return scaled(Double(low), byPowerOfTwo: exponent) }
        let leadingZeros = high.leadingZeroBitCount
        let top = leadingZeros == 0 ? high : (high << leadingZeros) | (low >> (UInt64.bitWidth - leadingZeros))
        let rest = low << leadingZeros
        let rounded = Double(rest == 0 ? top : top | 1)
        return scaled(rounded, byPowerOfTwo: exponent + UInt64.bitWidth - leadingZeros)
    }

    /// x · 2^power, exact for the normal results of the two paths above.
    private static func scaled(_ x: Double, byPowerOfTwo power: Int) -> Double {
        Double(sign: .plus, exponent: power, significand: x)
    }

    /// Correctly rounded conversion by the C library, for the inputs the fast path cannot do
    /// exactly. The text has already passed the grammar above, so strtod sees nothing it could
    /// read differently (no hex, no `inf`).
    private static func slowPath(_ start: UnsafePointer<UInt8>, count: Int) -> Outcome {
        let value: Double? = withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            guard let cString = buffer.baseAddress else { return nil }
            for index in 0..<count { cString[index] = CChar(bitPattern: start[index]) }
            cString[count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let result = strtod(cString, &end)
            // strtod follows LC_NUMERIC; if a host program set a locale with a decimal comma it
            // stops early, and Swift's locale-independent parser takes over.
            if let end, end - cString == count { return result }
            let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
            return Double(text)
        }
        guard let value else { return .invalid }
        return value.isFinite ? .value(value) : .outOfRange
    }

    /// True when `bytes` is not a number but could become one by appending characters, i.e. a
    /// cell cut off in the middle of writing it (`""`, `-`, `1.`, `1e`, `1e+`).
    static func isIncompletePrefix(_ start: UnsafePointer<UInt8>, count: Int) -> Bool {
        // States of the grammar's automaton: after which part of the number we are.
        enum State { case start, sign, integer, point, fraction, exponentMark, exponentSign, exponent }
        var state = State.start
        for i in 0..<count {
            let byte = start[i]
            let isDigit = byte &- UInt8(ascii: "0") <= 9
            let isSign = byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            let isExponentMark = byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
            switch state {
            case .start:
                if isSign { state = .sign } else if isDigit { state = .integer } else { return false }
            case .sign:
                if isDigit { state = .integer } else { return false }
            case .integer:
                if isDigit { continue }
                if byte == UInt8(ascii: ".") { state = .point } else if isExponentMark { state = .exponentMark } else { return false }
            case .point:
                if isDigit { state = .fraction } else { return false }
            case .fraction:
                if isDigit { continue }
                if isExponentMark { state = .exponentMark } else { return false }
            case .exponentMark:
                if isSign { state = .exponentSign } else if isDigit { state = .exponent } else { return false }
            case .exponentSign:
                if isDigit { state = .exponent } else { return false }
            case .exponent:
                if !isDigit { return false }
            }
        }
        switch state {
        case .start, .sign, .point, .exponentMark, .exponentSign: return true
        case .integer, .fraction, .exponent: return false
        }
    }
}
