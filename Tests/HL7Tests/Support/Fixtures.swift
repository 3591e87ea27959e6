import Foundation
@testable import HL7

/// Test data under `Tests/Fixtures`, and the shared public corpus beside the repository when present.
enum Fixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let hl7 = repositoryRoot.appendingPathComponent("Tests/Fixtures/hl7")
    /// `../shared/samples/public/hl7`: MPL/GPL-licensed samples we may read but not copy.
    static let sharedPublic = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/samples/public/hl7")

    static func bytes(_ relativePath: String) -> [UInt8] {
        let url = hl7.appendingPathComponent(relativePath)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            fatalError("missing fixture \(url.path)")
        }
        return Array(data)
    }

    static func message(_ relativePath: String) throws -> HL7Message {
        try HL7Message(bytes: bytes(relativePath))
    }

    /// `.hl7` files of a folder, sorted.
    static func files(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".hl7") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// Every well-formed message file the repository carries (own samples, edge cases, permissive public ones).
    static var wellFormedFiles: [URL] {
        (files(in: hl7) + ["edge", "own", "public"].flatMap { files(in: hl7.appendingPathComponent($0)) })
            .filter { !$0.lastPathComponent.contains("MALFORMED") }
    }

    /// The bytes a lossless re-encoding must give: BOM and MLLP bytes dropped, line ends as `\r`,
    /// a final terminator.
    static func normalized(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        bytes.removeAll { $0 == 0x0B || $0 == 0x1C }
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
            out.append(bytes[i] == 0x0A ? 0x0D : bytes[i])
            i += 1
        }
        if let last = out.last, last != 0x0D { out.append(0x0D) }
        return out
    }
}

/// Runs blocking or long CPU-bound work on a Dispatch thread, so that it never holds one of the few
/// threads of Swift's cooperative pool that other tests' servers need to answer in time.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}
