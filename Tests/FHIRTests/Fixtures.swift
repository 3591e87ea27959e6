import FHIR
import Foundation
import HL7
import Workflow

/// A workflow state built from the HL7 fixtures, the way the engine builds it.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/hl7")
    static let studyUID = "1.2.840.113619.2.55.3.2831164356.789.1732264700.1"
    static let settings = FHIRSettings(localTimeZone: "Z")

    static func message(_ name: String) throws -> HL7Message {
        try HL7Message(bytes: Array(Data(contentsOf: directory.appendingPathComponent(name))))
    }

    /// Processes the fixtures in order; every one must be accepted.
    static func processor(_ names: [String]) throws -> WorkflowProcessor {
        var processor = WorkflowProcessor()
        for (n, name) in names.enumerated() {
            let outcome = processor.process(try message(name), at: "2026112208\(String(format: "%02d", 40 + n))00")
            guard outcome.code == .AA else { throw FixtureError(text: "\(name): \(outcome.issues.map(\.description))") }
        }
        return processor
    }

    struct FixtureError: Error, CustomStringConvertible { let text: String; var description: String { text } }

    static let ordered = ["adt_a04_register.hl7", "orm_o01_new_ge_zds.hl7", "orm_o01_siemens_zsi.hl7"]
    static let reported = ordered + ["oru_r01_report_preliminary.hl7", "oru_r01_report_final.hl7", "oru_r01_report_corrected.hl7"]

    static func json(_ value: some Encodable) throws -> [String: Any] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try JSONSerialization.jsonObject(with: encoder.encode(value)) as! [String: Any]
    }
}
