import Foundation

/// Recordings, and everything made from them (reports, CSVs, exports), are health data: every
/// folder the writers create is owner-only (0700) and every file owner-only (0600), from the
/// moment it exists, whatever the umask allows. The one place gait's writers get such files.
public enum PrivateFiles {
    public static let folderPermissions: mode_t = 0o700
    public static let filePermissions: mode_t = 0o600

    /// Creates `folder` and any missing parents as owner-only; an existing folder is left as the
    /// user made it.
    public static func createFolder(_ folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: Int(folderPermissions)])
    }

    /// Replaces `url` with `data` atomically (a reader sees the old file or the new one, never
    /// half of one) through an owner-only temporary file in the same folder. Foundation's
    /// `.atomic` writing would create the file with the umask's permissions, 0644 by default.
    public static func writeAtomically(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, filePermissions)
        if fd < 0 { throw posixError(errno) }
        var written = 0
        let failure: Int32? = data.withUnsafeBytes { bytes -> Int32? in
            while written < bytes.count {
                let count = write(fd, bytes.baseAddress! + written, bytes.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += count
            }
            return fsync(fd) == 0 ? nil : errno
        }
        close(fd)
        if let failure {
            unlink(temporary.path)
            throw posixError(failure)
        }
        if rename(temporary.path, url.path) != 0 {
            let code = errno
            unlink(temporary.path)
            throw posixError(code)
        }
    }

    /// Creates `url`, or empties it, owner-only, for writing piece by piece (a table written row
    /// by row); a file that existed with wider permissions is narrowed before anything is written.
    public static func openForWriting(_ url: URL) throws -> FileHandle {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, filePermissions)
        if fd < 0 { throw posixError(errno) }
        if fchmod(fd, filePermissions) != 0 {
            let code = errno
            close(fd)
            throw posixError(code)
        }
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    private static func posixError(_ code: Int32) -> NSError {
        NSError(domain: NSPOSIXErrorDomain, code: Int(code), userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(code))])
    }
}
