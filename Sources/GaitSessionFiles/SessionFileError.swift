/// A rejection of a session file, or a refusal to write one.
///
/// It names the file, the line (and column or key path when known), what is wrong and what the
/// user can do, so that `gait analyze` can print it as is (session-csv.md, "Bad input").
public struct SessionFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file's path as the caller gave it (relative stays relative).
    public var file: String
    /// 1-based line number in `file`, when the problem is on one line.
    public var line: Int?
    /// For session.json, the key path of the offending value, e.g. `sensors[3].placement`.
    /// For a sensor file whose columns disagree with session.json, the session.json entry.
    public var keyPath: String?
    /// For a sensor file, the name of the CSV column (`t`, `ax`, `p12`) the problem is in.
    public var column: String?
    /// What is wrong, as one sentence without a trailing period.
    public var problem: String
    /// What the user can do about it.
    public var remedy: String

    public init(file: String, line: Int? = nil, keyPath: String? = nil, column: String? = nil,
                problem: String, remedy: String) {
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.column = column
        self.problem = problem
        self.remedy = remedy
    }

    /// `left_foot.csv, line 1042, column t: time goes backwards (12.345 after 12.346). Fix: …`
    public var description: String {
        var location = file
        if let line { location += ", line \(line)" }
        if let column { location += ", column \(column)" }
        if let keyPath { location += ", \(keyPath)" }
        return "\(location): \(problem). Fix: \(remedy)"
    }
}
