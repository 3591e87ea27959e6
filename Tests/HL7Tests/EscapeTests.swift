import Testing
@testable import HL7

@Suite struct EscapeTests {
    let message: HL7Message

    init() throws { message = try Fixtures.message("edge/escapes_and_repetitions.hl7") }

    @Test func delimiterEscapes() {
        #expect(message["PID-5.1"] == "O&BRIEN")
        #expect(message["OBR-4.2"] == "X-Ray | special ^ chars")
    }

    @Test func formattingAndHexEscapes() {
        #expect(message["OBX[1]-5"] == "Line one\nLine two \\ backslash ~ tilde & amp bold \r\n end")
    }

    @Test func unknownSequencesStayVerbatim() throws {
        let m = try HL7Message("MSH|^~\\&|A|B|C|D|2026||ORU^R01|1|P|2.5\rOBX|1|TX|X||a\\C2842\\b\\M2442\\c\\Zlocal\\d\\.sp2\\e\\X4\\f\r")
        #expect(m["OBX-5"] == "a\\C2842\\b\\M2442\\c\\Zlocal\\d\\.sp2\\e\\X4\\f")
    }

    @Test func loneEscapeIsKeptAndReported() throws {
        let m = try Fixtures.message("malformed/unterminated_escape.hl7")
        #expect(m["PID-5"] == "BAD\\XYZ")
        let issues = HL7Validator.validate(m)
        #expect(issues.contains { $0.code == .dataTypeError && $0.location?.description == "PID-5" })
    }

    @Test func explicitNullIsNotEmpty() throws {
        let pid5 = try #require(message.element(at: HL7Path("PID-5.3")))
        #expect(pid5.isNull)
        #expect(pid5.value == "\"\"")
        #expect(try #require(message.element(at: HL7Path("PID-3[3]"))).isEmpty)
    }

    @Test(arguments: ["plain", "a|b^c~d&e\\f", "line\nbreak", "cr\rhere", "ünïcödé 山田", "", "\\F\\ literal"])
    func escapeThenDecodeIsIdentity(text: String) throws {
        let d = HL7Delimiters.standard
        let escaped = try HL7Escaping.escape(Array(text.utf8), d)
        #expect(!escaped.contains { $0 == 0x7C || $0 == 0x5E || $0 == 0x7E || $0 == 0x26 || $0 == 0x0D || $0 == 0x0A })
        #expect(String(decoding: HL7Escaping.unescape(escaped[...], d), as: UTF8.self) == text)
    }
}
