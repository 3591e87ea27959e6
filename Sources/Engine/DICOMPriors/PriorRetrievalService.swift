import DICOM
import DICOMNetwork
import Foundation
import Logging
import NIOCore
import Store
import Synchronization
import Workflow

/// Priors that live in a PACS (`workflow.priorsFrom`): a study-level C-FIND lists a patient's
/// studies there, and a C-MOVE to RadBridge's own AE fetches one on demand. The PACS stores the
/// instances back over its own association to RadBridge's C-STORE SCP, where `divert` takes the
/// ones it is waiting for: they are kept as a cached copy (files under the instance directory and
/// rows in the DICOMweb index), not filed with an order, so they are never quarantined or forwarded.
public final class PriorRetrievalService: Sendable {
    /// The sources in configuration order.
    public let sources: [(name: String, destination: DICOMDestinationConfiguration)]
    private let callingAETitle: String
    private let store: any PriorRetrievalStore & InstanceIndexStore
    private let instances: URL?
    private let logger: Logger
    /// Retrievals under way: "calling AE|study UID" → how many wait for it, instances received so far.
    private let expected = Mutex<[String: (waiting: Int, received: Int)]>([:])

    public init(configuration: EngineConfiguration, store: any PriorRetrievalStore & InstanceIndexStore, instances: URL?,
                logger: Logger = Logger(label: "radbridge.priors")) {
        sources = configuration.workflow.priorsFrom.compactMap { name in configuration.dicomDestinations[name].map { (name, $0) } }
        callingAETitle = configuration.dicom.aeTitle
        self.store = store
        self.instances = instances
        self.logger = logger
    }

    // MARK: Query

    /// Each source's studies of these patient IDs (exact match, issuer checked when both sides have one),
    /// asked concurrently. A source that fails or does not answer in its `timeout` is in `problems`.
    public func studies(of identifiers: [PatientIdentifier], modality: String, since: String) async
        -> (studies: [PACSStudy], problems: [String: String])
    {
        let ids = identifiers.reduce(into: [String]()) { if !$0.contains($1.id) { $0.append($1.id) } }
        return await withTaskGroup(of: (String, Result<[PACSStudy], any Error>).self) { group in
            for (name, destination) in sources {
                group.addTask {
                    do {
                        return (name, .success(try await self.find(ids, modality: modality, since: since, in: name, destination)))
                    } catch {
                        return (name, .failure(error))
                    }
                }
            }
            var studies: [PACSStudy] = [], problems: [String: String] = [:]
            for await (name, result) in group {
                switch result {
                case .success(let found):
                    studies += found.filter { study in
                        identifiers.contains { $0.id == study.patientID && ($0.issuer.isEmpty || study.issuerOfPatientID.isEmpty || $0.issuer == study.issuerOfPatientID) }
                            && (modality.isEmpty || study.modalities.isEmpty || study.modalities.contains(modality))
                            && (since.isEmpty || study.performedAt >= since)
                    }
                case .failure(let error):
                    logger.warning("priors C-FIND at \(name) failed: \(error)")
                    problems[name] = Self.describe(error, destination: sources.first { $0.name == name }?.destination)
                }
            }
            return (studies, problems)
        }
    }

    private func find(_ patientIDs: [String], modality: String, since: String, in name: String,
                      _ destination: DICOMDestinationConfiguration) async throws -> [PACSStudy] {
        let association = try await open(destination, sopClass: DICOMAssociation.StudyRoot.find)
        // The whole query gets the destination's timeout: a PACS that accepts and then stalls is given up.
        let watchdog = Task {
            try await Task.sleep(for: .milliseconds(Int64(destination.timeout * 1000)))
            association.abort()
        }
        defer { watchdog.cancel() }
        var studies: [PACSStudy] = []
        for id in patientIDs {
            let (matches, status) = try await association.find(PACSStudyQuery.studies(patientID: id, modality: modality, since: since),
                                                               sopClassUID: DICOMAssociation.StudyRoot.find)
            guard status.isSuccess || status.isWarning else {
                association.abort()
                throw PriorQueryFailure("C-FIND answered status \(status)")
            }
            studies += matches.compactMap { PACSStudyQuery.study(from: $0, source: name) }
        }
        try? await association.release()
        return studies
    }

    // MARK: Retrieval

    /// Fetches a study by C-MOVE or C-GET (the destination's `retrieve`) from `source` (or from each source
    /// in turn until one has it).
    /// Returns once the PACS reports the move complete; by then every instance is stored locally.
    public func retrieve(studyInstanceUID uid: String, from source: String?) async throws(PriorRetrievalError) -> PriorRetrieval {
        let candidates = sources.filter { source == nil || $0.name == source }
        guard !candidates.isEmpty else { throw .unknownSource(source ?? "") }
        guard instances != nil else { throw .noInstanceDirectory }
        var failures: [String: String] = [:], misses: [String: String] = [:]
        for (name, destination) in candidates {
            let key = destination.aet + "|" + uid
            expected.withLock { $0[key, default: (0, 0)].waiting += 1 }
            // The instances received while this move ran (a concurrent move of the same study counts them too).
            func finish() -> Int {
                expected.withLock { table in
                    guard var entry = table[key] else { return 0 }
                    entry.waiting -= 1
                    table[key] = entry.waiting > 0 ? entry : nil
                    return entry.received
                }
            }
            let received: Int
            let result: RetrieveResult
            do {
                let association = destination.retrieve == "get"
                    ? try await DICOMAssociation.openForGet(
                        host: destination.host, port: destination.port, callingAETitle: callingAETitle, calledAETitle: destination.aet,
                        timeout: .milliseconds(Int64(destination.timeout * 1000)), tls: try destination.tlsContext()) { stored in
                            guard try await self.divert(stored) else {
                                throw DIMSEServiceError(status: .cannotUnderstand, comment: "not an instance of study \(uid)")
                            }
                        }
                    : try await open(destination, sopClass: DICOMAssociation.StudyRoot.move)
                do {
                    result = destination.retrieve == "get"
                        ? try await association.get(PACSStudyQuery.study(uid))
                        : try await association.move(PACSStudyQuery.study(uid), destination: callingAETitle)
                } catch {
                    association.abort()
                    throw error
                }
                try? await association.release()
                received = finish()
            } catch {
                _ = finish()
                logger.warning("prior retrieval of \(uid) from \(name) failed: \(error)")
                failures[name] = Self.describe(error, destination: destination)
                continue
            }
            let verb = destination.retrieve == "get" ? "C-GET" : "C-MOVE"
            let counts = "\(result.completed) completed, \(result.failed) failed, \(result.warning) warning sub-operations"
            if received > 0 && !result.status.isFailure {
                let retrieval = PriorRetrieval(studyInstanceUID: uid, source: name, instances: received, retrievedAt: Date())
                do {
                    try await store.recordPriorRetrieval(retrieval)
                } catch {
                    failures[name] = "received \(received) instances but could not record the retrieval: \(error)"
                    continue
                }
                if result.failed > 0 { logger.warning("prior retrieval of \(uid) from \(name): \(counts)") }
                return retrieval
            }
            let comment = result.errorComment.map { " (\($0))" } ?? ""
            if received == 0 && result.completed + result.warning > 0 {
                failures[name] = "\(verb) reports \(counts) but nothing arrived here: does \(destination.aet) know \(callingAETitle) "
                    + "(host and port of RadBridge's DICOM listener) and store as \(destination.aet)?"
            } else if result.completed + result.failed + result.warning > 0 {
                failures[name] = "\(verb) answered status \(result.status)\(comment): \(counts)"
            } else if result.status.isFailure, (try? await lists(uid, in: destination)) != false {
                // Some PACS (Orthanc) fail a retrieve of a study they do not have: the C-FIND tells which it was.
                failures[name] = "\(verb) answered status \(result.status)\(comment), nothing was sent"
            } else {
                misses[name] = "\(verb) answered status \(result.status)\(comment), nothing was sent; the PACS does not list the study"
            }
        }
        if failures.isEmpty { throw .notFound(misses) }
        throw .failed(failures.merging(misses) { a, _ in a })
    }

    /// Whether the PACS lists the study (study-level C-FIND on its UID).
    private func lists(_ uid: String, in destination: DICOMDestinationConfiguration) async throws -> Bool {
        let association = try await open(destination, sopClass: DICOMAssociation.StudyRoot.find)
        defer { association.abort() }
        var identifier = PACSStudyQuery.study(uid)
        identifier.set(.patientID, .LO, "")
        let (matches, status) = try await association.find(identifier, sopClassUID: DICOMAssociation.StudyRoot.find)
        guard status.isSuccess || status.isWarning else { throw PriorQueryFailure("C-FIND answered status \(status)") }
        return matches.contains { $0.string(.studyInstanceUID)?.trimmingCharacters(in: .whitespaces) == uid }
    }

    /// The C-STORE hook: takes an instance a PACS sends for a retrieval under way (by calling AE and
    /// study) and keeps it; returns false for anything else, which the workflow then receives as usual.
    public func divert(_ stored: StoredInstance) async throws -> Bool {
        let prefix = stored.callingAETitle + "|"
        guard expected.withLock({ $0.keys.contains { $0.hasPrefix(prefix) } }), let instances,
              let (instance, dataSet) = InstanceReception.identify(stored) else { return false }
        let key = prefix + instance.studyInstanceUID
        guard expected.withLock({ $0[key] != nil }) else { return false }
        let path = InstanceReception.relativePath(of: instance)
        let url = instances.appendingPathComponent(path)
        do {
            // A file RadBridge already holds (received from the modality) is the original: kept as it is, with its index row.
            let held = FileManager.default.fileExists(atPath: url.path)
            if !held { try InstanceReception.write(try stored.part10(), to: url) }
            try await store.indexInstance(IndexedInstance(instance, dataSet: dataSet, path: path), replacing: !held)
        } catch {
            throw DIMSEServiceError(status: .outOfResources, comment: "retrieved instance could not be kept")
        }
        expected.withLock { $0[key]?.received += 1 }
        return true
    }

    /// What RadBridge holds of a retrieved study: the retrieval records and the indexed instances.
    public func retrievedStudy(_ uid: String) async throws -> (retrievals: [PriorRetrieval], instances: [IndexedInstance])? {
        let retrievals = try await store.priorRetrievals(studyInstanceUIDs: [uid])
        guard !retrievals.isEmpty else { return nil }
        return (retrievals, try await store.indexedInstances(InstanceIndexQuery(studyInstanceUIDs: [uid])))
    }

    public func retrievals(of uids: [String]) async throws -> [PriorRetrieval] {
        try await store.priorRetrievals(studyInstanceUIDs: uids)
    }

    // MARK: Association

    private func open(_ destination: DICOMDestinationConfiguration, sopClass: String) async throws -> DICOMAssociation {
        let proposals = DICOMAssociation.proposals([(sopClass, [TransferSyntax.explicitVRLittleEndian.uid,
                                                                TransferSyntax.implicitVRLittleEndian.uid])])
        return try await DICOMAssociation.open(
            host: destination.host, port: destination.port, callingAETitle: callingAETitle, calledAETitle: destination.aet,
            proposals: proposals, timeout: .milliseconds(Int64(destination.timeout * 1000)), tls: try destination.tlsContext())
    }

    private static func describe(_ error: any Error, destination: DICOMDestinationConfiguration?) -> String {
        let peer = destination.map { "\($0.aet) at \($0.host):\($0.port)" } ?? "the PACS"
        switch error {
        case let failure as PriorQueryFailure: return "\(peer): \(failure.message)"
        case let network as DICOMNetworkError: return "association with \(peer) failed: \(network)"
        default: return "association with \(peer) failed: \(error)"
        }
    }
}

struct PriorQueryFailure: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
