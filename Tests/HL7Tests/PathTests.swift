import Testing
@testable import HL7

@Suite struct PathTests {
    @Test(arguments: [
        ("PID-3", "PID", 1, 3, nil, nil, nil),
        ("PID-3[2].1", "PID", 1, 3, 2, 1, nil),
        ("OBX[3]-5", "OBX", 3, 5, nil, nil, nil),
        ("PID-5.1.1", "PID", 1, 5, nil, 1, 1),
        ("ZDS-1", "ZDS", 1, 1, nil, nil, nil),
        ("PID-5[2].1.*", "PID", 1, 5, 2, 1, nil),
    ] as [(String, String, Int, Int, Int?, Int?, Int?)])
    func parsesPaths(text: String, segment: String, occurrence: Int, field: Int, repetition: Int?, component: Int?, sub: Int?) throws {
        let path = try HL7Path(text)
        #expect(path.segment == segment)
        #expect(path.occurrence == occurrence)
        #expect(path.field == field)
        #expect(path.repetition == repetition)
        #expect(path.component == component)
        #expect(path.subcomponent == sub)
        #expect(path.description == text)
    }

    @Test(arguments: ["", "PID", "PID-", "PID-0", "pid-3", "PID-3.", "PID[0]-3", "PID-3[2", "PID-3.1.1.1", "PI-3", "PID-3x",
                     "PID-3.*", "PID-3.1.*.1", "PID-3.1.1.*", "PID-3.1*"])
    func rejectsBadPaths(text: String) {
        #expect(throws: HL7ParseError.self) { try HL7Path(text) }
    }

    @Test func readsTheIdentityAnchors() throws {
        let order = try Fixtures.message("orm_o01_new_ge_zds.hl7")
        #expect(order["PID-3.1"] == "MRN100234")
        #expect(order["PID-3.4"] == "GENHOSP")
        #expect(order["PID-3[2].1"] == "998877665")
        #expect(order["PID-3[2].5"] == "SS")
        #expect(order["OBR-3.1"] == "ACC20261122001")
        #expect(order["OBR-4.1"] == "CTCHESTC")
        #expect(order["OBR-4.2"] == "CT Chest with contrast")
        #expect(order["ZDS-1.1"] == "1.2.840.113619.2.55.3.2831164356.789.1732264700.1")
        #expect(order["ORC-1"] == "NW")
        #expect(order["PID-3"] == "MRN100234^^^GENHOSP^MR~998877665^^^USSSA^SS")
        #expect(order["PID-3[3]"] == nil)
        #expect(order["PID-99"] == nil)
        #expect(order["OBX-1"] == nil)
    }

    @Test func segmentOccurrences() throws {
        let report = try Fixtures.message("oru_r01_report_final.hl7")
        #expect(report["OBX[1]-3.1"] == "55111-9")
        #expect(report["OBX[6]-5"] == "1. No pulmonary embolism.\n2. Small left pleural effusion.")
        #expect(report["OBX[7]-11"] == "F")
        #expect(report["OBX[8]-1"] == nil)
        #expect(report.segments(named: "OBX").count == 7)
    }

    @Test func headerAccessors() throws {
        let h = try Fixtures.message("oml_o21_new_order.hl7").header
        #expect(h.sendingApplication == "EPIC")
        #expect(h.sendingFacility == "GENHOSP")
        #expect(h.messageType == "OML^O21")
        #expect(h.messageStructure == "OML_O21")
        #expect(h.controlID == "OML0001")
        #expect(h.version == "2.5.1")
        #expect(h.acceptAcknowledgementType == "AL")
        #expect(h.applicationAcknowledgementType == "AL")
    }

    @Test func elementTree() throws {
        let m = try Fixtures.message("edge/escapes_and_repetitions.hl7")
        let pid3 = try #require(m.segment(named: "PID")?.field(3))
        #expect(pid3.repetitions.map(\.raw) == ["MRN1^^^A^MR", "MRN2^^^B^MR", "", "MRN4^^^D^MR"])
        #expect(pid3.components.map(\.value) == ["MRN1", "", "", "A", "MR"])
        #expect(pid3.isComposite)
        #expect(pid3.firstValue == "MRN1")
        #expect(try #require(m.segment(named: "PID")?.field(5)).firstValue == "O&BRIEN")
        let sub = try #require(m.element(at: HL7Path("OBX[2]-5.1.*")))
        #expect(sub.children.map(\.value) == ["a", "b", "c"])
        #expect(m["OBX[2]-5.1"] == "a")
    }

    /// As HAPI's Terser and python `hl7` read them: a component path on a component that holds
    /// subcomponents is its first subcomponent; `.*` is the whole component.
    @Test func componentsWithSubcomponentsReadAsTheirFirst() throws {
        let m = try HL7Message("MSH|^~\\&|A|B|C|D|20260101||ADT^A08|1|P|2.5\rPID|1||MRN1^^^HOSP&1.2.3&ISO^MR||EVERYMAN&&&&Aniston^ADAM||19700101|M|||A\\T\\B&x\r")
        #expect(m["PID-5.1"] == "EVERYMAN")
        #expect(m["PID-5.1.*"] == "EVERYMAN&&&&Aniston")
        #expect(m["PID-5.1.5"] == "Aniston")
        #expect(m["PID-5.2"] == "ADAM")
        #expect(m["PID-5"] == "EVERYMAN&&&&Aniston^ADAM")
        #expect(m["PID-3.4"] == "HOSP")
        #expect(m["PID-3.4.*"] == "HOSP&1.2.3&ISO")
        #expect(m["PID-3.4.2"] == "1.2.3")
        // The first subcomponent reads decoded like any leaf; the whole component as its ER7 text.
        #expect(m["PID-11.1"] == "A&B")
        #expect(m["PID-11.1.*"] == "A\\T\\B&x")
        #expect(try HL7Path("PID-5.1.*").description == "PID-5.1.*")
        #expect(try HL7Path("PID-5.1").whole == HL7Path("PID-5.1.*"))
        #expect(try HL7Path("PID-5").whole == HL7Path("PID-5"))
    }

    @Test func writingAComponentPathWritesTheElementItReads() throws {
        var m = try HL7Message("MSH|^~\\&|A|B|C|D|20260101||ADT^A08|1|P|2.5\rPID|1||MRN1||EVERYMAN&&&&Aniston^ADAM\r")
        try m.set("PID-5.1", to: "DOE")
        #expect(m["PID-5.1.*"] == "DOE&&&&Aniston")
        try m.set("PID-5.1.*", to: "ROE")
        #expect(m["PID-5"] == "ROE^ADAM")
        try m.set("PID-5.2", to: "A&B")
        let written = try HL7Path("PID-5.2.*")
        #expect(m["PID-5.2"] == "A&B" && m.element(at: written)?.raw == "A\\T\\B")
    }
}
