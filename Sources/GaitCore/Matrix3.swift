/// A 3×3 matrix stored by rows; used for rotation matrices and for the scatter matrices of
/// principal-axis fits. `m[row, column]`.
public struct Matrix3: Hashable, Sendable {
    public var rows: (Vector3, Vector3, Vector3)

    public init(rows r0: Vector3, _ r1: Vector3, _ r2: Vector3) { rows = (r0, r1, r2) }

    public init(columns c0: Vector3, _ c1: Vector3, _ c2: Vector3) {
        rows = (Vector3(c0.x, c1.x, c2.x), Vector3(c0.y, c1.y, c2.y), Vector3(c0.z, c1.z, c2.z))
    }

    public static let identity = Matrix3(rows: .unitX, .unitY, .unitZ)

    public subscript(row: Int, column: Int) -> Double {
        get {
            switch row {
            case 0: rows.0[column]
            case 1: rows.1[column]
            default: rows.2[column]
            }
        }
        set {
            switch row {
            case 0: rows.0[column] = newValue
            case 1: rows.1[column] = newValue
            default: rows.2[column] = newValue
            }
        }
    }

    public func column(_ index: Int) -> Vector3 { Vector3(rows.0[index], rows.1[index], rows.2[index]) }

    public var transposed: Matrix3 { Matrix3(columns: rows.0, rows.1, rows.2) }

    public static func * (m: Matrix3, v: Vector3) -> Vector3 {
        Vector3(m.rows.0.dot(v), m.rows.1.dot(v), m.rows.2.dot(v))
    }

    public static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
        Matrix3(columns: a * b.column(0), a * b.column(1), a * b.column(2))
    }

    public static func == (a: Matrix3, b: Matrix3) -> Bool {
        a.rows.0 == b.rows.0 && a.rows.1 == b.rows.1 && a.rows.2 == b.rows.2
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rows.0); hasher.combine(rows.1); hasher.combine(rows.2)
    }
}
