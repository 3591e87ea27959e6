import DICOM
import DICOMNetwork
import Foundation
import Store
import Workflow

/// STOW-RS: each Part 10 instance of a `multipart/related; type="application/dicom"` body goes
/// through the same reception as C-STORE (write, index, link or quarantine).
struct DICOMwebStow {
    let workflow: WorkflowService
    let directory: URL
    let index: any InstanceIndexStore
    let baseURL: String

    /// PS3.18 failure reasons (and the PS3.4 C-STORE statuses they share).
    enum Reason {
        static let processingFailure: UInt16 = 0x0110
        static let sopClassNotSupported: UInt16 = 0x0122
        static let doesNotMatch: UInt16 = 0xA900
        static let cannotUnderstand: UInt16 = 0xC000
    }

    /// The parts of a body `spool` holds (it was read whole and parsed): each read back and stored
    /// in turn, then dropped, so that one part at a time is in memory.
    func store(_ spool: STOWSpool, study: String?) async -> STOWResponse {
        var response = STOWResponse()
        if let study { response.studyRetrieveURL = "\(baseURL)/studies/\(study)" }
        for (index, part) in spool.parts.enumerated() {
            if let type = part.contentType, MultipartRelated.mediaType(type).type != DICOMwebMedia.dicom {
                response.failed(sopClass: nil, sopInstance: nil, reason: Reason.cannotUnderstand)
                continue
            }
            let bytes: [UInt8]
            do {
                bytes = try spool.take(index) ?? []
            } catch {
                response.failed(sopClass: nil, sopInstance: nil, reason: Reason.processingFailure)
                continue
            }
            await store(bytes, study: study, into: &response)
        }
        return response
    }

    private func store(_ bytes: [UInt8], study: String?, into response: inout STOWResponse) async {
        guard let file = try? DICOMFile(bytes: bytes) else {
            response.failed(sopClass: nil, sopInstance: nil, reason: Reason.cannotUnderstand)
            return
        }
        let sopClass = file.meta.string(.mediaStorageSOPClassUID) ?? file.dataSet.string(.sopClassUID) ?? ""
        let sopInstance = file.dataSet.string(.sopInstanceUID) ?? ""
        let studyUID = file.dataSet.string(.studyInstanceUID) ?? ""
        guard [sopClass, sopInstance, studyUID, file.dataSet.string(.seriesInstanceUID) ?? ""].allSatisfy(DICOMwebUID.isValid),
              sopInstance == file.meta.string(.mediaStorageSOPInstanceUID) ?? sopInstance else {
            response.failed(sopClass: sopClass, sopInstance: sopInstance, reason: Reason.cannotUnderstand)
            return
        }
        if let study, study != studyUID {
            response.failed(sopClass: sopClass, sopInstance: sopInstance, reason: Reason.doesNotMatch)
            return
        }
        guard StorageService(sink: { _ in }).accepts(sopClassUID: sopClass) else {
            response.failed(sopClass: sopClass, sopInstance: sopInstance, reason: Reason.sopClassNotSupported)
            return
        }
        // The data set as sent when the file is standard; clients that omit the preamble (dicomweb-client
        // writes pydicom data sets as they are) get it re-encoded, losslessly, in its own syntax.
        var syntax = file.transferSyntax
        let dataSet: [UInt8]
        if let start = Self.dataSetOffset(bytes) {
            dataSet = Array(bytes[start...])
        } else if let encoded = try? file.dataSet.encoded(transferSyntax: syntax) {
            dataSet = encoded
        } else if let encoded = try? file.dataSet.encoded(transferSyntax: .explicitVRLittleEndian) {
            (dataSet, syntax) = (encoded, .explicitVRLittleEndian)
        } else {
            response.failed(sopClass: sopClass, sopInstance: sopInstance, reason: Reason.cannotUnderstand)
            return
        }
        let stored = StoredInstance(sopClassUID: sopClass, sopInstanceUID: sopInstance, transferSyntax: syntax.uid,
                                    callingAETitle: "STOW-RS", dataSet: dataSet)
        do {
            let outcome = try await InstanceReception.receive(stored, workflow: workflow, directory: directory, index: index)
            if outcome.duplicateInstance {
                response.duplicates.append(sopInstance)
                response.stored(sopClass: sopClass, sopInstance: sopInstance,
                                retrieveURL: "\(baseURL)/studies/\(studyUID)/series/\(file.dataSet.string(.seriesInstanceUID) ?? "")/instances/\(sopInstance)",
                                warningReason: InstanceReception.duplicateStatus.rawValue)
            } else if outcome.quarantined > 0 {
                response.quarantined.append(sopInstance)
                response.stored(sopClass: sopClass, sopInstance: sopInstance, retrieveURL: nil)
            } else {
                response.stored(sopClass: sopClass, sopInstance: sopInstance,
                                retrieveURL: "\(baseURL)/studies/\(studyUID)/series/\(file.dataSet.string(.seriesInstanceUID) ?? "")/instances/\(sopInstance)")
            }
        } catch let error as DIMSEServiceError {
            response.failed(sopClass: sopClass, sopInstance: sopInstance, reason: error.status.rawValue)
        } catch {
            response.failed(sopClass: sopClass, sopInstance: sopInstance, reason: Reason.processingFailure)
        }
    }

    /// Where the data set starts: after the preamble, "DICM" and the meta group its (0002,0000) length covers.
    static func dataSetOffset(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 144, Array(bytes[128..<132]) == Array("DICM".utf8),
              bytes[132] == 0x02, bytes[133] == 0x00, bytes[134] == 0x00, bytes[135] == 0x00,
              bytes[136] == 0x55, bytes[137] == 0x4C else { return nil }  // (0002,0000) UL
        let length = Int(bytes[140]) | Int(bytes[141]) << 8 | Int(bytes[142]) << 16 | Int(bytes[143]) << 24
        let start = 144 + length
        return start <= bytes.count ? start : nil
    }
}
