import Testing
@testable import HL7

@Suite struct ValidationPolicyTests {
    /// An ADT^A31 without EVN and PV1, a birth date that is not a date: processable, not valid.
    static let sloppy = "MSH|^~\\&|HIS|HOSP|RAD|RAD|20260101120000||ADT^A31|C1|P|2.5\r"
        + "PID|1||M1^^^HOSP^MR||TEST^PATIENT||1970-01-01|F\r"

    @Test func lenientTurnsStructureAndFieldProblemsIntoWarnings() throws {
        let message = try HL7Message(Self.sloppy)
        let strict = HL7Validator.validate(message, policy: .strict)
        #expect(!strict.errors.isEmpty && strict.warnings.isEmpty)
        let lenient = HL7Validator.validate(message, policy: .lenient)
        #expect(lenient.errors.isEmpty)
        #expect(lenient.warnings.count == strict.errors.count)
        #expect(lenient.warnings.allSatisfy { $0.severity == .warning })
        #expect(lenient.warnings.contains { $0.code == .dataTypeError && $0.location?.description == "PID-7.1" })
        #expect(HL7AckCode.outcome(for: lenient.errors) == .AA)
        #expect(HL7Validator.validate(message, policy: .off) == HL7ValidationResult())
    }

    @Test func strictIsValidationAsBefore() throws {
        for file in ["malformed/orm_without_obr4.hl7", "malformed/unterminated_escape.hl7", "oru_r01_report_corrected.hl7"] {
            let message = try Fixtures.message(file)
            #expect(HL7Validator.validate(message, policy: .strict).errors == HL7Validator.validate(message).filter { $0.severity == .error })
        }
    }

    @Test(arguments: [
        ("MSH|^~\\&|HIS|HOSP|RAD|RAD|20260101|||C1|P|2.5", "MSH-9", HL7AckCode.AE),
        ("MSH|^~\\&|HIS|HOSP|RAD|RAD|20260101||ADT^A31||P|2.5", "MSH-10", .AE),
        ("MSH|^~\\&|HIS|HOSP|RAD|RAD|20260101||ADT^A31|C1|P|3.0", "MSH-12", .AR),
    ])
    func everyPolicyRefusesWhatCannotBeProcessed(msh: String, location: String, code: HL7AckCode) throws {
        let message = try HL7Message(msh + "\rPID|1||M1||N\r")
        for policy in HL7ValidationPolicy.allCases {
            let result = HL7Validator.validate(message, policy: policy)
            #expect(result.errors.contains { $0.location?.description == location }, "\(policy)")
            if policy != .strict { #expect(result.errors.count == 1, "\(policy)") }
            #expect(HL7AckCode.outcome(for: result.errors) == code, "\(policy)")
        }
    }

    @Test func aProcessingIDOutsideTable0103IsRefusedOnlyWhenStrict() throws {
        let message = try HL7Message("MSH|^~\\&|HIS|HOSP|RAD|RAD|20260101||ADT^A31|C1|1|2.5\rPID|1||M1||N\r")
        let strict = HL7Validator.validate(message, policy: .strict)
        #expect(strict.errors.contains { $0.location?.description == "MSH-11" })
        #expect(HL7AckCode.outcome(for: strict.errors) == .AR)
        let lenient = HL7Validator.validate(message, policy: .lenient)
        #expect(lenient.errors.isEmpty)
        #expect(lenient.warnings.contains { $0.code == .unsupportedProcessingID && $0.text.contains("processed as production") })
        #expect(HL7Validator.validate(message, policy: .off).errors.isEmpty)
    }

    @Test func aMissingTriggerOrAnUnknownEventIsOnlyAWarningWhenLenient() throws {
        for type in ["ADT", "ORM^O02"] {
            let message = try HL7Message("MSH|^~\\&|HIS|HOSP|RAD|RAD|20260101||\(type)|C1|P|2.5\rPID|1||M1||N\r")
            #expect(!HL7Validator.validate(message, policy: .strict).errors.isEmpty, "\(type)")
            #expect(HL7Validator.validate(message, policy: .lenient).errors.isEmpty, "\(type)")
        }
    }

    @Test func textsNameTheFieldAndTheRuleNotTheValue() throws {
        let message = try HL7Message("MSH|^~\\&|RIS|RAD|EHR|HOSP|20260101||ORU^R01|C2|P|2.5\r"
            + "PID|1||M1^^^HOSP^MR||TEST^PATIENT||1970-01-01|F\rOBR|1||A1|X^CHEST\rOBX|1|QQ|GDT||text||||||Q\r"
            + "Patient TESTER was seen\r")
        let issues = HL7Validator.validate(message)
        #expect(issues.count >= 3)
        for issue in issues {
            #expect(!issue.text.contains("1970") && !issue.text.contains("QQ") && !issue.text.contains("'Q'")
                    && !issue.text.contains("TESTER"), "\(issue)")
        }
    }

    @Test func acceptedWithWarningsCarriesERRWithSeverityW() throws {
        let message = try HL7Message(Self.sloppy)
        let warnings = HL7Validator.validate(message, policy: .lenient).warnings
        let ack = HL7Acknowledgement.make(for: message, code: .AA, issues: warnings)
        #expect(ack["MSA-1"] == "AA")
        let errs = ack.segments(named: "ERR")
        #expect(errs.count == warnings.count)
        let dateError = try #require(errs.first { $0.field(2)?.raw.hasPrefix("PID^1^7") ?? false })
        #expect(dateError.field(3)?.raw == "102^Data type error^HL70357")
        #expect(dateError.field(4)?.raw == "W")
        #expect(dateError.field(8)?.raw == "PID-7 is not a valid HL7 timestamp")
    }
}
