/// Why the store cannot do what was asked: which database file, the problem, the fix.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The file or its folder cannot be created or written.
        case cannotWrite
        /// The file is not a store this gait can read.
        case unreadable
        /// The request names something the store does not hold, or is malformed.
        case badRequest
    }

    public var kind: Kind
    public var database: String
    public var problem: String
    public var remedy: String

    public init(_ kind: Kind, database: String, problem: String, remedy: String) {
        self.kind = kind
        self.database = database
        self.problem = problem
        self.remedy = remedy
    }

    public var description: String { "\(database): \(problem). Fix: \(remedy)" }
}
