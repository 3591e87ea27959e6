import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The parts of a STOW-RS body while it arrives (`MultipartRelated.StreamParser` events): small
/// parts in memory up to `memoryBudget` in all, the others each in a temporary file (0600) in
/// `<instances>/.stow-incoming` (0700), on the file system of the instance files. A part that is
/// not `application/dicom` is failed whatever it holds, so its bytes are not kept. The files are
/// removed as each part is taken, and by `removeAll` (on every way out of the request) or at the
/// latest when the spool goes; files a crash left are removed when the engine starts.
/// No UID path can be `.stow-incoming` (their components are digits and dots, or `unknown`).
final class STOWSpool {
    static let directoryName = ".stow-incoming"

    enum Content {
        case memory([UInt8])
        case file(path: String, bytes: Int)
        /// Not kept (not DICOM), or already taken.
        case none
    }

    struct Part {
        var contentType: String?
        var content: Content
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ what: String, _ path: String) { description = "\(what) \(path): \(String(cString: strerror(errno)))" }
    }

    let directory: URL
    let memoryBudget: Int
    private(set) var parts: [Part] = []
    /// Bytes of the parts held in memory.
    private var inMemory = 0
    /// The file of the part being received, while it is open.
    private var descriptor: Int32 = -1
    private var directoryMade = false

    /// `directory`: the instance directory (the spool is a directory in it).
    init(instances directory: URL, memoryBudget: Int = 1 << 20) {
        self.directory = directory.appendingPathComponent(Self.directoryName)
        self.memoryBudget = memoryBudget
    }

    deinit { removeAll() }

    /// Temporary files in `<instances>/.stow-incoming` of another process (one that ended without
    /// removing them): removed. Files of this process are of requests still being read.
    static func removeLeftovers(instances: URL) {
        let spool = instances.appendingPathComponent(directoryName)
        let mine = "\(getpid())-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: spool.path)) ?? [] where !name.hasPrefix(mine) {
            unlink(spool.appendingPathComponent(name).path)
        }
    }

    /// Files of this spool that are still on disk (for the tests).
    var filePaths: [String] {
        parts.compactMap { if case .file(let path, _) = $0.content { return path } else { return nil } }
    }

    func handle(_ event: MultipartRelated.StreamEvent) throws {
        switch event {
        case .begin(let contentType):
            closeFile()
            let dicom = contentType.map { MultipartRelated.mediaType($0).type == DICOMwebMedia.dicom } ?? true
            parts.append(Part(contentType: contentType, content: dicom ? .memory([]) : .none))
        case .bytes(let bytes):
            guard let last = parts.indices.last else { return }
            switch parts[last].content {
            case .none:
                return
            case .memory(var held):
                if inMemory + bytes.count <= memoryBudget {
                    parts[last].content = .none  // so that `held` is not copied as it grows
                    held += bytes
                    inMemory += bytes.count
                    parts[last].content = .memory(held)
                    return
                }
                // Over the budget: this part goes to a file, with what it had in memory.
                let path = try openFile()
                parts[last].content = .file(path: path, bytes: 0)
                inMemory -= held.count
                try held.withUnsafeBytes { try write($0, to: path) }
                try write(bytes, to: path)
                parts[last].content = .file(path: path, bytes: held.count + bytes.count)
            case .file(let path, let count):
                try write(bytes, to: path)
                parts[last].content = .file(path: path, bytes: count + bytes.count)
            }
        case .end:
            closeFile()
        }
    }

    /// The bytes of part `index`, read back when they were in a file (then removed); nil when they were not kept.
    func take(_ index: Int) throws -> [UInt8]? {
        let content = parts[index].content
        parts[index].content = .none
        switch content {
        case .none:
            return nil
        case .memory(let bytes):
            inMemory -= bytes.count
            return bytes
        case .file(let path, let count):
            defer { unlink(path) }
            let file = open(path, O_RDONLY | O_CLOEXEC)
            guard file >= 0 else { throw Failure("cannot open", path) }
            defer { close(file) }
            var failure: Failure?
            let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                while initialized < count {
                    let n = read(file, buffer.baseAddress! + initialized, count - initialized)
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { failure = Failure("cannot read", path); return }
                    initialized += n
                }
            }
            if let failure { throw failure }
            return bytes
        }
    }

    /// Closes and removes every file of the spool and forgets its parts.
    func removeAll() {
        closeFile()
        for path in filePaths { unlink(path) }
        parts.removeAll()
        inMemory = 0
    }

    private func openFile() throws -> String {
        if !directoryMade {
            do { try DurableFile.makeDirectories(directory) } catch { throw Failure("cannot create", directory.path) }
            directoryMade = true
        }
        let path = directory.appendingPathComponent("\(getpid())-\(UUID().uuidString.lowercased()).part").path
        let opened = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, DurableFile.fileMode)
        guard opened >= 0 else { throw Failure("cannot create", path) }
        guard fchmod(opened, DurableFile.fileMode) == 0 else {
            close(opened)
            unlink(path)
            throw Failure("cannot set the mode of", path)
        }
        descriptor = opened
        return path
    }

    private func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        var written = 0
        while written < bytes.count {
            let n = systemWrite(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Failure("cannot write", path) }
            written += n
        }
    }

    private func closeFile() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }
}

/// The C `write` (inside `STOWSpool` the name is its own method).
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
