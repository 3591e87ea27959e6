import HL7
import Testing
import Workflow

/// What profiles do to the domain: fields mapped at order ingest, Z-segments written for receivers.
@Suite struct ProfileMappingTests {
    func processor() -> WorkflowProcessor {
        var configuration = WorkflowConfiguration()
        configuration.profiles = ProfileFixtures.catalog
        return WorkflowProcessor(configuration: configuration)
    }

    @Test func siemensOrderCarriesItsStationAndRouteToTheWorklist() throws {
        var workflow = processor()
        let outcome = workflow.process(try ProfileFixtures.message("orm_o01_siemens_zsi.hl7"), at: "20261122120000")
        #expect(outcome.code == .AA, "\(outcome.issues)")
        let order = try #require(workflow.state.order(accession: "NCACC0091"))
        #expect(order.steps.first?.stationAETitle == "MR_SKYRA_1")
        #expect(order.steps.first?.stationName == "NCMR01")
        #expect(order.vendorAttributes[.worklistRoute] == "WL_ROUTE_ORTHO")
        #expect(order.vendorAttributes[.schedulingPriority] == "HIGH")
        let items = WorklistIndex(state: workflow.state).find(WorklistQuery(stationAETitle: "MR_SKYRA_1"))
        #expect(items.map(\.accessionNumber) == ["NCACC0091"])
        #expect(items.first?.step.stationName == "NCMR01")
    }

    @Test func philipsOrderKeepsThePriorStudyLink() throws {
        var workflow = processor()
        #expect(workflow.process(try ProfileFixtures.message("orm_o01_philips_zph.hl7"), at: "20261122130000").code == .AA)
        let order = try #require(workflow.state.order(accession: "SHACC5521"))
        #expect(order.vendorAttributes[.pacsRoute] == "PACS_ARCHIVE_B")
        #expect(order.vendorAttributes[.priorAccessionNumber] == "SHACC4410")
        #expect(order.vendorAttributes[.priorStudyInstanceUID] == "1.3.46.670589.30.1.3.1.1625523304.1732090000.1")
    }

    @Test func geStudyUIDIsTakenFromZDSAndKeptByChanges() throws {
        var workflow = processor()
        #expect(workflow.process(try ProfileFixtures.message("orm_o01_new_ge_zds.hl7"), at: "20261122084500").code == .AA)
        #expect(workflow.state.order(accession: "ACC20261122001")?.studyInstanceUID == ProfileFixtures.geStudyUID)
        #expect(workflow.process(try ProfileFixtures.message("orm_o01_change_xo.hl7"), at: "20261122090000").code == .AA)
        #expect(workflow.state.order(accession: "ACC20261122001")?.studyInstanceUID == ProfileFixtures.geStudyUID)
    }

    @Test func aProfileThatDeclaresNoStudyUIDLetsRadBridgeGenerateIt() throws {
        // The IHE sender's ZDS is not part of its contract: not read as a study UID.
        var workflow = processor()
        let message = try HL7Message(ProfileFixtures.iheOrder + "ZDS|1.2.3.4^X^Application^DICOM\r")
        #expect(workflow.process(message, at: "20261122090000").code == .AA)
        let order = try #require(workflow.state.order(accession: "IHEACC1"))
        #expect(order.studyInstanceUID.hasPrefix(WorkflowConfiguration().uidRoot + "."))
    }

    @Test func iheAccessionComesFromOBR18() throws {
        var workflow = processor()
        let message = try HL7Message(ProfileFixtures.iheOrder.replacingOccurrences(of: "|PL9001^OP|IHEACC1^DSS|MRBRAIN", with: "|PL9001^OP|FILLER7^DSS|MRBRAIN"))
        #expect(workflow.process(message, at: "20261122090000").code == .AA)
        #expect(workflow.state.order(accession: "IHEACC1") != nil)
        #expect(workflow.state.order(accession: "FILLER7") == nil)
    }

    @Test func geOrderRenderedForSiemensCarriesTheStudyUIDInZSI() throws {
        var workflow = processor()
        let ge = try ProfileFixtures.message("orm_o01_new_ge_zds.hl7")
        #expect(workflow.process(ge, at: "20261122084500").code == .AA)
        let state = workflow.state
        let rendered = ProfileRenderer(profile: ProfileFixtures.profile("siemens-syngo")).render(ge) { state.profileAttributes(for: $0) }
        #expect(rendered.segments(named: "ZDS").isEmpty)
        let zsi = try #require(rendered.segment(named: "ZSI"))
        #expect(zsi.field(5)?.value == ProfileFixtures.geStudyUID)
        // Written right after the group's OBR; everything else keeps its bytes.
        #expect(rendered.segments.map(\.name) == ["MSH", "PID", "PV1", "ORC", "OBR", "ZSI"])
        #expect(rendered.segment(named: "PID")?.raw == ge.segment(named: "PID")?.raw)
    }

    @Test func siemensOrderRenderedForGECarriesZDS() throws {
        var workflow = processor()
        let siemens = try ProfileFixtures.message("orm_o01_siemens_zsi.hl7")
        #expect(workflow.process(siemens, at: "20261122120000").code == .AA)
        let state = workflow.state
        let uid = try #require(state.order(accession: "NCACC0091")?.studyInstanceUID)
        let rendered = ProfileRenderer(profile: ProfileFixtures.profile("ge-centricity")).render(siemens) { state.profileAttributes(for: $0) }
        #expect(rendered.segment(named: "ZSI") == nil)
        #expect(rendered.segment(named: "ZDS")?.raw == "ZDS|\(uid)^RADBRIDGE^Application^DICOM")
        // What RadBridge writes keeps the receiver's own contract.
        #expect(ProfileValidator(profile: ProfileFixtures.profile("ge-centricity")).check(rendered).filter { $0.severity == .error }.isEmpty)
    }

    @Test func inboundRulesPickTheProfileBySender() throws {
        let catalog = ProfileFixtures.catalog
        #expect(catalog.inboundProfile(for: try ProfileFixtures.message("orm_o01_new_ge_zds.hl7").header)?.name == "ge-centricity")
        #expect(catalog.inboundProfile(for: try ProfileFixtures.message("adt_a04_register.hl7").header) == nil)
    }
}
