import Testing
@testable import HL7

@Suite struct CharacterSetTests {
    @Test func latin1() throws {
        let m = try Fixtures.message("edge/latin1_charset.hl7")
        #expect(m.characterSet == .latin1)
        #expect(m["PID-5.1"] == "LEFÈVRE")
        #expect(m["PID-5.2"] == "HÉLÈNE")
        #expect(m["PID-5.3"] == "Zoë")
        var edited = m
        try edited.set("PID-5.3", to: "Chloé")
        #expect(edited.segment(named: "PID")!.rawBytes.contains(0xE9))
        #expect(throws: HL7ParseError.self) { try edited.set("PID-5.3", to: "山田") }
    }

    @Test func utf8() throws {
        let m = try Fixtures.message("edge/utf8_names.hl7")
        #expect(m.characterSet == .utf8)
        #expect(m["PID-5[1].1"] == "山田")
        #expect(m["PID-5[1].2"] == "太郎")
        #expect(m["PID-5[2].1"] == "YAMADA")
        #expect(m["NK1-2.1"] == "MÜLLER")
    }

    @Test func unsupportedIsReadAsUTF8AndReported() throws {
        let m = try HL7Message("MSH|^~\\&|A|B|C|D|20260101||ADT^A08|1|P|2.5||||||8859/15\rEVN|A08|20260101\rPID|1||X||NAME\rPV1|1|O\r")
        #expect(m.characterSet == .unsupported("8859/15"))
        #expect(!m.characterSet.isSupported)
        let issues = HL7Validator.validate(m)
        #expect(issues.contains { $0.code == .tableValueNotFound && $0.location?.description == "MSH-18" })
    }

    @Test func defaultAndASCII() throws {
        #expect(try Fixtures.message("adt_a08_update.hl7").characterSet == .ascii)
        let m = try HL7Message("MSH|^~\\&|A|B|C|D|2026||ADT^A08|1|P|2.5||||||ASCII\r")
        #expect(m.characterSet == .ascii)
    }
}
