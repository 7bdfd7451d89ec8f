/// Selection of the k-th smallest value in linear expected time (Hoare's quickselect), for the
/// quantiles taken on every block of samples, where sorting would cost O(n log n).
extension Array where Element == Double {
    /// The value that would be at index `k` (0-based) if the array were sorted ascending. The
    /// array is reordered.
    mutating func kthSmallest(_ k: Int) -> Double {
        precondition(indices.contains(k), "rank \(k) outside 0..<\(count)")
        var low = 0, high = count - 1
        while low < high {
            // Median of three as pivot: sorted or constant input stays linear.
            let middle = (low + high) / 2
            let pivot = Swift.max(Swift.min(self[low], self[middle]), Swift.min(Swift.max(self[low], self[middle]), self[high]))
            var i = low, j = high
            while i <= j {
                while self[i] < pivot { i += 1 }
                while self[j] > pivot { j -= 1 }
                if i <= j {
                    swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { high = j } else if k >= i { low = i } else { return self[k] }
        }
        return self[k]
    }
}
