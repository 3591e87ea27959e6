import Foundation
import Testing
@testable import HL7

@Suite struct RoundTripTests {
    @Test(arguments: Fixtures.wellFormedFiles)
    func reencodesByteIdentically(file: URL) throws {
        let input = Array(try Data(contentsOf: file))
        let batch = try HL7Batch(bytes: input)
        #expect(batch.encoded() == Fixtures.normalized(input), "\(file.lastPathComponent)")
        #expect(!batch.messages.isEmpty)
    }

    @Test func unmodifiedMessageReturnsItsOwnBytes() throws {
        let bytes = Fixtures.bytes("oru_r01_report_final.hl7")
        let message = try HL7Message(bytes: bytes)
        #expect(message.encoded() == bytes)
        #expect(message.segmentCount == 12)
    }

    @Test func lineFeedTerminatorsBecomeCarriageReturns() throws {
        let message = try HL7Message("MSH|^~\\&|A|B|C|D|20260101||ADT^A08|1|P|2.5\r\nEVN|A08|20260101\nPID|1||X\n")
        #expect(message.encoded() == Array("MSH|^~\\&|A|B|C|D|20260101||ADT^A08|1|P|2.5\rEVN|A08|20260101\rPID|1||X\r".utf8))
        #expect(message["PID-3"] == "X")
    }

    @Test func editingOneFieldChangesOnlyThatField() throws {
        let original = try Fixtures.message("orm_o01_new_ge_zds.hl7")
        var edited = original
        try edited.set("PID-5.1", to: "SMITH")
        let before = original.encoded(), after = edited.encoded()
        let old = Array("DOE^JANE".utf8), new = Array("SMITH^JANE".utf8)
        let at = try #require(before.firstRange(of: old))
        #expect(Array(after[..<at.lowerBound]) == Array(before[..<at.lowerBound]))
        #expect(Array(after[at.lowerBound..<(at.lowerBound + new.count)]) == new)
        #expect(Array(after[(at.lowerBound + new.count)...]) == Array(before[at.upperBound...]))
        #expect(edited["PID-5.1"] == "SMITH")
        #expect(edited["PID-5.2"] == "JANE")
    }

    @Test func editingEscapesDelimitersAndPadsMissingElements() throws {
        var message = try Fixtures.message("adt_a08_update.hl7")
        try message.set("PID-5.1", to: "O'NEIL & SONS^|~\\")
        #expect(message["PID-5.1"] == "O'NEIL & SONS^|~\\")
        #expect(message.segment(named: "PID")!.raw.contains("O'NEIL \\T\\ SONS\\S\\\\F\\\\R\\\\E\\"))
        try message.set("PV1-50[3].2", to: "new")
        #expect(message["PV1-50[3].2"] == "new")
        #expect(message["PV1-50[2]"] == "")
        #expect(message.segment(named: "PV1")!.raw.hasSuffix("|~~^new"))
        #expect(throws: HL7ParseError.self) { try message.set("ZZZ-1", to: "x") }
    }

    @Test func settingALineBreakRoundTrips() throws {
        var message = try Fixtures.message("oru_r01_report_final.hl7")
        let text = "Line one\nLine two\r\nEnd"
        try message.set("OBX[4]-5", to: text)
        #expect(message["OBX[4]-5"] == text)
        let reparsed = try HL7Message(bytes: message.encoded())
        #expect(reparsed["OBX[4]-5"] == text)
        #expect(reparsed.segmentCount == message.segmentCount)
    }

    @Test func appendsSegments() throws {
        var message = try Fixtures.message("orm_o01_siemens_zsi.hl7")
        try message.appendSegment("ZDS|1.2.3.4^RADBRIDGE^Application^DICOM")
        #expect(message["ZDS-1.1"] == "1.2.3.4")
        #expect(throws: HL7ParseError.self) { try message.appendSegment("ZX1|a\rZX2|b") }
    }
}
