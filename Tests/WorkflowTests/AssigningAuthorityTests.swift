import HL7
import Testing
@testable import Workflow

/// Workflow mappings read HD components by their first subcomponent, as `PID-3.4` now reads: a CX.4
/// assigning authority `HOSP&1.2.3&ISO` is the authority `HOSP`, in the patient index and the orders.
@Suite struct AssigningAuthorityTests {
    static let pid = "PID|1||MRN9^^^HOSP&1.2.3&ISO^MR||ROE^RICHARD||19700101|M"

    @Test func anAuthorityWithSubcomponentsIsItsNamespaceID() throws {
        var processor = WorkflowProcessor()
        let adt = try Samples.text("MSH|^~\\&|HIS|GENHOSP|RADBRIDGE|RAD|20261122080000||ADT^A04|ADT9|P|2.5\nEVN|A04|20261122080000\n\(Self.pid)\nPV1|1|O")
        #expect(adt["PID-3.4"] == "HOSP" && adt["PID-3.4.*"] == "HOSP&1.2.3&ISO")
        #expect(processor.process(adt, at: "20261122080000").code == .AA)
        let order = try Samples.text("MSH|^~\\&|HIS|GENHOSP|RADBRIDGE|RAD|20261122081000||ORM^O01|ORM9|P|2.5\n\(Self.pid)\n"
            + "ORC|NW|P9^HIS|A9^RIS\nOBR|1|P9^HIS|A9^RIS|MRKNR^MR KNEE RT^L")
        #expect(processor.process(order, at: "20261122081000").code == .AA)
        let placed = try #require(processor.state.order(accession: "A9"))
        let patient = try #require(processor.state.patient(of: placed))
        #expect(patient.identifiers.map(\.description) == [PatientIdentifier(id: "MRN9", issuer: "HOSP", typeCode: "MR").description])
        #expect(processor.state.patients.patients.count == 1)
    }
}
