/// Compares secrets without leaking, through the time taken, how many leading bytes matched:
/// every byte of the expected value is looked at whatever the input, and the differences are
/// gathered with OR instead of returning at the first one. (A length that differs is answered at
/// once: the token's length is not a secret, it is printed by `gait record`.)
enum ConstantTimeComparison {
    static func equal(_ given: some Collection<UInt8>, _ expected: some Collection<UInt8>) -> Bool {
        guard given.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(given, expected) { difference |= a ^ b }
        return difference == 0
    }
}
