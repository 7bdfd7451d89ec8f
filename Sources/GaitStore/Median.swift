/// The median: the middle value, or the mean of the two middle values; nil for no values.
/// The store's history uses it as report-json.md's summary does (robust to a stray stride).
enum Median {
    static func of(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
