import Engine
import Foundation
import Logging
import Synchronization
import Testing

/// Log lines name what traces a message (control ID, type, peer, codes and places), never
/// demographics: not the birth date a validation error quotes.
@Suite struct LogPrivacyTests {
    final class Capture: Sendable {
        let lines = Mutex<[String]>([])
        var all: String { lines.withLock { $0.joined(separator: "\n") } }
    }

    struct Handler: LogHandler {
        let capture: Capture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
                 file: String, function: String, line: UInt) {
            let fields = (metadata ?? [:]).merging(self.metadata) { a, _ in a }
            capture.lines.withLock { $0.append("\(level) \(message) \(fields)") }
        }
    }

    /// Refused (strict) or accepted with a warning (lenient, the default): either way the value is in
    /// the ACK, not in the log.
    @Test(arguments: ["strict", "lenient"]) func validationAndRefusalTextsStayOutOfTheLog(policy: String) async throws {
        let capture = Capture()
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: "validation: { default: \(policy) }"),
                                                   logger: Logger(label: "radbridge") { _ in Handler(capture: capture) })
        defer { Task { await engine.stop() } }
        let register = try String(contentsOfFile: Paths.fixture("adt_a04_register.hl7"), encoding: .utf8)
        // An impossible birth date.
        let badDate = register.replacingOccurrences(of: "19710415", with: "19711341").replacingOccurrences(of: "ADT0001", with: "ADT0PHI1")
        let reply = try await engine.send(badDate)
        if policy == "strict" {
            #expect(reply.contains("MSA|AE|") || reply.contains("MSA|AR|") || reply.contains("MSA|CE|") || reply.contains("MSA|CR|"), "\(reply)")
        } else {
            #expect((reply.contains("MSA|AA|") || reply.contains("MSA|CA|")) && reply.contains("PID^1^7"), "\(reply)")
        }
        let log = capture.all
        #expect(log.contains("ADT0PHI1"), "the problem is logged with its control ID: \(log)")
        #expect(!log.contains("19711341"), "\(log)")
        #expect(!log.contains("DOE"), "\(log)")
    }
}
