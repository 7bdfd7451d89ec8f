/// A coding key made from a string at run time: for objects whose keys come from a list (the
/// measures) rather than from the type's own properties.
struct JSONKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
