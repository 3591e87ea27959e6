import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files that are still there after a power cut once `write` returns: the data is fsynced before
/// it is renamed into place, and the directory entries are fsynced too (each directory created on
/// the way and its parent, then the file's directory). Files are 0600 and directories 0700 whatever
/// the umask: they hold patient data.
enum DurableFile {
    static let fileMode: mode_t = 0o600
    static let directoryMode: mode_t = 0o700

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ what: String, _ path: String) { description = "\(what) \(path): \(String(cString: strerror(errno)))" }
    }

    /// Writes `bytes` at `url` (replacing a file there) through a uniquely named temporary file.
    static func write(_ bytes: [UInt8], to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        try makeDirectories(directory)
        let partial = url.path + "." + UUID().uuidString + ".part"
        let descriptor = open(partial, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        guard descriptor >= 0 else { throw Failure("cannot create", partial) }
        do {
            defer { close(descriptor) }
            guard fchmod(descriptor, fileMode) == 0 else { throw Failure("cannot set the mode of", partial) }
            try writeAll(bytes, to: descriptor, path: partial)
            guard fsync(descriptor) == 0 else { throw Failure("cannot sync", partial) }
        } catch {
            unlink(partial)
            throw error
        }
        guard rename(partial, url.path) == 0 else {
            let failure = Failure("cannot rename into", url.path)
            unlink(partial)
            throw failure
        }
        try syncDirectory(directory.path)
    }

    /// Creates `url` and its missing parents (0700), syncing each new directory and its parent.
    static func makeDirectories(_ url: URL) throws {
        var missing: [String] = []
        var current = url.standardizedFileURL.path
        var isDirectory: ObjCBool = false
        while !current.isEmpty, current != "/", !FileManager.default.fileExists(atPath: current, isDirectory: &isDirectory) {
            missing.append(current)
            current = (current as NSString).deletingLastPathComponent
        }
        for path in missing.reversed() {
            if mkdir(path, directoryMode) != 0, errno != EEXIST { throw Failure("cannot create directory", path) }
            guard chmod(path, directoryMode) == 0 else { throw Failure("cannot set the mode of", path) }
            try syncDirectory(path)
            try syncDirectory((path as NSString).deletingLastPathComponent)
        }
    }

    /// Removes a file; a missing file is not an error.
    static func remove(_ url: URL) {
        unlink(url.path)
    }

    static func syncDirectory(_ path: String) throws {
        let descriptor = open(path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure("cannot open directory", path) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw Failure("cannot sync directory", path) }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw Failure("cannot write", path) }
            written += result
        }
    }
}

/// The C `write` (inside `DurableFile` the name is its own method).
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
