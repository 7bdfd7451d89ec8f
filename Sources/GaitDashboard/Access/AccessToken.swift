/// The secret that a live page served beyond this machine asks of every request.
enum AccessToken {
    /// Random bytes per token: 256 bits, far beyond guessing (the brief's floor is 128).
    static let byteCount = 32

    /// A new token, lower-case hex (URL-safe as is), from the system's cryptographic generator.
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return bytes.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }
}
