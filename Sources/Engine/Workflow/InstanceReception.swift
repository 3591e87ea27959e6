import DICOM
import DICOMNetwork
import Foundation
import HL7
import Store
import Workflow

/// C-STORE reception for the workflow: each instance is written durably to a path no other instance
/// holds (`<study UID>/<series UID>/<SOP instance UID>.dcm` when it is to be filed,
/// `quarantine/<unique id>.dcm` otherwise, see `WorkflowService.claimInstancePath`), indexed, then
/// filed with its order, quarantined, or found to be an identical copy of a filed instance. The
/// modality gets its answer once all of that is durable. STOW-RS hands its instances to the same `receive`.
enum InstanceReception {
    /// An identical copy of a filed instance: the filed copy is kept, this one discarded. PS3.4 B.2.3
    /// has no duplicate status; "Elements Discarded" is the standard warning closest to what happened.
    static let duplicateStatus = DIMSEStatus(rawValue: 0xB006)
    static let duplicateComment = "identical instance already stored; this copy was discarded"

    /// `divert` may take an instance first (a prior study retrieved from a PACS) and return true.
    static func service(_ workflow: WorkflowService, directory: URL, index: (any InstanceIndexStore)? = nil,
                        divert: (@Sendable (StoredInstance) async throws -> Bool)? = nil) -> StorageService {
        StorageService.answering { stored in
            if let divert, try await divert(stored) { return .stored }
            let outcome = try await receive(stored, workflow: workflow, directory: directory, index: index)
            return outcome.duplicateInstance ? .warning(duplicateStatus, comment: duplicateComment) : .stored
        }
    }

    /// Writes, indexes (before filing, so a filed instance is always searchable) and files one instance.
    static func receive(_ stored: StoredInstance, workflow: WorkflowService, directory: URL,
                        index: (any InstanceIndexStore)?) async throws -> WorkflowOutcome {
        let identified: ReceivedInstance, dataSet: DataSet
        do {
            (identified, dataSet) = try decode(stored)
        } catch DICOMError.inflatedTooLarge(let limit) {
            throw DIMSEServiceError(status: .outOfResources, comment: "deflated data set inflates beyond \(limit) bytes")
        } catch {
            throw DIMSEServiceError(status: .cannotUnderstand, comment: "data set could not be read")
        }
        var instance = identified
        instance.contentDigest = SHA256.hex(Array(stored.transferSyntax.utf8), [0], stored.dataSet)
        let path = await workflow.claimInstancePath(for: instance)
        let url = directory.appendingPathComponent(path)
        let outcome: WorkflowOutcome
        do {
            try write(try stored.part10(), to: url)
            try await index?.indexInstance(IndexedInstance(instance, dataSet: dataSet, path: path), replacing: true)
            outcome = try await workflow.handle(.instanceReceived(instance, path: path, at: HL7Timestamp.now()))
        } catch {
            await workflow.releaseInstancePath(path)
            throw error as? DIMSEServiceError ?? DIMSEServiceError(status: .outOfResources, comment: "instance could not be recorded")
        }
        await workflow.releaseInstancePath(path)
        if outcome.duplicateInstance {
            // Nothing refers to this copy: an index row or file left by a failure here stays invisible.
            try? await index?.removeIndexedInstance(path: path)
            DurableFile.remove(url)
        }
        return outcome
    }

    /// The stored instance's identifying attributes and its decoded data set; nil when it cannot be read.
    static func identify(_ stored: StoredInstance) -> (ReceivedInstance, DataSet)? {
        try? decode(stored)
    }

    /// Decoded within the receiving side's bounds (`stored.decodingOptions`).
    private static func decode(_ stored: StoredInstance) throws -> (ReceivedInstance, DataSet) {
        guard let syntax = TransferSyntax(uid: stored.transferSyntax) else { throw DICOMError.unsupportedTransferSyntax(stored.transferSyntax) }
        let dataSet = try DataSet(decoding: stored.dataSet, transferSyntax: syntax, options: stored.decodingOptions)
        let instance = ReceivedInstance(
            patientID: dataSet.string(.patientID) ?? "", issuerOfPatientID: dataSet.string(.issuerOfPatientID) ?? "",
            accessionNumber: dataSet.string(.accessionNumber) ?? "", studyInstanceUID: dataSet.string(.studyInstanceUID) ?? "",
            seriesInstanceUID: dataSet.string(.seriesInstanceUID) ?? "", sopInstanceUID: stored.sopInstanceUID,
            sopClassUID: stored.sopClassUID, modality: dataSet.string(.modality) ?? "", callingAETitle: stored.callingAETitle)
        return (instance, dataSet)
    }

    /// `<study UID>/<series UID>/<SOP instance UID>.dcm` under the instance directory.
    static func relativePath(of instance: ReceivedInstance) -> String {
        [instance.studyInstanceUID, instance.seriesInstanceUID, instance.sopInstanceUID].map(safeName).joined(separator: "/") + ".dcm"
    }

    /// Whether the UID path names this instance alone: UIDs that `safeName` had to change could
    /// share it with another instance's.
    static func hasOwnUIDPath(_ instance: ReceivedInstance) -> Bool {
        [instance.studyInstanceUID, instance.seriesInstanceUID, instance.sopInstanceUID].allSatisfy { safeName($0) == $0 }
    }

    /// A path of its own for an instance that is not to be filed at its UID path (no UID path is
    /// ever named `quarantine`: UID path components are digits and dots, or `unknown`).
    static func quarantinePath() -> String {
        "quarantine/" + UUID().uuidString.lowercased() + ".dcm"
    }

    /// UIDs are digits and dots; anything else (or nothing) becomes a harmless name.
    static func safeName(_ uid: String) -> String {
        let kept = uid.filter { $0.isASCII && ($0.isNumber || $0 == ".") }
        return kept.isEmpty || kept.hasPrefix(".") ? "unknown" : kept
    }

    /// Durable (file and new directories fsynced) and private (0600 files, 0700 directories).
    static func write(_ bytes: [UInt8], to url: URL) throws {
        do {
            try DurableFile.write(bytes, to: url)
        } catch {
            throw DIMSEServiceError(status: .outOfResources, comment: "could not write instance")
        }
    }
}
