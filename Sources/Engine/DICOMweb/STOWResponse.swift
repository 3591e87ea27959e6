import DICOM
import Foundation
import Hummingbird

/// The PS3.18 §10.5.3 store response: Referenced SOP Sequence (0008,1199) for what was stored,
/// Failed SOP Sequence (0008,1198) with a Failure Reason for the rest.
struct STOWResponse {
    var studyRetrieveURL: String?
    var referenced: [[String: Any]] = []
    var failed: [[String: Any]] = []
    /// Stored, but held in quarantine by the study-link safety rule.
    var quarantined: [String] = []
    /// Identical copies of filed instances: the filed copy is kept.
    var duplicates: [String] = []

    /// `warningReason`: Warning Reason (0008,1196), the C-STORE warning status.
    mutating func stored(sopClass: String, sopInstance: String, retrieveURL: String?, warningReason: UInt16? = nil) {
        var item: [String: Any] = ["00081150": ["vr": "UI", "Value": [sopClass]], "00081155": ["vr": "UI", "Value": [sopInstance]]]
        if let retrieveURL { item["00081190"] = ["vr": "UR", "Value": [retrieveURL]] }
        if let warningReason { item["00081196"] = ["vr": "US", "Value": [Int(warningReason)]] }
        referenced.append(item)
    }

    mutating func failed(sopClass: String?, sopInstance: String?, reason: UInt16) {
        var item: [String: Any] = ["00081197": ["vr": "US", "Value": [Int(reason)]]]
        if let sopClass, !sopClass.isEmpty { item["00081150"] = ["vr": "UI", "Value": [sopClass]] }
        if let sopInstance, !sopInstance.isEmpty { item["00081155"] = ["vr": "UI", "Value": [sopInstance]] }
        failed.append(item)
    }

    /// 200 when all were stored, 409 when none were, 202 otherwise (failures or quarantine warnings).
    var status: HTTPResponse.Status {
        if referenced.isEmpty { return .conflict }
        return failed.isEmpty && quarantined.isEmpty && duplicates.isEmpty ? .ok : .accepted
    }

    func response() -> Response {
        var object: [String: Any] = [:]
        if let studyRetrieveURL { object["00081190"] = ["vr": "UR", "Value": [studyRetrieveURL]] }
        if !referenced.isEmpty { object["00081199"] = ["vr": "SQ", "Value": referenced] }
        if !failed.isEmpty { object["00081198"] = ["vr": "SQ", "Value": failed] }
        var headers: HTTPFields = [.contentType: DICOMwebMedia.json]
        var warnings: [String] = []
        if !quarantined.isEmpty { warnings.append("quarantined (no matching order): \(quarantined.joined(separator: ", "))") }
        if !duplicates.isEmpty { warnings.append("already stored, identical copy discarded: \(duplicates.joined(separator: ", "))") }
        if !warnings.isEmpty { headers[.warning] = "299 RadBridge \"\(warnings.joined(separator: "; "))\"" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: DICOMJSON.data(object))))
    }
}

/// `HTTPFields.Element` is HTTPTypes' `HTTPField`, which Hummingbird does not re-export.
extension HTTPFields.Element.Name {
    static let warning = Self("Warning")!
}

enum DICOMwebMedia {
    static let json = "application/dicom+json"
    static let dicom = "application/dicom"
}
