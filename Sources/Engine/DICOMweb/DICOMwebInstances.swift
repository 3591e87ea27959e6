import DICOM
import Foundation
import Workflow

/// The filed instances a DICOMweb request may see: those the workflow linked to an order.
/// Quarantined instances stay invisible until an operator files them.
struct DICOMwebInstances {
    let state: WorkflowState
    let directory: URL

    struct Located {
        let studyInstanceUID: String
        let seriesInstanceUID: String
        let sopInstanceUID: String
        let url: URL
    }

    /// Instances of a study, optionally narrowed to a series and an instance, in series then SOP order;
    /// throws 404 when the study, series or instance is not known.
    func locate(study: String, series: String? = nil, instance: String? = nil) throws -> [Located] {
        guard let record = state.studies[study] else {
            throw DICOMwebError(.notFound, "No such study", detail: "no filed study has Study Instance UID \(study)")
        }
        var found = record.instances.values.filter { series == nil || $0.seriesInstanceUID == series }
        if found.isEmpty { throw DICOMwebError(.notFound, "No such series", detail: "study \(study) has no series \(series ?? "")") }
        if let instance { found = found.filter { $0.sopInstanceUID == instance } }
        if found.isEmpty { throw DICOMwebError(.notFound, "No such instance", detail: "series \(series ?? "") has no instance \(instance ?? "")") }
        return found.sorted { ($0.seriesInstanceUID, $0.sopInstanceUID) < ($1.seriesInstanceUID, $1.sopInstanceUID) }.map {
            Located(studyInstanceUID: study, seriesInstanceUID: $0.seriesInstanceUID, sopInstanceUID: $0.sopInstanceUID,
                    url: directory.appendingPathComponent($0.path))
        }
    }

    static func read(_ located: Located) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: located.url.path) else {
            throw DICOMwebError(.unreadable, "Instance file missing", detail: "instance \(located.sopInstanceUID) could not be read")
        }
        return [UInt8](data)
    }

    /// `bytes`: the file when the caller already read it.
    static func file(_ located: Located, bytes: [UInt8]? = nil) throws -> DICOMFile {
        do {
            return try DICOMFile(bytes: try bytes ?? read(located))
        } catch let problem as DICOMwebError {
            throw problem
        } catch {
            throw DICOMwebError(.unreadable, "Instance unreadable", detail: "instance \(located.sopInstanceUID): \(error)")
        }
    }
}
