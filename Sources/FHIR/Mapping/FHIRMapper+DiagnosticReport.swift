import Foundation
import Workflow

extension FHIRMapper {
    public var diagnosticReports: [DiagnosticReport] {
        state.reports.values.sorted { $0.id < $1.id }.compactMap { diagnosticReport($0) }
    }

    /// The current version, or version `version` (1-based, in the order received).
    public func diagnosticReport(id: String, version: Int? = nil) -> DiagnosticReport? {
        Int(id).flatMap { state.reports[$0] }.flatMap { diagnosticReport($0, version: version) }
    }

    /// Each received version (P, F, C, X) is a version of the resource: `meta.versionId` counts
    /// them, the status follows the version's result status.
    public func diagnosticReport(_ report: Report, version: Int? = nil) -> DiagnosticReport? {
        let index = (version ?? report.versions.count) - 1
        guard report.versions.indices.contains(index), let order = state.orders[report.orderID] else { return nil }
        let v = report.versions[index]
        var r = DiagnosticReport(id: String(report.id), status: Self.reportStatus(v.status), code: procedureConcept(order))
        r.meta = Meta(versionId: String(index + 1))
        r.identifier = [accessionIdentifier(order)]
        r.basedOn = [serviceRequestReference(order)]
        r.category = [CodeableConcept(coding: [Coding(system: FHIRSystems.diagnosticServiceSection, code: "RAD", display: "Radiology")])]
        r.subject = patientReference(order)
        r.effectiveDateTime = localTime(v.observedAt)
        r.issued = FHIRTime.instant(fromHL7: v.receivedAt, zone: "Z")
        if let name = HumanName(v.interpreter) { r.resultsInterpreter = [Reference(display: name.displayText)] }
        let findings = state.criticalResults.values.filter { $0.reportID == report.id }.sorted { $0.id < $1.id }
        if !findings.isEmpty { r.result = findings.map { Reference.to("Observation", String($0.id)) } }
        r.imagingStudy = [Reference.to("ImagingStudy", studyUID(of: order))]
        let impression = v.text(of: .impression)
        r.conclusion = impression.isEmpty ? nil : impression
        let codes = v.sections.filter { $0.kind == .impression || $0.kind == .findings }.flatMap(\.codes)
        if !codes.isEmpty { r.conclusionCode = codes.map(coded) }
        let text = v.sections.filter { !$0.text.isEmpty }
            .map { ($0.kind == .other ? "" : $0.kind.rawValue.uppercased() + ":\n") + $0.text.joined(separator: "\n") }
            .joined(separator: "\n\n")
        if !text.isEmpty {
            r.presentedForm = [Attachment(contentType: "text/plain; charset=utf-8", data: Data(text.utf8).base64EncodedString(), title: "Report")]
        }
        return r
    }

    /// OBR-25 / OBX-11 → diagnostic-report-status.
    public static func reportStatus(_ status: ResultStatus) -> String {
        switch status {
        case .preliminary: "preliminary"
        case .final: "final"
        case .corrected: "corrected"
        case .cannotObtain: "cancelled"
        }
    }
}
