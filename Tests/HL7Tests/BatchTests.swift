import Testing
@testable import HL7

@Suite struct BatchTests {
    @Test func envelopeSegmentsAndBlankLinesAreKept() throws {
        let bytes = Fixtures.bytes("own/batch_fhs_bhs_oru_v28.hl7")
        let batch = try HL7Batch(bytes: bytes)
        #expect(batch.messages.map(\.header.controlID) == ["B001-1", "B001-2"])
        #expect(batch.encoded() == bytes)
        let shapes = batch.chunks.map { chunk -> String in
            switch chunk {
            case .message(let m): return "message \(m.segmentCount)"
            case .other(let lines): return lines.map { String(decoding: $0.prefix(3), as: UTF8.self) }.joined(separator: ",")
            }
        }
        #expect(shapes == ["FHS,BHS", "message 4", "", "message 4", "BTS,FTS"])
        let second = batch.messages[1]
        #expect(second["OBR-3"] == "ACC301")
        #expect(HL7Validator.validate(second).isEmpty)
        #expect(HL7Acknowledgement.responses(to: second, outcome: .AA).isEmpty)
    }

    @Test func frameBytesAndByteOrderMarkAreDropped() throws {
        let message = Array("MSH|^~\\&|A|B|C|D|20260101||ADT^A08|1|P|2.5\rPID|1||X\r".utf8)
        let input = [0xEF, 0xBB, 0xBF, 0x0B] + message + [0x1C, 0x0D, 0x0B] + message + [0x1C, 0x0D]
        let batch = try HL7Batch(bytes: input)
        #expect(batch.messages.count == 2)
        #expect(batch.messages.allSatisfy { $0.encoded() == message })
    }

    @Test func refusesTextBeforeTheFirstHeader() {
        #expect(throws: HL7ParseError.self) { try HL7Batch(bytes: Array("hello\rMSH|^~\\&|A\r".utf8)) }
        #expect(throws: HL7ParseError.self) { try HL7Batch(bytes: Array("FHS|^~\\&|A\rFTS|0\r".utf8)) }
        #expect(throws: HL7ParseError.self) { try HL7Batch(bytes: Array(" \r\n\r".utf8)) }
    }

    @Test func unsupportedCharacterSetFixture() throws {
        let m = try Fixtures.message("own/unsupported_charset_8859_5.hl7")
        #expect(m.characterSet == .unsupported("8859/5"))
        #expect(HL7Validator.validate(m).map(\.code) == [.tableValueNotFound])
        let ack = HL7Acknowledgement.make(for: m, code: .AE, issues: HL7Validator.validate(m))
        #expect(ack["ERR-2"] == "MSH^1^18^1")
        #expect(ack["MSH-18"] == "8859/5")
    }
}
