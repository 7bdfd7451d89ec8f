/// Why a report file cannot be read: which file, where in it (a key path such as
/// `strides[3].side`), what is wrong and what to do about it.
public struct ReportInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// Dotted key path into the JSON, nil when the problem is the file as a whole.
    public var keyPath: String?
    public var problem: String
    public var remedy: String

    public init(file: String, keyPath: String? = nil, problem: String, remedy: String) {
        self.file = file
        self.keyPath = keyPath
        self.problem = problem
        self.remedy = remedy
    }

    public var description: String {
        "\(file)" + (keyPath.map { ", at \($0)" } ?? "") + ": \(problem). Fix: \(remedy)"
    }
}
