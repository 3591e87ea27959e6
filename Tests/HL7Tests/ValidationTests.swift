import Testing
@testable import HL7

@Suite struct ValidationTests {
    static let validSamples = [
        "adt_a04_register.hl7", "adt_a08_update.hl7", "adt_a40_merge.hl7", "dft_p03_charge.hl7",
        "oml_o21_new_order.hl7", "orm_o01_cancel_ca.hl7", "orm_o01_change_xo.hl7", "orm_o01_new_ge_zds.hl7",
        "orm_o01_philips_zph.hl7", "orm_o01_siemens_zsi.hl7", "orm_o01_status_in_progress.hl7", "orr_o02_accept.hl7",
        "oru_r01_critical_pe.hl7", "oru_r01_report_corrected.hl7", "oru_r01_report_final.hl7",
        "oru_r01_report_preliminary.hl7", "qbp_q11_priors.hl7", "siu_s12_book.hl7",
    ]

    @Test(arguments: validSamples)
    func radiologySamplesAreValid(file: String) throws {
        let errors = HL7Validator.validate(try Fixtures.message(file)).filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors)")
    }

    @Test func duplicateObservationSetIDIsAWarning() throws {
        let issues = HL7Validator.validate(try Fixtures.message("oru_r01_report_corrected.hl7"))
        #expect(issues.map(\.code) == [.duplicateKeyIdentifier])
        #expect(issues[0].severity == .warning)
        #expect(issues[0].location?.description == "OBX[7]-1")
    }

    @Test func missingRequiredFields() throws {
        let noControlID = HL7Validator.validate(try Fixtures.message("malformed/missing_control_id.hl7"))
        #expect(noControlID.contains { $0.code == .requiredFieldMissing && $0.location?.description == "MSH-10" })
        let noOBR4 = HL7Validator.validate(try Fixtures.message("malformed/orm_without_obr4.hl7"))
        #expect(noOBR4.map(\.code) == [.requiredFieldMissing])
        #expect(noOBR4[0].location == HL7ErrorLocation(segment: "OBR", field: 4))
    }

    @Test func segmentOrder() throws {
        var text = String(decoding: Fixtures.bytes("orm_o01_new_ge_zds.hl7"), as: UTF8.self)
        text = text.replacingOccurrences(of: "ORC|NW", with: "XXX|NW")
        let issues = HL7Validator.validate(try HL7Message(text))
        #expect(issues.contains { $0.code == .segmentSequenceError && $0.text.contains("ORDER") })
        #expect(issues.contains { $0.code == .segmentSequenceError && $0.location?.segment == "XXX" })

        let pidFirst = try HL7Message("MSH|^~\\&|A|B|C|D|20260101||ADT^A04|1|P|2.5\rPID|1||X||N\rEVN|A04|20260101\rPV1|1|O\r")
        let order = HL7Validator.validate(pidFirst)
        #expect(order.contains { $0.code == .segmentSequenceError && $0.location?.segment == "EVN" })
    }

    @Test func zSegmentsAreAllowedAnywhere() throws {
        let m = try HL7Message("MSH|^~\\&|A|B|C|D|20260101||ADT^A04|1|P|2.5\rZPI|x\rEVN|A04|20260101\rPID|1||X||N\rZPD|y\rPV1|1|O\rZZZ|z\r")
        #expect(HL7Validator.validate(m).isEmpty)
    }

    @Test func headerTables() throws {
        func issues(_ msh: String) throws -> [HL7Issue] {
            HL7Validator.validate(try HL7Message(msh + "\rEVN|A04|20260101\rPID|1||X||N\rPV1|1|O\r"))
        }
        #expect(try issues("MSH|^~\\&|A|B|C|D|20260101||ADT^A04|1|X|2.5").map(\.code) == [.unsupportedProcessingID])
        #expect(try issues("MSH|^~\\&|A|B|C|D|20260101||ADT^A04|1|P|3.0").map(\.code) == [.unsupportedVersionID])
        #expect(try issues("MSH|^~\\&|A|B|C|D|2026133||ADT^A04|1|P|2.5").map(\.code) == [.dataTypeError])
        #expect(try issues("MSH|^~\\&|A|B|C|D|20260101||ADT^A04|1|P|2.5|||XX").map(\.code) == [.tableValueNotFound])
        #expect(try issues("MSH|^~\\&|A|B|C|D|20260101||ORM^O02|1|P|2.5").contains { $0.code == .unsupportedEventCode })
        #expect(try issues("MSH|^~\\&|A|B|C|D|20260101||ADT|1|P|2.5").contains { $0.code == .requiredFieldMissing })
        let unknown = try issues("MSH|^~\\&|A|B|C|D|20260101||MFN^M02|1|P|2.5")
        #expect(unknown.map(\.code) == [.unsupportedMessageType] && unknown[0].severity == .warning)
    }

    @Test func rejectionCodesMakeAnAR() {
        let version = HL7Issue(.unsupportedVersionID, at: nil, "v")
        let field = HL7Issue(.requiredFieldMissing, at: nil, "f")
        #expect(HL7AckCode.outcome(for: []) == .AA)
        #expect(HL7AckCode.outcome(for: [field]) == .AE)
        #expect(HL7AckCode.outcome(for: [field, version]) == .AR)
        #expect(HL7AckCode.outcome(for: [HL7Issue(.duplicateKeyIdentifier, at: nil, "w", severity: .warning)]) == .AA)
    }

    @Test func codedValues() throws {
        var m = try Fixtures.message("oru_r01_report_final.hl7")
        try m.set("OBX[2]-11", to: "Q")
        try m.set("OBX[3]-2", to: "ZZ")
        try m.set("ORC-1", to: "NOPE")
        let found = Set(HL7Validator.validate(m).map { "\($0.code.rawValue) \($0.location!)" })
        #expect(found == ["103 OBX[2]-11", "103 OBX[3]-2", "103 ORC-1"])
    }
}
