import HL7

/// Reads one ORDER_OBSERVATION group of an ORU^R01 into a report version.
struct ReportParser {
    let configuration: WorkflowConfiguration

    enum Problem: Error {
        case missingStatus
        case unknownStatus(String, HL7ErrorLocation)
    }

    func version(of group: HL7OrderGroup, in message: HL7Message, at time: String) throws(Problem) -> ReportVersion {
        let obr = group.obr
        func first(_ element: HL7Element?) -> String { element?.firstValue ?? "" }
        let statusText = [first(obr?.field(25))] + group.observations.map { first($0.obx.field(11)) }
        guard let code = statusText.first(where: { !$0.isEmpty }) else { throw .missingStatus }
        guard let status = ResultStatus(rawValue: code) else {
            throw .unknownStatus(code, HL7ErrorLocation(segment: "OBR", field: 25))
        }
        var sections: [ReportSection] = []
        var flags: [String] = []
        var critical: [String] = []
        for observation in group.observations {
            let obx = observation.obx
            let type = first(obx.field(2))
            let identifier = CodedValue(element: obx.field(3))
            let kind = ReportSectionKind.of(code: identifier.code, configured: configuration.reportSections)
            var section = ReportSection(kind: kind, text: [], codes: [])
            for value in obx.field(5)?.repetitions ?? [] {
                switch type {
                case "CWE", "CE", "CNE":
                    let coded = CodedValue(element: value)
                    if !coded.isEmpty { section.codes.append(coded) }
                default:
                    let text = value.value
                    if !text.isEmpty { section.text.append(text) }
                }
            }
            let flag = (obx.field(8)?.repetitions ?? []).map(\.value).filter { !$0.isEmpty }
            flags += flag
            if let critical1 = flag.first(where: configuration.criticalFlags.contains) {
                critical.append("OBX-8 abnormal flag \(critical1) on \(identifier.code)")
            }
            if configuration.criticalFlagCodes.contains(identifier.code), section.codes.contains(where: { ["Y", "YES"].contains($0.code.uppercased()) }) {
                critical.append("critical-finding flag \(identifier.code)")
                section.kind = .other
            }
            for code in section.codes where configuration.criticalFindingCodes.contains(code.code) {
                critical.append("finding \(code.code) \(code.text) is on the critical list")
            }
            if !section.text.isEmpty || !section.codes.isEmpty { sections.append(section) }
        }
        return ReportVersion(
            status: status, receivedAt: time, controlID: message.header.controlID, observedAt: first(obr?.field(7)),
            interpreter: PersonName(xpn: obr?.field(32)?.child(1)?.child(1), offset: 1),
            sections: sections, abnormalFlags: flags, criticalReasons: critical)
    }
}
