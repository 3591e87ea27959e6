import Testing
@testable import HL7

@Suite struct DelimiterTests {
    @Test func customDelimitersFromMSH() throws {
        let message = try Fixtures.message("edge/custom_delimiters.hl7")
        #expect(message.delimiters == HL7Delimiters(field: UInt8(ascii: "#"), component: UInt8(ascii: "$"),
                                                    repetition: UInt8(ascii: "*"), escape: UInt8(ascii: "!"),
                                                    subcomponent: UInt8(ascii: "@")))
        #expect(message["MSH-1"] == "#")
        #expect(message["MSH-2"] == "$*!@")
        #expect(message.header.messageType == "ADT^A04")
        #expect(message["PID-3[2].1"] == "X200")
        #expect(message["PID-3[2].4"] == "FAC2")
        #expect(message["PID-5.4"] == "JR")
    }

    @Test func truncationCharacterOfVersion27() throws {
        let message = try Fixtures.message("edge/truncation_char_27.hl7")
        #expect(message.delimiters.truncation == UInt8(ascii: "#"))
        #expect(message["MSH-2"] == "^~\\&#")
        #expect(message["PID-5.1"] == "LONGNAME")
        var edited = message
        try edited.set("PID-5.2", to: "A#B")
        #expect(edited.segment(named: "PID")!.raw.contains("A\\P\\B"))
        #expect(edited["PID-5.2"] == "A#B")
    }

    @Test(arguments: [
        ("MSH|^~", "truncated"),
        ("MSH||A|B\r", "empty"),
        ("MSH|^~\\&$?!|A\r", "at most 5"),
        ("MSH|^&&^|A\r", "two different"),
        ("MSHA^~\\&A\r", "not a legal delimiter"),
        ("MSH|^~\\ |A\r", "not a legal delimiter"),
        ("PID|1||X\r", "does not start with MSH"),
        ("", "empty"),
    ])
    func refusesBrokenHeaders(input: String, expected: String) {
        do {
            _ = try HL7Message(input)
            Issue.record("accepted \(input.debugDescription)")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    @Test func toleratesFewerEncodingCharacters() throws {
        let message = try HL7Message("MSH|^~|A|B|C|D|2026||ADT^A08|1|P|2.3\rPID|1||X\\Y~Z&W\r")
        #expect(message.delimiters.escape == nil)
        #expect(message["PID-3[1]"] == "X\\Y")
        #expect(message["PID-3[2]"] == "Z&W")
    }
}
