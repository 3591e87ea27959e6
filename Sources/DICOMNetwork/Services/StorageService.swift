import Foundation

/// Storage SOP classes (C-STORE SCP). Accepts every storage SOP class and every transfer syntax the
/// codec knows, since the data set is handed on as received; `sink` decides where it goes.
public struct StorageService: DIMSEService {
    /// PS3.4 Annex B: storage SOP classes live under this root (plus a few older ones below).
    public static let storageRoot = "1.2.840.10008.5.1.4.1.1."

    /// What the sink did with an instance: stored (Success), or stored with a warning status.
    public enum Outcome: Sendable, Equatable {
        case stored
        case warning(DIMSEStatus, comment: String?)
    }

    private var sink: @Sendable (StoredInstance) async throws -> Outcome

    public init(sink: @escaping @Sendable (StoredInstance) async throws -> Void) {
        self.sink = { try await sink($0); return .stored }
    }

    /// A sink that may answer a warning (a failure is a thrown `DIMSEServiceError`).
    public static func answering(_ sink: @escaping @Sendable (StoredInstance) async throws -> Outcome) -> StorageService {
        var service = StorageService(sink: { _ in })
        service.sink = sink
        return service
    }

    /// Writes each instance to `directory/<SOP Instance UID>.dcm`.
    public static func directory(_ directory: URL) -> StorageService {
        StorageService { instance in
            let safe = instance.sopInstanceUID.filter { $0.isNumber || $0 == "." }
            guard !safe.isEmpty else { throw DIMSEServiceError(status: .invalidAttributeValue, comment: "no SOP Instance UID") }
            let bytes = try instance.part10()
            // Written under a temporary name, then renamed: readers never see half a file. No fsync
            // (Foundation's .atomic costs a third of the throughput); durability is the journal's job.
            let target = directory.appendingPathComponent("\(safe).dcm").path
            let partial = target + ".part"
            guard writeFile(partial, bytes), rename(partial, target) == 0 else {
                unlink(partial)
                throw DIMSEServiceError(status: .outOfResources, comment: "could not write instance")
            }
        }
    }

    public func accepts(sopClassUID: String) -> Bool {
        sopClassUID.hasPrefix(Self.storageRoot) || sopClassUID.hasPrefix("1.2.840.10008.5.1.4.1.1")
            || sopClassUID.hasPrefix("1.2.840.10008.5.1.4.34.") || sopClassUID.hasPrefix("1.2.840.10008.5.1.4.38.")
    }

    public func transferSyntaxes(for sopClassUID: String) -> TransferSyntaxSupport { .any }
    public var commands: Set<CommandField> { [.cStoreRequest] }

    public func handle(_ request: ServiceRequest, responder: ServiceResponder) async throws {
        let message = request.message
        guard let dataSet = message.dataSet, let sopClass = message.affectedSOPClassUID,
              let instance = message.affectedSOPInstanceUID else {
            throw DIMSEServiceError(status: .cannotUnderstand, comment: "C-STORE without data set or UIDs")
        }
        guard sopClass == request.context.abstractSyntax else {
            throw DIMSEServiceError(status: .dataSetDoesNotMatchSOPClass, comment: "SOP class differs from the presentation context")
        }
        let outcome = try await sink(StoredInstance(sopClassUID: sopClass, sopInstanceUID: instance,
                                                    transferSyntax: request.context.transferSyntax,
                                                    callingAETitle: request.association.callingAETitle, dataSet: dataSet,
                                                    decodingOptions: request.decodingOptions))
        switch outcome {
        case .stored: responder.send(.response(to: message, status: .success))
        case .warning(let status, let comment): responder.send(.response(to: message, status: status, errorComment: comment))
        }
    }
}

/// Plain POSIX write: Foundation's file writing on Linux goes through an atomic temporary-file
/// dance of its own, which doubles the work here.
private func writeFile(_ path: String, _ bytes: [UInt8]) -> Bool {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var written = 0
    while written < bytes.count {
        let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if result < 0 && errno == EINTR { continue }
        guard result > 0 else { return false }
        written += result
    }
    return true
}
