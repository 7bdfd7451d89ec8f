extension SessionManifest {
    /// Parses and validates the bytes of a session.json exactly as `SessionFolder.open` does
    /// (syntax, types, the rules of session-csv.md), without looking for the sensor files.
    /// - Parameter file: the name used in messages.
    /// - Throws: `SessionFileError` naming the file, the line and key path, and the fix.
    public static func decode(_ bytes: [UInt8], file: String = "session.json") throws -> SessionManifest {
        try ManifestDecoder.decode(bytes, file: file).manifest
    }
}
