import FHIR
import Foundation
import TestSupport
import Testing
import Workflow

/// Every resource type the mapping produces, checked against the R4 models of `fhir.resources`.
@Suite struct FHIRModelValidationTests {
    @Test func everyMappedResourceIsValidR4() async throws {
        var processor = try Fixtures.processor(Fixtures.ordered + ["oru_r01_report_preliminary.hl7", "oru_r01_critical_pe.hl7", "oru_r01_report_corrected.hl7"])
        _ = processor.receive(ReceivedInstance(patientID: "MRN100234", issuerOfPatientID: "GENHOSP", accessionNumber: "ACC20261122001",
                                               studyInstanceUID: Fixtures.studyUID, seriesInstanceUID: "1.2.3.4", sopInstanceUID: "1.2.3.4.5",
                                               sopClassUID: "1.2.840.10008.5.1.4.1.1.2", modality: "CT"), path: "x.dcm", at: "20261122100000")
        let mapper = FHIRMapper(state: processor.state, settings: FHIRSettings(localTimeZone: "+01:00"))
        let encoder = JSONEncoder()
        var documents: [Data] = []
        documents += try mapper.patients.map { try encoder.encode($0) }
        documents += try mapper.serviceRequests.map { try encoder.encode($0) }
        documents += try mapper.imagingStudies.map { try encoder.encode($0) }
        documents += try mapper.diagnosticReports.map { try encoder.encode($0) }
        documents += try mapper.observations.map { try encoder.encode($0) }
        documents += try mapper.appointments.map { try encoder.encode($0) }
        let search = FHIRSearch(base: "http://localhost/fhir", zone: "Z")
        let bundle = try search.search(mapper.serviceRequests, query: SearchQuery(items: [("_include", "ServiceRequest:patient"), ("x", "y"), ("_count", "1")]),
                                       patient: { mapper.patient(id: $0) })
        documents.append(try encoder.encode(bundle))
        documents.append(try encoder.encode(CapabilityStatement.make(base: "http://localhost/fhir", date: "2026-11-23T08:00:00Z")))
        documents.append(try encoder.encode(FHIRError.invalid("x").outcome))
        let lines = try await FHIRValidator.validate(documents)
        #expect(lines.count == documents.count)
        for type in ["Patient", "ServiceRequest", "ImagingStudy", "DiagnosticReport", "Observation", "Appointment", "Bundle",
                     "CapabilityStatement", "OperationOutcome"] {
            #expect(lines.contains { $0.hasPrefix("valid \(type)/") }, "no \(type) was validated")
        }
    }

    @Test func theValidatorRefusesWhatIsNotR4() async throws {
        let bad = [
            #"{"resourceType":"ServiceRequest","status":"active","intent":"order"}"#,  // no subject
            #"{"resourceType":"ImagingStudy","status":"done","subject":{"reference":"Patient/1"}}"#,
            #"{"resourceType":"Patient","gender":"f"}"#,
        ]
        for document in bad {
            await #expect(throws: (any Error).self) { try await FHIRValidator.validate([Data(document.utf8)]) }
        }
    }
}
