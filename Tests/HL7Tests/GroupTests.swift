import Testing
@testable import HL7

@Suite struct GroupTests {
    @Test func reportObservations() throws {
        let groups = try Fixtures.message("oru_r01_report_final.hl7").orderGroups
        #expect(groups.count == 1)
        #expect(groups[0].orc?.name == "ORC")
        #expect(groups[0].obr?.field(3)?.child(1)?.child(1)?.value == "ACC20261122001")
        #expect(groups[0].observations.count == 7)
        #expect(groups[0].observations.map { $0.obx.field(1)!.value } == ["1", "2", "3", "4", "5", "6", "7"])
    }

    @Test func orderWithZSegmentAndTiming() throws {
        let ge = try Fixtures.message("orm_o01_new_ge_zds.hl7").orderGroups
        #expect(ge.count == 1)
        #expect(ge[0].segments.map(\.name) == ["ORC", "OBR", "ZDS"])
        let oml = try Fixtures.message("oml_o21_new_order.hl7").orderGroups
        #expect(oml.map { $0.segments.map(\.name) } == [["ORC", "TQ1", "OBR"]])
    }

    @Test func obrWithoutOrcAndSeveralOrders() throws {
        let m = try HL7Message("""
            MSH|^~\\&|A|B|C|D|2026||ORU^R01|1|P|2.5\rPID|1||X\rOBR|1||ACC1|CT\rOBX|1|TX|A||one\rNTE|1||note\r\
            OBR|2||ACC2|MR\rOBX|1|TX|B||two\rORC|RE\rOBR|3||ACC3|XR\r
            """)
        let groups = m.orderGroups
        #expect(groups.map { $0.obr?.field(3)?.value } == ["ACC1", "ACC2", "ACC3"])
        #expect(groups[0].observations[0].notes.count == 1)
        #expect(groups[2].orc != nil)
        #expect(groups[1].orc == nil)
    }
}
