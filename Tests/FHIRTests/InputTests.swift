import FHIR
import Foundation
import HL7
import Testing
import Workflow

@Suite struct FHIRInputTests {
    static func body(_ object: [String: Any]) -> Data { try! JSONSerialization.data(withJSONObject: object) }

    static func request(subject: [String: Any] = ["reference": "#p"], contained: [[String: Any]]? = nil,
                        accession: String? = "FHIRACC1", extra: [String: Any] = [:]) -> Data {
        var r: [String: Any] = [
            "resourceType": "ServiceRequest", "status": "active", "intent": "order", "priority": "stat",
            "code": ["coding": [["system": "https://radbridge.invalid/fhir/sid/procedure/L", "code": "CTHEAD", "display": "CT Head without contrast"],
                                ["system": "http://loinc.org", "code": "30799-1", "display": "CT Head WO contrast"]],
                     "text": "CT Head without contrast"],
            "orderDetail": [["coding": [["system": "http://dicom.nema.org/resources/ontology/DCM", "code": "CT"]]]],
            "subject": subject, "occurrenceDateTime": "2026-11-23T10:15:00Z",
            "reasonCode": [["text": "Headache"]],
        ]
        r["contained"] = contained ?? [[
            "resourceType": "Patient", "id": "p", "gender": "male", "birthDate": "1980-02-03",
            "identifier": [["system": "https://radbridge.invalid/fhir/sid/patient-id/GENHOSP", "value": "MRN9001"]],
            "name": [["family": "ROE", "given": ["RICHARD"]]],
        ]]
        if let accession {
            r["identifier"] = [["type": ["coding": [["system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "ACSN"]]], "value": accession]]
        }
        for (k, v) in extra { r[k] = v }
        return body(r)
    }

    static func status(_ body: () throws -> Void) -> Int? {
        do {
            try body()
            return nil
        } catch let error as FHIRError {
            return error.status
        } catch {
            return -1
        }
    }

    @Test func aServiceRequestBecomesAnORMThatPlacesTheOrder() throws {
        var processor = try Fixtures.processor(Fixtures.ordered)
        let factory = OrderMessageFactory(state: processor.state, settings: Fixtures.settings)
        let message = try factory.newOrder(Self.request(), controlID: "F1", at: "20261123080000")
        #expect(message["MSH-9"] == "ORM^O01^ORM_O01")
        #expect(message["ORC-1"] == "NW")
        #expect(message["PID-3.1"] == "MRN9001")
        #expect(message["PID-3.4"] == "GENHOSP")
        #expect(message["OBR-3"] == "FHIRACC1")
        #expect(message["OBR-4.1"] == "CTHEAD")
        #expect(message["OBR-4.4"] == "30799-1")
        #expect(message["OBR-4.6"] == "LN")
        #expect(message["OBR-24"] == "CT")
        #expect(message["OBR-27.4"] == "20261123101500")
        #expect(message["OBR-27.6"] == "S")
        #expect(HL7Validator.validate(message).filter { $0.severity == .error }.isEmpty)
        let outcome = processor.process(message, at: "20261123080000")
        #expect(outcome.code == .AA)
        let order = try #require(processor.state.order(accession: "FHIRACC1"))
        #expect(order.state == .scheduled)
        #expect(processor.state.patient(of: order)?.name.family == "ROE")
        let mapped = FHIRMapper(state: processor.state, settings: Fixtures.settings).serviceRequest(order)
        #expect(mapped.occurrenceDateTime == "2026-11-23T10:15:00Z")
        #expect(mapped.priority == "stat")
        #expect(mapped.code?.coding?.map(\.code) == ["CTHEAD", "30799-1"])
    }

    @Test func anExistingPatientByReferenceOrIdentifier() throws {
        var processor = try Fixtures.processor(Fixtures.ordered)
        let factory = OrderMessageFactory(state: processor.state, settings: Fixtures.settings)
        let byReference = try factory.newOrder(Self.request(subject: ["reference": "Patient/1"], contained: [], accession: "A1"),
                                               controlID: "F2", at: "20261123080000")
        #expect(byReference["PID-3.1"] == "MRN100234")
        #expect(processor.process(byReference).code == .AA)
        let byIdentifier = try OrderMessageFactory(state: processor.state, settings: Fixtures.settings).newOrder(
            Self.request(subject: ["identifier": ["system": "https://radbridge.invalid/fhir/sid/patient-id/NORTHCLINIC", "value": "NC-448812"]],
                         contained: [], accession: nil), controlID: "F3", at: "20261123080000")
        #expect(byIdentifier["PID-3.1"] == "NC-448812")
        #expect(processor.process(byIdentifier).code == .AA)
        #expect(processor.state.orders.count == 4)
    }

    @Test func badRequestsAreRefusedWithTheirStatus() throws {
        let processor = try Fixtures.processor(Fixtures.ordered)
        let factory = OrderMessageFactory(state: processor.state, settings: Fixtures.settings)
        func status(_ data: Data) -> Int? { Self.status { _ = try factory.newOrder(data, controlID: "X", at: "20261123080000") } }
        #expect(status(Data("{not json".utf8)) == 400)
        #expect(status(Data("[1,2]".utf8)) == 400)
        #expect(status(Self.body(["resourceType": "Patient"])) == 400)
        #expect(status(Self.body(["status": "active"])) == 400)
        #expect(status(Self.request(extra: ["status": 7])) == 400)
        #expect(status(Self.request(extra: ["occurrenceDateTime": "tomorrow"])) == 400)
        #expect(status(Self.request(extra: ["priority": "whenever"])) == 400)
        #expect(status(Self.request(extra: ["status": "draft"])) == 422)
        #expect(status(Self.request(extra: ["intent": "plan"])) == 422)
        #expect(status(Self.request(subject: ["reference": "Patient/99"], contained: [])) == 422)
        #expect(status(Self.request(subject: ["reference": "Group/1"], contained: [])) == 422)
        #expect(status(Self.request(subject: ["reference": "#nobody"])) == 422)
        #expect(status(Self.request(accession: "ACC20261122001")) == 422)
        #expect(status(Self.request(extra: ["code": ["coding": []]])) == 422)
        #expect(status(Self.request(contained: [["resourceType": "Patient", "id": "p", "name": [["family": "X"]]]])) == 422)
        #expect(status(Self.request(contained: [["resourceType": "Patient", "id": "p", "name": [["family": "X"]],
                                                  "identifier": [["system": "http://unknown.example", "value": "1"]]]])) == 422)
        #expect(status(Self.request(extra: ["identifier": [["system": "urn:dicom:uid", "value": "urn:oid:not-a-uid"]]])) == 400)
    }

    @Test func revokingCancelsWithORCCA() throws {
        var processor = try Fixtures.processor(Fixtures.ordered)
        let factory = OrderMessageFactory(state: processor.state, settings: Fixtures.settings)
        var resource = FHIRMapper(state: processor.state, settings: Fixtures.settings).serviceRequest(id: "2")!
        resource.status = "revoked"
        let data = try JSONEncoder().encode(resource)
        let message = try factory.update(orderID: 2, data, controlID: "F9", at: "20261123080000")
        #expect(message["ORC-1"] == "CA")
        #expect(message["OBR-3"] == "NCACC0091")
        #expect(processor.process(message).code == .AA)
        #expect(processor.state.orders[2]?.state == .cancelled)
        #expect(Self.status { _ = try factory.update(orderID: 1, data, controlID: "F9", at: "20261123080000") } == 400)
        #expect(Self.status { _ = try factory.update(orderID: 7, data, controlID: "F9", at: "20261123080000") } == 400)
        resource.status = "completed"
        #expect(Self.status { _ = try factory.update(orderID: 2, try! JSONEncoder().encode(resource), controlID: "F9", at: "20261123080000") } == 422)
    }

    @Test func activeWithNewDetailsChangesWithORCXO() throws {
        var processor = try Fixtures.processor(Fixtures.ordered)
        var resource = FHIRMapper(state: processor.state, settings: Fixtures.settings).serviceRequest(id: "1")!
        resource.priority = "stat"
        resource.occurrenceDateTime = "2026-11-22T11:00:00Z"
        let message = try OrderMessageFactory(state: processor.state, settings: Fixtures.settings)
            .update(orderID: 1, try JSONEncoder().encode(resource), controlID: "F10", at: "20261123080000")
        #expect(message["ORC-1"] == "XO")
        #expect(message["OBR-27.6"] == "S")
        #expect(processor.process(message).code == .AA)
        let order = try #require(processor.state.orders[1])
        #expect(order.priority == "S")
        #expect(order.steps.first?.startDateTime == "20261122110000")
        #expect(order.accessionNumber == "ACC20261122001")
        // The accession is identity: changing it is refused.
        resource.identifier = [Identifier(type: CodeableConcept(coding: [Coding(system: FHIRSystems.identifierType, code: "ACSN")]),
                                          system: nil, value: "OTHER")]
        #expect(Self.status { _ = try OrderMessageFactory(state: processor.state, settings: Fixtures.settings)
            .update(orderID: 1, try JSONEncoder().encode(resource), controlID: "F11", at: "20261123080000") } == 422)
    }
}
