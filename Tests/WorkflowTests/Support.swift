import Foundation
import HL7
@testable import Workflow

enum Samples {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/hl7")

    static func message(_ name: String) throws -> HL7Message {
        try HL7Message(bytes: Array(Data(contentsOf: folder.appendingPathComponent(name))))
    }

    /// A message from text with `\n` between segments, for readability.
    static func text(_ er7: String) throws -> HL7Message {
        try HL7Message(er7.replacingOccurrences(of: "\n", with: "\r") + "\r")
    }
}
