import DICOM
import HL7
import Testing
@testable import Workflow

@Suite struct WorklistDICOMTests {
    typealias T = WorklistDICOM.Tags

    /// What `findscu -W` sends for a typical modality query.
    static func identifier(modality: String = "CT", charset: String? = nil, name: String = "") -> DataSet {
        var step = DataSet()
        step.set(T.modality, .CS, modality)
        step.set(T.scheduledStationAETitle, .AE, "")
        step.set(T.scheduledStartDate, .DA, "")
        step.set(T.scheduledStartTime, .TM, "")
        step.set(T.scheduledProcedureStepID, .SH, "")
        step.set(T.scheduledProcedureStepDescription, .LO, "")
        var id = DataSet()
        if let charset { id.set(T.specificCharacterSet, .CS, charset) }
        id.set(T.patientName, .PN, name)
        id.set(T.patientID, .LO, "")
        id.set(T.accessionNumber, .SH, "")
        id.set(T.studyInstanceUID, .UI, "")
        id.set(T.requestedProcedureDescription, .LO, "")
        id.set(T.requestedProcedureCodeSequence, items: [DataSet()])
        id.set(T.scheduledProcedureStepSequence, items: [step])
        return id
    }

    static func worklist(_ extra: [String] = []) throws -> (WorkflowProcessor, WorklistIndex) {
        var processor = WorkflowProcessor()
        _ = processor.process(try Samples.message("adt_a04_register.hl7"), at: "20261122083000")
        _ = processor.process(try Samples.message("orm_o01_new_ge_zds.hl7"), at: "20261122084500")
        _ = processor.process(try Samples.message("orm_o01_philips_zph.hl7"), at: "20261122130000")
        for file in extra { _ = processor.process(try Samples.message(file), at: "20261122140000") }
        return (processor, WorklistIndex(state: processor.state))
    }

    @Test func identifierBecomesAQuery() {
        let q = WorklistDICOM.query(from: Self.identifier(name: "DOE*"))
        #expect(q.patientName == "DOE*")
        #expect(q.modality == "CT")
        #expect(q.patientID == "")
        #expect(q.stationAETitle == "")
        #expect(q.issuerOfPatientID == nil)
    }

    @Test func responseCarriesTheMappedAnchors() throws {
        let (_, worklist) = try Self.worklist()
        let identifier = Self.identifier()
        let items = worklist.find(WorklistDICOM.query(from: identifier))
        #expect(items.map(\.accessionNumber) == ["ACC20261122001"])
        let response = WorklistDICOM.response(for: items[0], identifier: identifier)
        // Through the wire encoding and back, as a modality would read it.
        let decoded = try DataSet(decoding: response.encoded(transferSyntax: .implicitVRLittleEndian), transferSyntax: .implicitVRLittleEndian)
        var read = decoded
        read.set(T.specificCharacterSet, .CS, decoded.string(T.specificCharacterSet) ?? "")
        #expect(read.string(T.specificCharacterSet) == "ISO_IR 192")
        #expect(read.string(T.patientName) == "DOE^JANE^MARIE")
        #expect(read.string(T.patientID) == "MRN100234")
        #expect(read.string(T.accessionNumber) == "ACC20261122001")
        #expect(read.string(T.studyInstanceUID) == "1.2.840.113619.2.55.3.2831164356.789.1732264700.1")
        #expect(read.string(T.requestedProcedureDescription) == "CT Chest with contrast")
        let code = try #require(read.items(T.requestedProcedureCodeSequence).first)
        #expect(code.string(T.codeValue) == "CTCHESTC")
        #expect(code.string(T.codingSchemeDesignator) == "L")
        let step = try #require(read.items(T.scheduledProcedureStepSequence).first)
        #expect(step.string(T.modality) == "CT")
        #expect(step.string(T.scheduledStartDate) == "20261122")
        #expect(step.string(T.scheduledStartTime) == "093000")
        #expect(step.string(T.scheduledProcedureStepID) == "SPS001")
        #expect(step.contains(T.scheduledStationAETitle))
        // Only the keys that were asked for come back.
        #expect(!read.contains(T.patientBirthDate))
        #expect(!step.contains(T.scheduledProcedureStepStatus))
    }

    @Test func namesAreTranscodedToTheAnswerCharacterSet() throws {
        var processor = WorkflowProcessor()
        // A Latin-1 HL7 order (MSH-18 8859/1, one byte per character) for a French patient.
        let text = """
            MSH|^~\\&|HIS|CLINIQUE|RADBRIDGE|RAD|20261122192000||ORM^O01|LAT0002|P|2.5||||||8859/1\r\
            PID|1||FR991^^^CLINIQUE^MR||LEFÈVRE^HÉLÈNE||19800101|F\r\
            ORC|NW|P77^HIS\r\
            OBR|1|P77^HIS|ACCFR1|XRTHORAX^Radiographie thorax^L|||||||||||||||RP7|SPS7||||CR|||^^^20261122200000\r
            """
        let latin1 = try HL7Message(bytes: text.unicodeScalars.map { UInt8($0.value) })
        #expect(latin1.characterSet == .latin1)
        #expect(latin1["PID-5.1"] == "LEFÈVRE")
        #expect(processor.process(latin1, at: "20261122192000").code == .AA)
        let worklist = WorklistIndex(state: processor.state)
        let item = try #require(worklist.find(WorklistQuery(accessionNumber: "ACCFR1")).first)

        let utf8 = WorklistDICOM.response(for: item, identifier: Self.identifier(modality: "CR"))
        #expect(utf8[T.patientName]?.bytes == Array("LEFÈVRE^HÉLÈNE ".utf8))  // padded to even length
        let asked = WorklistDICOM.response(for: item, identifier: Self.identifier(modality: "CR", charset: "ISO_IR 100"))
        #expect(asked.string(T.specificCharacterSet) == "ISO_IR 100")
        #expect(asked[T.patientName]?.bytes == [0x4C, 0x45, 0x46, 0xC8, 0x56, 0x52, 0x45, 0x5E, 0x48, 0xC9, 0x4C, 0xC8, 0x4E, 0x45])
        var decoded = try DataSet(decoding: asked.encoded(transferSyntax: .explicitVRLittleEndian), transferSyntax: .explicitVRLittleEndian)
        decoded.set(T.specificCharacterSet, .CS, "ISO_IR 100")
        #expect(decoded.string(T.patientName) == "LEFÈVRE^HÉLÈNE")
    }

    @Test func latin1IsNotUsedWhenANameDoesNotFit() throws {
        var processor = WorkflowProcessor()
        _ = processor.process(try Samples.message("edge/utf8_names.hl7"), at: "20261122193000")
        var order = try Samples.message("orm_o01_siemens_zsi.hl7")
        try order.setRaw(HL7Path("PID-3"), to: Array("JP123^^^TOKYOMED^MR".utf8))
        try order.set("PID-5.1", to: "山田")
        #expect(processor.process(order, at: "20261122193100").code == .AA)
        let item = try #require(WorklistIndex(state: processor.state).find(WorklistQuery(patientID: "JP123")).first)
        let response = WorklistDICOM.response(for: item, identifier: Self.identifier(modality: "MR", charset: "ISO_IR 100"))
        #expect(response.string(T.specificCharacterSet) == "ISO_IR 192")
        #expect(response[T.patientName]?.bytes.starts(with: Array("山田".utf8)) ?? false)
    }
}
