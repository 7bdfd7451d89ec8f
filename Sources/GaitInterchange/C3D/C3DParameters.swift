import Foundation

/// The parameter section of a C3D file: groups of named, typed, dimensioned values.
///
/// Record layout (C3D User Guide, c3d.org, "The parameter section"; Intel byte order):
/// - group: int8 name length, int8 −id, name, int16 offset to the next record (counted from this
///   field), uint8 description length, description;
/// - parameter: int8 name length, int8 +id of its group, name, int16 offset to the next record,
///   int8 type (−1 char, 1 byte, 2 int16, 4 float), uint8 number of dimensions, one uint8 per
///   dimension (the first varies fastest), the values, uint8 description length, description.
/// The last record's offset is 0. Names are upper case, A–Z, 0–9 and `_`.
struct C3DParameterSection {
    enum Value {
        case int16([Int16], dimensions: [Int])
        case float([Float], dimensions: [Int])
        /// Strings, each padded with spaces to the longest: dimensions [longest, count].
        case strings([String])

        static func int16(_ v: Int16) -> Value { .int16([v], dimensions: []) }
        static func float(_ v: Float) -> Value { .float([v], dimensions: []) }
        static func string(_ s: String) -> Value { .strings([s]) }
    }

    struct Group {
        var name: String
        var description: String
        var parameters: [(name: String, description: String, value: Value)] = []
    }

    var groups: [Group] = []

    mutating func add(_ group: String, _ name: String, _ value: Value, _ description: String = "") {
        guard let index = groups.firstIndex(where: { $0.name == group }) else {
            preconditionFailure("group \(group) not declared")
        }
        groups[index].parameters.append((name, description, value))
    }

    /// The records (without the 4-byte section header), or an error naming what does not fit.
    func records() throws -> [UInt8] {
        var records: [[UInt8]] = []
        for (index, group) in groups.enumerated() {
            let id = Int8(index + 1)
            records.append(try Self.record(name: group.name, id: -id, body: [], description: group.description))
            for parameter in group.parameters {
                records.append(try Self.record(name: parameter.name, id: id, body: try Self.encode(parameter.value, name: parameter.name),
                                               description: parameter.description))
            }
        }
        var bytes: [UInt8] = []
        for (i, var record) in records.enumerated() {
            // The offset field sits after the 2 leading bytes and the name.
            let offsetAt = 2 + Int(record[0])
            let offset = i == records.count - 1 ? 0 : record.count - offsetAt
            record[offsetAt] = UInt8(offset & 0xFF)
            record[offsetAt + 1] = UInt8((offset >> 8) & 0xFF)
            bytes += record
        }
        return bytes
    }

    private static func record(name: String, id: Int8, body: [UInt8], description: String) throws -> [UInt8] {
        let nameBytes = Array(name.utf8)
        let descriptionBytes = Array(description.utf8.prefix(255))
        precondition(!nameBytes.isEmpty && nameBytes.count < 128, "C3D names are 1–127 characters")
        var record: [UInt8] = [UInt8(nameBytes.count), UInt8(bitPattern: id)] + nameBytes + [0, 0]
        record += body
        record.append(UInt8(descriptionBytes.count))
        record += descriptionBytes
        guard record.count - (2 + nameBytes.count) < Int(Int16.max) else {
            throw C3DError("parameter \(name) is \(record.count) bytes, more than a C3D parameter record can hold (32767)")
        }
        return record
    }

    private static func encode(_ value: Value, name: String) throws -> [UInt8] {
        func header(type: Int8, _ dimensions: [Int]) throws -> [UInt8] {
            guard dimensions.allSatisfy({ (0...255).contains($0) }) else {
                throw C3DError("parameter \(name) has a dimension of \(dimensions.max()!), more than C3D's 255")
            }
            return [UInt8(bitPattern: type), UInt8(dimensions.count)] + dimensions.map { UInt8($0) }
        }
        switch value {
        case .int16(let values, let dimensions):
            return try header(type: 2, dimensions) + values.flatMap { v in [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8)] }
        case .float(let values, let dimensions):
            return try header(type: 4, dimensions) + values.flatMap(C3DBytes.float)
        case .strings(let strings):
            let width = max(strings.map { $0.utf8.count }.max() ?? 0, 1)
            let padded = strings.flatMap { Array($0.utf8) + Array(repeating: UInt8(ascii: " "), count: width - $0.utf8.count) }
            // One string is a 1-D array of characters; several, a 2-D [width, count] array.
            return try header(type: -1, strings.count == 1 ? [width] : [width, strings.count]) + padded
        }
    }
}

/// Intel (little-endian) encodings of C3D's numbers.
enum C3DBytes {
    static func float(_ v: Float) -> [UInt8] {
        let bits = v.bitPattern
        return [UInt8(bits & 0xFF), UInt8((bits >> 8) & 0xFF), UInt8((bits >> 16) & 0xFF), UInt8(bits >> 24)]
    }

    static func int16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
}

/// Why a C3D file cannot be written.
public struct C3DError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
