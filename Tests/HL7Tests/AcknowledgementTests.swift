import Testing
@testable import HL7

@Suite struct AcknowledgementTests {
    let time = "20261123010203"

    @Test func originalModeAccept() throws {
        let order = try Fixtures.message("orm_o01_new_ge_zds.hl7")
        let acks = HL7Acknowledgement.responses(to: order, outcome: .AA, timestamp: time)
        #expect(acks.count == 1)
        let ack = acks[0]
        #expect(ack.header.messageType == "ACK^O01")
        #expect(ack.header.sendingApplication == "RADBRIDGE")
        #expect(ack.header.receivingApplication == "CENTRICITY")
        #expect(ack.header.receivingFacility == "GENHOSP")
        #expect(ack.header.version == "2.3")
        #expect(ack["MSA-1"] == "AA")
        #expect(ack["MSA-2"] == "ORM0001")
        #expect(ack["MSH-7"] == time)
        #expect(HL7Validator.validate(ack).filter { $0.severity == .error }.isEmpty)
    }

    @Test func errorsInVersion25UseERR2ToERR4() throws {
        let report = try Fixtures.message("oru_r01_report_final.hl7")
        let issue = HL7Issue(.requiredFieldMissing, at: HL7ErrorLocation(segment: "OBR", field: 4), "OBR-4 is required")
        let ack = HL7Acknowledgement.make(for: report, code: .AE, issues: [issue], timestamp: time)
        #expect(ack["MSA-1"] == "AE")
        #expect(ack["ERR-2"] == "OBR^1^4^1")
        #expect(ack["ERR-3"] == "101^Required field missing^HL70357")
        #expect(ack["ERR-4"] == "E")
        #expect(ack["ERR-8"] == "OBR-4 is required")
    }

    @Test func errorsBeforeVersion25UseERR1() throws {
        let order = try Fixtures.message("malformed/orm_without_obr4.hl7")
        let issues = HL7Validator.validate(order)
        let ack = HL7Acknowledgement.make(for: order, code: HL7AckCode.outcome(for: issues), issues: issues, timestamp: time)
        #expect(ack["MSA-1"] == "AE")
        #expect(ack["MSA-2"] == "BAD0001")
        #expect(ack["ERR-1"] == "OBR^1^4^101&Required field missing&HL70357")
    }

    @Test func enhancedModeConditions() throws {
        // MSH-15 AL, MSH-16 NE: a commit ACK only.
        let adt = try Fixtures.message("adt_a04_register.hl7")
        #expect(HL7Acknowledgement.responses(to: adt, outcome: .AA).map { $0["MSA-1"] } == ["CA"])
        // MSH-15 AL, MSH-16 AL: commit then application ACK.
        let oml = try Fixtures.message("oml_o21_new_order.hl7")
        #expect(HL7Acknowledgement.responses(to: oml, outcome: .AA).map { $0["MSA-1"] } == ["CA", "AA"])
        // A commit error stops there; no application ACK follows.
        #expect(HL7Acknowledgement.responses(to: oml, outcome: .AE).map { $0["MSA-1"] } == ["CE"])
        #expect(HL7Acknowledgement.responses(to: oml, outcome: .AR).map { $0["MSA-1"] } == ["CR"])

        var er = oml
        try er.set("MSH-15", to: "ER")
        try er.set("MSH-16", to: "ER")
        #expect(HL7Acknowledgement.responses(to: er, outcome: .AA).isEmpty)
        #expect(HL7Acknowledgement.responses(to: er, outcome: .AE).map { $0["MSA-1"] } == ["CE"])
        var su = oml
        try su.set("MSH-15", to: "SU")
        try su.set("MSH-16", to: "NE")
        #expect(HL7Acknowledgement.responses(to: su, outcome: .AA).map { $0["MSA-1"] } == ["CA"])
        #expect(HL7Acknowledgement.responses(to: su, outcome: .AR).isEmpty)
    }

    @Test func ackUsesTheMessageDelimiters() throws {
        let m = try Fixtures.message("edge/custom_delimiters.hl7")
        let ack = HL7Acknowledgement.make(for: m, code: .AA, timestamp: time)
        #expect(ack.delimiters == m.delimiters)
        #expect(ack.encoded().starts(with: Array("MSH#$*!@#RADBRIDGE#RAD#SENDER#FAC#".utf8)))
        #expect(ack["MSA-2"] == "CDL0001")
    }

    @Test func rejectForUnparseableBytes() throws {
        let bytes = Array("MSH|^~\\&|LAB|X|||2026||ORU^R01|CTRL42|P|2.4|||AL\rPID|1\r".utf8)
        let broken = bytes.map { $0 == UInt8(ascii: "~") ? UInt8(ascii: "^") : $0 }
        let error = try #require(throws: HL7ParseError.self) { try HL7Message(bytes: broken) }
        let nak = HL7Acknowledgement.reject(unparseable: broken, error: error, timestamp: time)
        #expect(nak["MSA-1"] == "AR")
        #expect(nak["MSA-2"] == "CTRL42")
        #expect(nak["MSH-5"] == "LAB")
        #expect(nak["MSA-3"]?.contains("two different") ?? false)
        #expect(nak["ERR-1.4.1"] == "102")

        let junk = HL7Acknowledgement.reject(unparseable: Fixtures.bytes("malformed/binary_junk.hl7"),
                                             error: .noHeader("junk"), timestamp: time)
        #expect(junk["MSA-1"] == "AR")
        #expect(junk["MSA-2"] == "")
        #expect(junk["ERR-3.1"] == "100")
    }

    @Test func controlIDIsStableForResentMessages() throws {
        let m = try Fixtures.message("adt_a08_update.hl7")
        let a = HL7Acknowledgement.make(for: m, code: .AA, timestamp: time)
        let b = HL7Acknowledgement.make(for: m, code: .AA, timestamp: time)
        #expect(a.encoded() == b.encoded())
        #expect(a.header.controlID == "AADT0002")
    }
}
