import FHIR
import Foundation
import HL7
import Testing
import Workflow

@Suite struct FHIRMappingTests {
    @Test func patientKeepsIdentifiersWithTheirAuthorityAndType() throws {
        let mapper = FHIRMapper(state: try Fixtures.processor(Fixtures.ordered).state, settings: Fixtures.settings)
        let patient = try #require(mapper.patients.first { $0.identifier?.contains { $0.value == "MRN100234" } == true })
        let mrn = try #require(patient.identifier?.first { $0.value == "MRN100234" })
        #expect(mrn.system == "https://radbridge.invalid/fhir/sid/patient-id/GENHOSP")
        #expect(mrn.typeCode == "MR")
        #expect(mrn.type?.coding?.first?.system == "http://terminology.hl7.org/CodeSystem/v2-0203")
        #expect(mrn.assigner?.display == "GENHOSP")
        #expect(mrn.use == "usual")
        let ssn = try #require(patient.identifier?.first { $0.value == "998877665" })
        #expect(ssn.typeCode == "SS")
        #expect(ssn.system?.hasSuffix("/USSSA") == true)
        #expect(patient.gender == "female")
        #expect(patient.birthDate == "1971-04-15")
        #expect(patient.name?.first?.family == "DOE")
        #expect(patient.name?.first?.given == ["JANE", "MARIE"])
        #expect(patient.active == true)
    }

    @Test func anOIDAuthorityBecomesAURNAndAConfiguredOneItsSystem() {
        var settings = FHIRSettings()
        #expect(settings.patientIdentifierSystem(issuer: "1.2.840.99") == "urn:oid:1.2.840.99")
        settings.identifierSystems = ["GENHOSP": "http://genhosp.example/mrn"]
        #expect(settings.patientIdentifierSystem(issuer: "GENHOSP") == "http://genhosp.example/mrn")
        #expect(settings.issuer(ofPatientIdentifierSystem: "http://genhosp.example/mrn") == "GENHOSP")
        #expect(settings.issuer(ofPatientIdentifierSystem: "urn:oid:1.2.3") == "1.2.3")
        #expect(settings.issuer(ofPatientIdentifierSystem: "http://elsewhere.example/id") == nil)
    }

    @Test func serviceRequestCarriesAccessionPlacerCodesAndStatus() throws {
        let processor = try Fixtures.processor(Fixtures.ordered)
        let mapper = FHIRMapper(state: processor.state, settings: Fixtures.settings)
        let order = try #require(processor.state.order(accession: "ACC20261122001"))
        let request = mapper.serviceRequest(order)
        #expect(request.status == "active")
        #expect(request.intent == "order")
        let accession = try #require(request.identifier?.first { $0.typeCode == "ACSN" })
        #expect(accession.value == "ACC20261122001")
        #expect(accession.system == Fixtures.settings.accessionSystem)
        let placer = try #require(request.identifier?.first { $0.typeCode == "PLAC" })
        #expect(placer.value == "PLC5001")
        #expect(placer.assigner?.display == "EPIC")
        let codings = try #require(request.code?.coding)
        #expect(codings.first?.code == "CTCHESTC")
        #expect(codings.first?.system == "https://radbridge.invalid/fhir/sid/procedure/L")
        if let standard = order.standardProcedure {
            #expect(codings.count == 2)
            #expect(codings[1].code == standard.code)
            #expect([FHIRSystems.loinc, FHIRSystems.radLex].contains(codings[1].system ?? ""))
        }
        #expect(request.code?.text == "CT Chest with contrast")
        #expect(request.subject?.reference == "Patient/\(order.patientID)")
        #expect(request.occurrenceDateTime == "2026-11-22T09:30:00Z")
        #expect(request.priority == "routine")
        #expect(request.reasonCode?.first?.text == "Shortness of breath, rule out PE")
        #expect(request.orderDetail?.first?.coding?.first == Coding(system: FHIRSystems.dicom, code: "CT"))
        #expect(request.authoredOn == "2026-11-22T08:41:00Z")
    }

    @Test func requestStatusFollowsTheOrderStateMachine() {
        let expected: [OrderState: String] = [
            .ordered: "active", .scheduled: "active", .arrived: "active", .inProgress: "active", .held: "on-hold",
            .completed: "completed", .preliminary: "completed", .final: "completed", .cancelled: "revoked", .discontinued: "revoked",
        ]
        for state in OrderState.allCases { #expect(FHIRMapper.requestStatus(state) == expected[state], "\(state)") }
    }

    @Test func imagingStudyIsRegisteredUntilImagesArriveThenAvailable() throws {
        var processor = try Fixtures.processor(Fixtures.ordered)
        var mapper = FHIRMapper(state: processor.state, settings: Fixtures.settings)
        let before = try #require(mapper.imagingStudy(id: Fixtures.studyUID))
        #expect(before.status == "registered")
        #expect(before.identifier?.first == Identifier(system: "urn:dicom:uid", value: "urn:oid:" + Fixtures.studyUID))
        #expect(before.identifier?.last?.typeCode == "ACSN")
        #expect(before.series == nil)
        #expect(before.basedOn?.first?.reference == "ServiceRequest/1")
        _ = processor.receive(ReceivedInstance(patientID: "MRN100234", issuerOfPatientID: "GENHOSP", accessionNumber: "ACC20261122001",
                                               studyInstanceUID: Fixtures.studyUID, seriesInstanceUID: "1.2.3.4", sopInstanceUID: "1.2.3.4.5",
                                               sopClassUID: "1.2.840.10008.5.1.4.1.1.2", modality: "CT"), path: "x.dcm", at: "20261122100000")
        mapper = FHIRMapper(state: processor.state, settings: Fixtures.settings)
        let after = try #require(mapper.imagingStudy(id: Fixtures.studyUID))
        #expect(after.status == "available")
        #expect(after.numberOfSeries == 1)
        #expect(after.numberOfInstances == 1)
        #expect(after.series?.first?.uid == "1.2.3.4")
        #expect(after.series?.first?.modality.code == "CT")
        #expect(after.series?.first?.instance?.first?.sopClass == Coding(system: "urn:ietf:rfc:3986", code: "urn:oid:1.2.840.10008.5.1.4.1.1.2"))
    }

    @Test func diagnosticReportVersionsFollowTheResultStatus() throws {
        let processor = try Fixtures.processor(Fixtures.reported)
        let mapper = FHIRMapper(state: processor.state, settings: Fixtures.settings)
        let report = try #require(mapper.diagnosticReports.first)
        let id = try #require(report.id)
        #expect(report.meta?.versionId == "3")
        #expect(report.status == "corrected")
        #expect(mapper.diagnosticReport(id: id, version: 1)?.status == "preliminary")
        #expect(mapper.diagnosticReport(id: id, version: 2)?.status == "final")
        #expect(mapper.diagnosticReport(id: id, version: 4) == nil)
        #expect(report.basedOn?.first?.reference == "ServiceRequest/1")
        #expect(report.category?.first?.coding?.first?.code == "RAD")
        #expect(report.imagingStudy?.first?.reference == "ImagingStudy/" + Fixtures.studyUID)
        #expect(report.presentedForm?.first?.data?.isEmpty == false)
        #expect(report.issued?.hasSuffix("Z") == true)
    }

    @Test func criticalResultIsAnObservationTheReportPointsTo() throws {
        let processor = try Fixtures.processor(Fixtures.ordered + ["oru_r01_critical_pe.hl7"])
        let mapper = FHIRMapper(state: processor.state, settings: Fixtures.settings)
        let finding = try #require(mapper.observations.first)
        #expect(finding.status == "final")
        #expect(finding.interpretation?.first?.coding?.first?.code == "AA")
        #expect(finding.code.coding?.contains { $0.code == "59282003" && $0.system == FHIRSystems.snomed } == true)
        #expect(finding.valueString?.contains("AA") == true)
        #expect(finding.basedOn?.first?.reference == "ServiceRequest/1")
        let report = try #require(mapper.diagnosticReports.first)
        #expect(report.result?.first?.reference == "Observation/\(finding.id!)")
        #expect(report.conclusionCode?.contains { $0.coding?.first?.code == "59282003" } == true)
        #expect(report.conclusion == "Acute right lower lobe pulmonary embolism.")
    }

    @Test func scheduledStepIsABookedAppointment() throws {
        let processor = try Fixtures.processor(Fixtures.ordered)
        let mapper = FHIRMapper(state: processor.state, settings: Fixtures.settings)
        let appointment = try #require(mapper.appointment(id: "1-1"))
        #expect(appointment.status == "booked")
        #expect(appointment.start == "2026-11-22T09:30:00Z")
        #expect(appointment.end == appointment.start)
        #expect(appointment.identifier?.first?.value == "SPS001")
        #expect(appointment.participant.first?.actor?.reference == "Patient/1")
        #expect(appointment.serviceType?.first?.coding?.first?.code == "CT")
        #expect(mapper.appointment(id: "1-2") == nil)
        #expect(mapper.appointment(id: "x") == nil)
    }
}
