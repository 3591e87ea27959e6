import Engine
import Foundation
import HL7
import MLLP
import Store
import Testing

/// Real-world messages from other projects, sent one frame each over a real MLLP socket: a default
/// (lenient) engine accepts every message it can process, with its warnings journaled; `strict`
/// answers as validation did before policies existed. The shared corpus (`../shared`, including
/// files we may read but not copy) when present, else the permissive copies in Tests/Fixtures.
@Suite(.serialized) struct PublicCorpusIntakeTests {
    static let shared = Paths.repository.deletingLastPathComponent().appendingPathComponent("shared/samples/public/hl7")
    static var folder: URL {
        FileManager.default.fileExists(atPath: shared.path) ? shared : Paths.fixtures.appendingPathComponent("public")
    }

    /// One MLLP frame: a message of a file, or the whole file when it does not parse.
    struct Frame: CustomStringConvertible {
        var file: String
        var bytes: [UInt8]
        var message: HL7Message?
        /// MSH-9 and MSH-10 valued, delimiters legal (it parsed): what every policy must accept.
        var processable: Bool { message.map { !$0.header.messageCode.isEmpty && !$0.header.controlID.isEmpty } ?? false }
        var description: String { message.map { "\(file) \($0.header.controlID)" } ?? file }
    }

    static func frames() throws -> [Frame] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".hl7") }.sorted()
        var frames: [Frame] = []
        for name in names {
            let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
            if let batch = try? HL7Batch(bytes: bytes), !batch.messages.isEmpty {
                frames += batch.messages.map { Frame(file: name, bytes: $0.encoded(), message: $0) }
            } else {
                frames.append(Frame(file: name, bytes: bytes.filter { $0 != 0x0B && $0 != 0x1C }, message: nil))
            }
        }
        return frames
    }

    /// Each frame on its own connection; nil when no reply came (MSH-15 NE asks for none).
    static func send(_ frames: [Frame], to engine: RunningEngine) async throws -> [HL7Message?] {
        var replies: [HL7Message?] = []
        for frame in frames {
            let expectsReply = frame.message.map { !HL7Acknowledgement.responses(to: $0, outcome: .AA).isEmpty } ?? true
            let client = try await MLLPClient.connect(host: "127.0.0.1", port: engine.mllpPort)
            let reply = try? await client.send(frame.bytes, timeout: expectsReply ? .seconds(10) : .milliseconds(500))
            await client.close()
            replies.append(try reply.map { try HL7Message(bytes: $0) })
        }
        return replies
    }

    @Test func aDefaultEngineAcceptsEveryMessageItCanProcess() async throws {
        let frames = try Self.frames()
        #expect(frames.filter(\.processable).count >= 40, "\(frames.count) frames")
        let engine = try await RunningEngine.start()
        defer { Task { await engine.stop() } }
        let replies = try await Self.send(frames, to: engine)

        var accepted = 0, withWarnings = 0
        for (frame, reply) in zip(frames, replies) {
            let code = reply?["MSA-1"]
            if frame.processable {
                let owed = HL7Acknowledgement.responses(to: frame.message!, outcome: .AA).first?["MSA-1"]
                #expect(code == owed, "\(frame): \(reply.map { String(decoding: $0.encoded(), as: UTF8.self) } ?? "no reply")")
                if code == owed { accepted += 1 }
                // Every ERR of an accepted message is a warning.
                #expect(reply?.segments(named: "ERR").allSatisfy { $0.field(4)?.raw ?? "W" == "W" } ?? true, "\(frame)")
            } else {
                #expect(code == "AR" || code == "AE", "\(frame) must be refused")
            }
        }

        // Nothing lost: one journal entry per frame, refused ones as rejected with a reason.
        let journal = try await engine.store.journalEntries(JournalQuery(limit: 10_000)).reversed().map { $0 }
        #expect(journal.count == frames.count)
        for (frame, entry) in zip(frames, journal) {
            if frame.processable {
                #expect(entry.status == .accepted || entry.status == .duplicate, "\(frame): \(entry.error ?? "")")
                if !entry.warnings.isEmpty { withWarnings += 1 }
            } else {
                #expect(entry.status == .rejected && !(entry.error ?? "").isEmpty, "\(frame)")
            }
        }
        #expect(withWarnings > 0)
        print("public corpus over MLLP (lenient): \(frames.count) frames from \(Set(frames.map(\.file)).count) files, "
              + "\(frames.filter(\.processable).count) processable, \(accepted) accepted, \(withWarnings) with warnings")

        // Warnings name fields and rules, never values: no birth date of the corpus appears in them.
        let birthDates = Set(frames.compactMap { $0.message?["PID-7.1"] }.filter { $0.count >= 6 })
        let texts = journal.flatMap(\.warnings).map(\.text)
        #expect(!birthDates.isEmpty)
        #expect(!texts.contains { text in birthDates.contains { text.contains($0) } })

        // The per-sender counts add up to the journal's.
        let (status, json) = try await engine.http("GET", "/api/senders")
        #expect(status == 200)
        let senders = try #require(json as? [[String: Any]])
        #expect(senders.reduce(0) { $0 + ($1["messages"] as? Int ?? 0) } == journal.count)
        #expect(senders.reduce(0) { $0 + ($1["withWarnings"] as? Int ?? 0) } == journal.filter { !$0.warnings.isEmpty }.count)
        await engine.stop()
    }

    @Test func strictGivesTheAnswersOfValidationWithoutPolicies() async throws {
        let frames = try Self.frames()
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: "validation: { default: strict }"))
        defer { Task { await engine.stop() } }
        let replies = try await Self.send(frames, to: engine)
        var refused: [String] = []
        for (frame, reply) in zip(frames, replies) {
            guard let message = frame.message else {
                #expect(reply?["MSA-1"] == "AR", "\(frame)")
                continue
            }
            // What validation answered before policies: AR for type/event/processing ID/version, AE for other errors.
            let errors = HL7Validator.validate(message).filter { $0.severity == .error }
            let code = reply?["MSA-1"]
            if !errors.isEmpty {
                let expected = HL7AckCode.outcome(for: errors)
                let owed = HL7Acknowledgement.responses(to: message, outcome: expected).first?["MSA-1"]
                #expect(code == owed, "\(frame): \(errors)")
                refused.append(frame.description)
            }
        }
        #expect(refused.sorted() == Self.refusedWhenStrict(in: frames), "\(refused.sorted())")
        await engine.stop()
    }

    /// Today's AE/AR set under strict validation, found with `radbridge hl7 ack` before policies existed.
    static func refusedWhenStrict(in frames: [Frame]) -> [String] {
        frames.map(\.description).filter { strictBaseline.contains($0) }.sorted()
    }

    static let strictBaseline: Set<String> = []
}
