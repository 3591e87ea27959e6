import DICOM
import DICOMNetwork
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Store
import Workflow

/// Sends one destination's queue by C-STORE over one association, kept open while there is work.
/// An instance counts as sent only on a success (or warning) status; anything else is retried with
/// backoff, or marked failed when it can never succeed (no transfer syntax the stored one fits).
struct DICOMDestinationLane: Sendable {
    let name: String
    let destination: DICOMDestinationConfiguration
    let callingAETitle: String
    let store: any DICOMOutboxStore
    let instances: URL
    let signal: DICOMLaneSignal
    /// The headers each study's instances must carry now (see `DICOMHeaderCoercion`).
    let headers: @Sendable (Set<String>) async -> [String: DICOMHeaderCoercion]
    let logger: Logger

    private struct Prepared {
        let item: DICOMOutboxItem
        let file: DICOMFile
        let headers: String
    }

    /// Sends until the task is cancelled or the service group shuts down gracefully; at a graceful
    /// shutdown the C-STORE in flight finishes and is recorded, and the rest of the batch stays queued.
    func run() async {
        var association: DICOMAssociation?
        var proposed: [String: [String]] = [:]
        while true {
            // Read before the check: a shutdown after it wakes the signal, so the sleep below ends at once.
            let seen = await signal.generation
            if Task.isCancelled || Task.isShuttingDownGracefully { break }
            let due: [DICOMOutboxItem]
            do {
                due = try await store.dueDICOM(destination: name, now: Date(), limit: 64)
            } catch {
                logger.error("DICOM outbox \(name): \(error)")
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            if due.isEmpty {
                if let open = association { try? await open.release() }
                association = nil
                await signal.sleep(unlessWokenSince: seen, timeout: await sleepTime())
                continue
            }
            let batch = await prepare(due)
            if batch.isEmpty { continue }
            var wanted = Self.proposals(for: batch.map(\.file))
            if association == nil || !wanted.allSatisfy({ Set($0.value).isSubset(of: proposed[$0.key] ?? []) }) {
                if let open = association {
                    try? await open.release()
                    // Keep what the last association offered, so that mixed batches do not reopen each time.
                    wanted.merge(proposed) { mine, old in old + mine.filter { !old.contains($0) } }
                }
                association = nil
                do {
                    association = try await open(wanted)
                    proposed = wanted
                } catch {
                    let text = "association with \(destination.aet) at \(destination.host):\(destination.port) failed: \(error)"
                    for prepared in batch { await retry(prepared.item, error: text) }
                    continue
                }
            }
            guard let open = association else { continue }
            var sent: [(sopClassUID: String, sopInstanceUID: String)] = []
            for prepared in batch {
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                do {
                    let status = try await open.store(prepared.file)
                    if status.isSuccess || status.isWarning {
                        try await store.markDICOMSent(id: prepared.item.id, headers: prepared.headers)
                        sent.append((prepared.file.dataSet.string(.sopClassUID) ?? "", prepared.item.sopInstanceUID))
                    } else {
                        await retry(prepared.item, error: "C-STORE answered with failure status \(status)")
                    }
                } catch DICOMNetworkError.noAcceptedContext(let sopClass) {
                    await fail(prepared.item, error: "\(destination.aet) accepted no presentation context for SOP class \(sopClass) "
                               + "in a transfer syntax the stored \(prepared.file.transferSyntax.uid) fits")
                } catch {
                    await retry(prepared.item, error: "C-STORE failed: \(error)")
                    open.abort()
                    association = nil
                    break
                }
            }
            if destination.storageCommitment, !sent.isEmpty, let open = association { await requestCommitment(sent, over: open) }
            await requeueIfPatientChanged(batch)
        }
        if let open = association { try? await open.release() }
    }

    /// A patient update applied while the batch was in flight finds its rows not sent yet and
    /// leaves them; the batch then went with the old headers, so it goes again.
    private func requeueIfPatientChanged(_ batch: [Prepared]) async {
        let current = await headers(Set(batch.map(\.item.studyInstanceUID)))
        var requeued: Set<String> = []
        for prepared in batch {
            let study = prepared.item.studyInstanceUID
            guard let now = current[study]?.fingerprint, now != prepared.headers, requeued.insert(study).inserted else { continue }
            _ = try? await store.requeueDICOM(studyInstanceUID: study, unlessHeaders: now, reason: "patient information changed while it was sent")
        }
    }

    /// N-ACTION asking the destination to commit what was just sent; its N-EVENT-REPORT arrives
    /// at RadBridge's DICOM listener (`DICOMForwardingService.commitmentService`).
    private func requestCommitment(_ instances: [(sopClassUID: String, sopInstanceUID: String)], over association: DICOMAssociation) async {
        do {
            guard let context = association.context(for: StorageCommitmentService.sopClassUID) else {
                throw DICOMNetworkError.noAcceptedContext(StorageCommitmentService.sopClassUID)
            }
            let request = try StorageCommitmentService.actionRequest(
                contextID: context.id, messageID: association.nextMessageID(), transactionUID: UIDGenerator.make(),
                instances: instances, transferSyntax: context.syntax)
            let status = try await association.send(request).last?.status ?? .processingFailure
            if !status.isSuccess { throw DICOMForwardingError("N-ACTION answered with status \(status)") }
        } catch {
            logger.warning("storage commitment request to \(name) failed: \(error)")
        }
    }

    /// Reads each file and coerces its headers to the order's current values.
    private func prepare(_ items: [DICOMOutboxItem]) async -> [Prepared] {
        let coercions = await headers(Set(items.map(\.studyInstanceUID)))
        var prepared: [Prepared] = []
        for item in items {
            do {
                var file = try DICOMFile(bytes: [UInt8](Data(contentsOf: instances.appendingPathComponent(item.path))))
                var headers = ""
                if let coercion = coercions[item.studyInstanceUID] {
                    coercion.apply(to: &file.dataSet)
                    headers = coercion.fingerprint
                }
                prepared.append(Prepared(item: item, file: file, headers: headers))
            } catch {
                await fail(item, error: "stored instance \(item.path) cannot be read: \(error)")
            }
        }
        return prepared
    }

    /// One context per SOP class: the stored syntax, plus the uncompressed ones it converts to.
    static func proposals(for files: [DICOMFile]) -> [String: [String]] {
        var wanted: [String: [String]] = [:]
        for file in files {
            guard let sopClass = file.dataSet.string(.sopClassUID) else { continue }
            var syntaxes = wanted[sopClass] ?? []
            let own = file.transferSyntax.uid
            let candidates = file.transferSyntax.isEncapsulated ? [own]
                : [own, TransferSyntax.explicitVRLittleEndian.uid, TransferSyntax.implicitVRLittleEndian.uid]
            for syntax in candidates where !syntaxes.contains(syntax) { syntaxes.append(syntax) }
            wanted[sopClass] = syntaxes
        }
        return wanted
    }

    private func open(_ wanted: [String: [String]]) async throws -> DICOMAssociation {
        // Each syntax set in its own context: a peer accepts one transfer syntax per context.
        var entries: [(abstractSyntax: String, transferSyntaxes: [String])] = []
        for sopClass in wanted.keys.sorted() {
            for syntax in wanted[sopClass] ?? [] { entries.append((sopClass, [syntax])) }
        }
        if destination.storageCommitment {
            entries.append((StorageCommitmentService.sopClassUID,
                            [TransferSyntax.explicitVRLittleEndian.uid, TransferSyntax.implicitVRLittleEndian.uid]))
        }
        guard entries.count <= 128 else { throw DICOMForwardingError("more than 128 presentation contexts in one batch") }
        return try await DICOMAssociation.open(
            host: destination.host, port: destination.port, callingAETitle: callingAETitle, calledAETitle: destination.aet,
            proposals: DICOMAssociation.proposals(entries), timeout: .milliseconds(Int64(destination.timeout * 1000)),
            tls: try destination.tlsContext())
    }

    private func retry(_ item: DICOMOutboxItem, error: String) async {
        let attempts = item.attempts + 1
        logger.warning("DICOM forward of \(item.sopInstanceUID) to \(name), attempt \(attempts): \(error)")
        do {
            if let limit = destination.maxAttempts, attempts >= limit {
                try await store.markDICOMFailed(id: item.id, attempts: attempts, error: error)
            } else {
                let delay = destination.backoff.delay(afterAttempt: attempts)
                try await store.scheduleDICOMRetry(id: item.id, attempts: attempts, at: Date().addingTimeInterval(delay), error: error)
            }
        } catch {
            logger.error("DICOM outbox \(name): \(error)")
        }
    }

    private func fail(_ item: DICOMOutboxItem, error: String) async {
        logger.error("DICOM forward of \(item.sopInstanceUID) to \(name) failed for good: \(error)")
        try? await store.markDICOMFailed(id: item.id, attempts: item.attempts + 1, error: error)
    }

    private func sleepTime() async -> Duration {
        guard let due = try? await store.nextDICOMDueDate(destination: name) else { return .seconds(1) }
        let wait = due.timeIntervalSinceNow
        return .milliseconds(Int64(min(1, max(0.01, wait)) * 1000))
    }
}

struct DICOMForwardingError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
