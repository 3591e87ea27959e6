import Foundation
@testable import HL7
import TestSupport
import Testing

/// Random and mutated input must never crash or hang the decoder: every result is a message or an
/// `HL7ParseError`, and whatever parses can be read, validated, acknowledged and re-encoded.
@Suite struct FuzzTests {
    static let interesting: [UInt8] = Array("|^~\\&#\r\nMSH".utf8) + [0x00, 0x0B, 0x1C, 0xFF, 0xEF, 0xBB, 0xBF]

    static func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...8, using: &rng) {
            let choice = Int.random(in: 0..<6, using: &rng)
            let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
            switch choice {
            case 0 where !bytes.isEmpty: bytes[at] = UInt8.random(in: 0...255, using: &rng)
            case 1: bytes.insert(interesting.randomElement(using: &rng)!, at: at)
            case 2 where !bytes.isEmpty: bytes.remove(at: at)
            case 3: bytes = Array(bytes.prefix(at))
            case 4 where !bytes.isEmpty:
                let end = min(bytes.count, at + Int.random(in: 1...40, using: &rng))
                bytes.insert(contentsOf: bytes[at..<end], at: at)
            default: if !bytes.isEmpty { bytes[at] = interesting.randomElement(using: &rng)! }
            }
        }
        return bytes
    }

    static func exercise(_ bytes: [UInt8]) {
        let paths = ["MSH-9.2", "PID-3[2].4", "OBX[3]-5", "PID-5.1.1", "ZDS-1", "OBR-4.2"].map { try! HL7Path($0) }
        do {
            let batch = try HL7Batch(bytes: bytes)
            _ = batch.encoded()
            for var message in batch.messages {
                for path in paths { _ = message.value(at: path) }
                for segment in message.segments {
                    for field in segment.fields { for rep in field.children { for c in rep.children { _ = c.children.map(\.value) } } }
                }
                let issues = HL7Validator.validate(message)
                _ = HL7Acknowledgement.responses(to: message, outcome: HL7AckCode.outcome(for: issues), issues: issues)
                _ = message.orderGroups
                _ = message.jsonTree()
                let reparsed = try HL7Message(bytes: message.encoded())
                #expect(reparsed.encoded() == message.encoded())
                try? message.set(paths[1], to: "x|y")
            }
        } catch {
            _ = HL7Acknowledgement.reject(unparseable: bytes, error: error)
        }
    }

    @Test func mutatedFixturesNeverCrash() async throws {
        try await offPool {
            var rng = SplitMix64(seed: 0x5EED_2026)
            let seeds = Fixtures.wellFormedFiles.map { Array(try! Data(contentsOf: $0)) }
            for round in 0..<6_000 {
                let seed = seeds[round % seeds.count]
                Self.exercise(Self.mutate(seed, &rng))
            }
        }
    }

    @Test func randomBytesNeverCrash() async throws {
        try await offPool {
            var rng = SplitMix64(seed: 42)
            for _ in 0..<3_000 {
                let length = Int.random(in: 0...300, using: &rng)
                var bytes = (0..<length).map { _ in Self.interesting.randomElement(using: &rng)! }
                if Bool.random(using: &rng) { bytes = Array("MSH|^~\\&|".utf8) + bytes }
                Self.exercise(bytes)
            }
        }
    }

    /// Property: for generated well-formed messages, parse ∘ encode is the identity and a value
    /// set at a generated path reads back unchanged.
    @Test func generatedMessagesRoundTrip() async throws {
        try await offPool { try Self.generatedMessagesRoundTrip() }
    }

    static func generatedMessagesRoundTrip() throws {
        var rng = SplitMix64(seed: 7)
        let alphabet = Array("ABCXYZ019 .-_/'é山|^~\\&\n".unicodeScalars)
        func text(_ n: Int) -> String {
            String(String.UnicodeScalarView((0..<n).map { _ in alphabet.randomElement(using: &rng)! }))
        }
        for _ in 0..<500 {
            var message = try HL7Message("MSH|^~\\&|A|B|C|D|20260101||ORU^R01|1|P|2.5.1||||||UNICODE UTF-8\rPID|1\rOBX|1|TX\r")
            var expected: [HL7Path: String] = [:]
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let seg = ["PID", "OBX"].randomElement(using: &rng)!
                let path = try HL7Path(segment: seg, field: Int.random(in: 3...12, using: &rng),
                                       repetition: Int.random(in: 1...3, using: &rng),
                                       component: Int.random(in: 1...4, using: &rng),
                                       subcomponent: Int.random(in: 1...2, using: &rng))
                let value = text(Int.random(in: 0...12, using: &rng))
                try message.set(path, to: value)
                expected = expected.filter { !overlaps($0.key, path) }
                expected[path] = value
            }
            let reparsed = try HL7Message(bytes: message.encoded())
            #expect(reparsed.encoded() == message.encoded())
            for (path, value) in expected {
                #expect(reparsed.value(at: path) ?? "" == value, "\(path)")
            }
        }
    }

    private static func overlaps(_ a: HL7Path, _ b: HL7Path) -> Bool {
        a.segment == b.segment && a.field == b.field && a.repetition == b.repetition && a.component == b.component
    }
}
