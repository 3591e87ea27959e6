import Engine
import Foundation
import HL7
import Workflow

/// The shipped profiles and the sample orders written from their descriptions.
enum ProfileFixtures {
    static let catalog: ProfileCatalog = {
        ProfileCatalog(profiles: (try? ProfileLibrary.shipped()) ?? [], inboundRules: [
            InboundProfileRule(sendingApplication: "CENTRICITY", profile: "ge-centricity"),
            InboundProfileRule(sendingApplication: "SYNGO", profile: "siemens-syngo"),
            InboundProfileRule(sendingApplication: "ISPACS", profile: "philips-intellispace"),
            InboundProfileRule(sendingApplication: "IHE_OF", profile: "ihe-swf"),
        ])
    }()

    static func profile(_ name: String) -> InterfaceProfile { catalog.profile(named: name)! }

    static func fixture(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/hl7/\(name)")
        return try String(contentsOf: url, encoding: .utf8)
    }

    static func message(_ name: String, replacing edits: [(String, String)] = []) throws -> HL7Message {
        var text = try fixture(name)
        for (old, new) in edits {
            precondition(text.contains(old), "fixture \(name) has no '\(old)'")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return try HL7Message(text)
    }

    static let geStudyUID = "1.2.840.113619.2.55.3.2831164356.789.1732264700.1"

    /// An IHE SWF RAD-4 order: accession in OBR-18, requested procedure and step IDs in OBR-19/20.
    static let iheOrder = [
        "MSH|^~\\&|IHE_OF|GENHOSP|RADBRIDGE|RAD|20261122090000||ORM^O01|IHE0001|P|2.3.1",
        "PID|1||MRN200001^^^GENHOSP^MR||ROE^RICHARD||19600101|M",
        "ORC|NW|PL9001^OP|IHEACC1^DSS||SC||^^^20261122100000^^R",
        "OBR|1|PL9001^OP|IHEACC1^DSS|MRBRAIN^MR Brain without contrast^L||||||||||||||IHEACC1|RP9001|SPS9001||||MR|||^^^20261122100000^^R",
    ].joined(separator: "\r") + "\r"
}
