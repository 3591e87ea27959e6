import DICOM
import DICOMNetwork
import Foundation
import HL7
import Store
import Workflow

/// C-STORE reception for the workflow: each instance is written under
/// `<directory>/<study UID>/<series UID>/<SOP instance UID>.dcm`, then filed with its order or
/// quarantined by the workflow. The modality gets Success once both are durable.
/// STOW-RS hands its instances to the same `receive`.
enum InstanceReception {
    /// `divert` may take an instance first (a prior study retrieved from a PACS) and return true.
    static func service(_ workflow: WorkflowService, directory: URL, index: (any InstanceIndexStore)? = nil,
                        divert: (@Sendable (StoredInstance) async throws -> Bool)? = nil) -> StorageService {
        StorageService { stored in
            if let divert, try await divert(stored) { return }
            _ = try await receive(stored, workflow: workflow, directory: directory, index: index)
        }
    }

    /// Writes, indexes (before filing, so a filed instance is always searchable) and files one instance.
    static func receive(_ stored: StoredInstance, workflow: WorkflowService, directory: URL,
                        index: (any InstanceIndexStore)?) async throws -> WorkflowOutcome {
        guard let (instance, dataSet) = identify(stored) else {
            throw DIMSEServiceError(status: .cannotUnderstand, comment: "data set could not be read")
        }
        let path = relativePath(of: instance)
        try write(try stored.part10(), to: directory.appendingPathComponent(path))
        do {
            try await index?.indexInstance(IndexedInstance(instance, dataSet: dataSet))
            return try await workflow.handle(.instanceReceived(instance, path: path, at: HL7Timestamp.now()))
        } catch {
            throw DIMSEServiceError(status: .outOfResources, comment: "instance could not be recorded")
        }
    }

    /// The stored instance's identifying attributes and its decoded data set; nil when it cannot be read.
    static func identify(_ stored: StoredInstance) -> (ReceivedInstance, DataSet)? {
        guard let syntax = TransferSyntax(uid: stored.transferSyntax),
              let dataSet = try? DataSet(decoding: stored.dataSet, transferSyntax: syntax) else { return nil }
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

    /// UIDs are digits and dots; anything else (or nothing) becomes a harmless name.
    static func safeName(_ uid: String) -> String {
        let kept = uid.filter { $0.isASCII && ($0.isNumber || $0 == ".") }
        return kept.isEmpty || kept.hasPrefix(".") ? "unknown" : kept
    }

    static func write(_ bytes: [UInt8], to url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw DIMSEServiceError(status: .outOfResources, comment: "could not write instance")
        }
    }
}
