import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The data directory and the database files hold patient data: 0700 and 0600 whatever the umask.
/// SQLite gives its -wal and -shm files the database file's mode, so the database is created (or
/// tightened) before it is opened.
enum PrivateFiles {
    static let fileMode: mode_t = 0o600
    static let directoryMode: mode_t = 0o700

    /// Creates the directory (and missing parents) 0700; an existing one is tightened to 0700.
    static func makeDirectory(_ url: URL) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: Int(directoryMode)])
        guard chmod(url.path, directoryMode) == 0 else { throw CocoaError(.fileWriteNoPermission) }
    }

    /// Creates the database file 0600 when missing and tightens it and its -wal/-shm files.
    /// An existing database is only chmod-ed, never opened: closing a descriptor of a file drops
    /// every POSIX lock this process holds on it, so it would break a connection still open on it
    /// (an engine restarted in the same process) and could corrupt the database.
    static func prepareDatabase(at path: String) throws {
        guard !path.isEmpty, path != ":memory:", !path.hasPrefix("file:") else { return }
        if !FileManager.default.fileExists(atPath: path) {
            let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
            if descriptor >= 0 { close(descriptor) } else if errno != EEXIST { throw CocoaError(.fileWriteNoPermission) }
        }
        guard chmod(path, fileMode) == 0 else { throw CocoaError(.fileWriteNoPermission) }
        for suffix in ["-wal", "-shm", "-journal"] where FileManager.default.fileExists(atPath: path + suffix) {
            chmod(path + suffix, fileMode)
        }
    }
}
