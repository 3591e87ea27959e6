import HL7
import Testing
import Workflow

/// Each shipped profile against sample orders written from its description, kept and broken.
@Suite struct ProfileValidationTests {
    func errors(_ message: HL7Message, _ profile: String) -> [HL7Issue] {
        ProfileValidator(profile: ProfileFixtures.profile(profile)).check(message).filter { $0.severity == .error }
    }

    func location(_ issue: HL7Issue?) -> String { issue?.location?.description ?? "-" }

    @Test func shippedProfilesLoadWithTheirZSegments() {
        let catalog = ProfileFixtures.catalog
        #expect(catalog.profiles.keys.sorted() == ["ge-centricity", "ihe-swf", "philips-intellispace", "siemens-syngo"])
        #expect(ProfileFixtures.profile("ge-centricity").zSegments.map(\.segment) == ["ZDS"])
        #expect(ProfileFixtures.profile("siemens-syngo").zSegments.map(\.segment) == ["ZSI"])
        #expect(ProfileFixtures.profile("philips-intellispace").zSegments.map(\.segment) == ["ZPH"])
        #expect(ProfileFixtures.profile("ihe-swf").zSegments.isEmpty)
        #expect(ProfileFixtures.profile("ihe-swf").undeclaredZSegments == .reject)
    }

    @Test func samplesKeepTheirOwnProfile() throws {
        #expect(errors(try ProfileFixtures.message("orm_o01_new_ge_zds.hl7"), "ge-centricity").isEmpty)
        #expect(errors(try ProfileFixtures.message("orm_o01_change_xo.hl7"), "ge-centricity").isEmpty)
        #expect(errors(try ProfileFixtures.message("orm_o01_siemens_zsi.hl7"), "siemens-syngo").isEmpty)
        #expect(errors(try ProfileFixtures.message("orm_o01_philips_zph.hl7"), "philips-intellispace").isEmpty)
        #expect(errors(try HL7Message(ProfileFixtures.iheOrder), "ihe-swf").isEmpty)
        // An ADT carries no order: the order-level Z-segments are not expected in it.
        #expect(errors(try ProfileFixtures.message("adt_a04_register.hl7"), "ge-centricity").isEmpty)
    }

    @Test func geOrderWithoutZDSIsRefusedAtTheSegment() throws {
        let message = try ProfileFixtures.message("orm_o01_new_ge_zds.hl7", replacing: [
            ("\rZDS|1.2.840.113619.2.55.3.2831164356.789.1732264700.1^GEHC^Application^DICOM", "")])
        let found = errors(message, "ge-centricity")
        #expect(found.count == 1)
        #expect(found.first?.code == .segmentSequenceError)
        #expect(location(found.first) == "ZDS")
    }

    @Test func geStudyUIDMustBeADICOMUID() throws {
        let message = try ProfileFixtures.message("orm_o01_new_ge_zds.hl7", replacing: [
            ("ZDS|1.2.840.113619.2.55.3.2831164356.789.1732264700.1", "ZDS|1.2.840.0113619.2")])
        let found = errors(message, "ge-centricity")
        #expect(found.map(\.code) == [.dataTypeError])
        #expect(location(found.first) == "ZDS-1.1")
        #expect(found.first?.text.contains("leading zero") ?? false)
        let empty = try ProfileFixtures.message("orm_o01_new_ge_zds.hl7", replacing: [
            ("ZDS|1.2.840.113619.2.55.3.2831164356.789.1732264700.1", "ZDS|")])
        #expect(errors(empty, "ge-centricity").map(\.code) == [.requiredFieldMissing])
    }

    @Test func siemensRoutingFieldsAreChecked() throws {
        let longAE = try ProfileFixtures.message("orm_o01_siemens_zsi.hl7", replacing: [("ZSI|MR_SKYRA_1|", "ZSI|MR_SKYRA_NORTH_WING_1|")])
        let aeErrors = errors(longAE, "siemens-syngo")
        #expect(aeErrors.map(\.code) == [.dataTypeError])
        #expect(location(aeErrors.first) == "ZSI-1")

        let badPriority = try ProfileFixtures.message("orm_o01_siemens_zsi.hl7", replacing: [("|WL_ROUTE_ORTHO|HIGH", "|WL_ROUTE_ORTHO|URGENT")])
        let priorityErrors = errors(badPriority, "siemens-syngo")
        #expect(priorityErrors.map(\.code) == [.tableValueNotFound])
        #expect(location(priorityErrors.first) == "ZSI-4")

        let noRoute = try ProfileFixtures.message("orm_o01_siemens_zsi.hl7", replacing: [("|WL_ROUTE_ORTHO|HIGH", "||HIGH")])
        let routeErrors = errors(noRoute, "siemens-syngo")
        #expect(routeErrors.map(\.code) == [.requiredFieldMissing])
        #expect(location(routeErrors.first) == "ZSI-3")
    }

    @Test func philipsPACSRouteIsRequiredAndPriorUIDChecked() throws {
        let noRoute = try ProfileFixtures.message("orm_o01_philips_zph.hl7", replacing: [("ZPH|PACS_ARCHIVE_B|", "ZPH||")])
        #expect(errors(noRoute, "philips-intellispace").map(\.code) == [.requiredFieldMissing])
        let badPrior = try ProfileFixtures.message("orm_o01_philips_zph.hl7", replacing: [("|1.3.46.670589.30.1.3.1.1625523304.1732090000.1", "|PRIOR-STUDY")])
        let found = errors(badPrior, "philips-intellispace")
        #expect(found.map(\.code) == [.dataTypeError])
        #expect(location(found.first) == "ZPH-3")
    }

    @Test func undeclaredZSegmentsFollowTheProfilePolicy() throws {
        let withExtra = try ProfileFixtures.message("orm_o01_philips_zph.hl7", replacing: [("\rZPH|", "\rZXX|vendor extra\rZPH|")])
        // philips-intellispace keeps them silently.
        #expect(ProfileValidator(profile: ProfileFixtures.profile("philips-intellispace")).check(withExtra).isEmpty)
        // ge-centricity keeps them with a warning.
        let geExtra = try ProfileFixtures.message("orm_o01_new_ge_zds.hl7", replacing: [("\rZDS|", "\rZXX|vendor extra\rZDS|")])
        let warnings = ProfileValidator(profile: ProfileFixtures.profile("ge-centricity")).check(geExtra)
        #expect(warnings.map(\.severity) == [.warning])
        #expect(location(warnings.first) == "ZXX")
        // ihe-swf refuses them.
        let iheExtra = try HL7Message(ProfileFixtures.iheOrder + "ZDS|1.2.3\r")
        #expect(errors(iheExtra, "ihe-swf").map(\.code) == [.segmentSequenceError])
    }

    @Test func iheOrderNeedsItsIdentifiersInOBR() throws {
        let noStep = try HL7Message(ProfileFixtures.iheOrder.replacingOccurrences(of: "|RP9001|SPS9001|", with: "|RP9001||"))
        let found = errors(noStep, "ihe-swf")
        #expect(found.map(\.code) == [.requiredFieldMissing])
        #expect(location(found.first) == "OBR-20")
        // The same OBR in a report is not an order: IHE SWF's order fields are not expected there.
        #expect(errors(try ProfileFixtures.message("oru_r01_report_final.hl7"), "ihe-swf").isEmpty)
    }

    @Test func missingMRNTypeIsReported() throws {
        let message = try ProfileFixtures.message("orm_o01_siemens_zsi.hl7", replacing: [("^^^NORTHCLINIC^MR|", "^^^NORTHCLINIC^PI|")])
        let found = errors(message, "siemens-syngo")
        #expect(found.map(\.code) == [.requiredFieldMissing])
        #expect(location(found.first) == "PID-3")
    }
}
