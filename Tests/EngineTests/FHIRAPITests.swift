import Engine
import Foundation
import TestSupport
import Testing

/// The `/fhir` REST API of a running engine: what HL7 messages created is read and searched as
/// FHIR R4, orders are placed and revoked as ServiceRequests through the inbound HL7 path, bad
/// input gets an OperationOutcome and changes nothing. Every resource returned is validated with
/// the python `fhir.resources` R4 models.
@Suite(.serialized) struct FHIRAPITests {
    func fixture(_ name: String) throws -> String {
        try String(contentsOfFile: Paths.fixture(name), encoding: .utf8)
    }

    static let patientSystem = "https://radbridge.invalid/fhir/sid/patient-id/GENHOSP"

    static func serviceRequest(accession: String, mrn: String = "MRN9001", extra: [String: Any] = [:]) -> [String: Any] {
        var r: [String: Any] = [
            "resourceType": "ServiceRequest", "status": "active", "intent": "order",
            "identifier": [["type": ["coding": [["system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "ACSN"]]], "value": accession]],
            "code": ["coding": [["system": "http://loinc.org", "code": "30799-1", "display": "CT Head WO contrast"]], "text": "CT Head without contrast"],
            "orderDetail": [["coding": [["system": "http://dicom.nema.org/resources/ontology/DCM", "code": "CT"]]]],
            "subject": ["reference": "#pat"],
            "contained": [["resourceType": "Patient", "id": "pat", "gender": "male", "birthDate": "1980-02-03",
                           "identifier": [["system": patientSystem, "value": mrn]], "name": [["family": "ROE", "given": ["RICHARD"]]]]],
            "occurrenceDateTime": "2026-11-23T10:15:00Z", "priority": "urgent", "reasonCode": [["text": "Headache"]],
        ]
        for (k, v) in extra { r[k] = v }
        return r
    }

    @Test func readAndSearchWhatHL7Created() async throws {
        let engine = try await RunningEngine.start()
        defer { Task { await engine.stop() } }
        for name in ["adt_a04_register.hl7", "orm_o01_new_ge_zds.hl7", "orm_o01_siemens_zsi.hl7", "oru_r01_report_preliminary.hl7",
                     "oru_r01_critical_pe.hl7", "oru_r01_report_corrected.hl7"] {
            let reply = try await engine.send(try fixture(name))
            #expect(reply.contains("MSA|AA|") || reply.contains("MSA|CA|"), "\(name): \(reply)")
        }
        let fhir = FHIRClient(port: engine.httpPort)

        let patients = try await fhir.get("/fhir/Patient?identifier=\(Self.patientSystem)|MRN100234")
        #expect(patients.status == 200)
        #expect(patients.contentType.hasPrefix("application/fhir+json"))
        #expect(patients.json["total"] as? Int == 1)
        let patientID = try #require(patients.matches.first?["id"] as? String)
        #expect(try await fhir.get("/fhir/Patient/\(patientID)").json["birthDate"] as? String == "1971-04-15")
        #expect(try await fhir.get("/fhir/Patient?name=doe&birthdate=1971-04-15").matches.count == 1)
        #expect(try await fhir.get("/fhir/Patient?birthdate=gt2000").matches.isEmpty)

        let orders = try await fhir.get("/fhir/ServiceRequest?identifier=ACC20261122001&_include=ServiceRequest:patient")
        let order = try #require(orders.matches.first)
        let orderID = try #require(order["id"] as? String)
        #expect(order["status"] as? String == "completed")
        let entries = orders.json["entry"] as? [[String: Any]] ?? []
        #expect(entries.contains { ($0["search"] as? [String: Any])?["mode"] as? String == "include"
                && ($0["resource"] as? [String: Any])?["id"] as? String == patientID })
        #expect(try await fhir.get("/fhir/ServiceRequest?patient=Patient/\(patientID)&status=completed").matches.count == 1)
        #expect(try await fhir.get("/fhir/ServiceRequest?code=MRKNEER").matches.count == 1)
        #expect(try await fhir.get("/fhir/ServiceRequest/\(orderID)").json["id"] as? String == orderID)

        let study = try #require(try await fhir.get("/fhir/ImagingStudy?basedon=ServiceRequest/\(orderID)").matches.first)
        #expect(study["status"] as? String == "registered")
        #expect(try await fhir.get("/fhir/ImagingStudy?modality=MR").matches.count == 1)

        let report = try #require(try await fhir.get("/fhir/DiagnosticReport?based-on=ServiceRequest/\(orderID)").matches.first)
        let reportID = try #require(report["id"] as? String)
        #expect(report["status"] as? String == "corrected")
        #expect((report["meta"] as? [String: Any])?["versionId"] as? String == "3")
        #expect(try await fhir.get("/fhir/DiagnosticReport/\(reportID)/_history/1").json["status"] as? String == "preliminary")
        #expect(try await fhir.get("/fhir/DiagnosticReport/\(reportID)/_history/2").json["status"] as? String == "final")
        #expect(try await fhir.get("/fhir/DiagnosticReport/\(reportID)/_history/9").status == 404)
        #expect(try await fhir.get("/fhir/DiagnosticReport?status=corrected&patient=Patient/\(patientID)").matches.count == 1)

        let finding = try #require(try await fhir.get("/fhir/Observation?patient=Patient/\(patientID)").matches.first)
        #expect(((finding["interpretation"] as? [[String: Any]])?.first?["coding"] as? [[String: Any]])?.first?["code"] as? String == "AA")
        #expect(try await fhir.get("/fhir/Observation/\(finding["id"] as? String ?? "")").status == 200)

        let steps = try await fhir.get("/fhir/Appointment?patient=Patient/\(patientID)&_include=Appointment:patient")
        #expect(steps.matches.first?["status"] as? String == "fulfilled")

        // Paging: one per page, the next link leads to the second.
        let first = try await fhir.get("/fhir/Patient?_count=1")
        #expect(first.json["total"] as? Int == 2)
        let next = try #require((first.json["link"] as? [[String: String]])?.first { $0["relation"] == "next" }?["url"])
        let second = try await fhir.get(try #require(URL(string: next)).path + "?" + (URL(string: next)?.query ?? ""))
        #expect(second.matches.count == 1)
        #expect(second.matches.first?["id"] as? String != first.matches.first?["id"] as? String)

        #expect(try await fhir.validateAll() >= 20)
    }

    /// Every search parameter and include the CapabilityStatement lists is accepted under strict
    /// handling, and the interactions it does not list are refused.
    @Test func metadataTellsTheTruth() async throws {
        let engine = try await RunningEngine.start()
        defer { Task { await engine.stop() } }
        let fhir = FHIRClient(port: engine.httpPort)
        let metadata = try await fhir.get("/fhir/metadata")
        #expect(metadata.status == 200)
        #expect(metadata.json["fhirVersion"] as? String == "4.0.1")
        let rest = try #require((metadata.json["rest"] as? [[String: Any]])?.first)
        let resources = try #require(rest["resource"] as? [[String: Any]])
        #expect(Set(resources.compactMap { $0["type"] as? String })
                == ["Patient", "ServiceRequest", "ImagingStudy", "DiagnosticReport", "Observation", "Appointment"])
        let strict = ["Prefer": "handling=strict"]
        let sample = ["token": "x", "string": "x", "date": "2026", "reference": "Patient/1"]
        for resource in resources {
            let type = try #require(resource["type"] as? String)
            for parameter in resource["searchParam"] as? [[String: String]] ?? [] {
                let name = parameter["name"] ?? "", value = sample[parameter["type"] ?? ""] ?? "x"
                let reply = try await fhir.get("/fhir/\(type)?\(name)=\(value)", headers: strict)
                #expect(reply.status == 200, "\(type)?\(name): \(reply.diagnostics)")
            }
            for include in resource["searchInclude"] as? [String] ?? [] {
                #expect(try await fhir.get("/fhir/\(type)?_include=\(include)", headers: strict).status == 200, "\(include)")
            }
            #expect(try await fhir.get("/fhir/\(type)?unknown-parameter=1", headers: strict).status == 400)
            let interactions = Set((resource["interaction"] as? [[String: String]] ?? []).compactMap { $0["code"] })
            #expect(interactions.isSuperset(of: ["read", "search-type"]))
            if !interactions.contains("create") {
                #expect(try await fhir.request("POST", "/fhir/\(type)", json: ["resourceType": type]).status == 405, "\(type) create")
            }
            if !interactions.contains("update") {
                #expect(try await fhir.request("PUT", "/fhir/\(type)/1", json: ["resourceType": type, "id": "1"]).status == 405, "\(type) update")
            }
            #expect(try await fhir.request("DELETE", "/fhir/\(type)/1").status == 405)
            if !interactions.contains("vread") {
                #expect(try await fhir.get("/fhir/\(type)/1/_history/1").status == 405, "\(type) vread")
            }
        }
        #expect(try await fhir.validateAll() > 0)
    }

    @Test func createChangeAndRevokeGoThroughTheInboundPath() async throws {
        let sink = try await PythonSink()
        defer { sink.stop() }
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: """
            destinations:
              ris: { mllp: "127.0.0.1:\(sink.port)", ackTimeout: 2, backoff: { initial: 0.05, max: 0.2 } }
            routes:
              - { match: { type: "ORM^*" }, to: [ris] }
            """))
        defer { Task { await engine.stop() } }
        let fhir = FHIRClient(port: engine.httpPort)

        let created = try await fhir.request("POST", "/fhir/ServiceRequest", json: Self.serviceRequest(accession: "FHIR0001"))
        #expect(created.status == 201, "\(created.diagnostics)")
        let id = try #require(created.json["id"] as? String)
        #expect(created.headers["location"]?.hasSuffix("/fhir/ServiceRequest/\(id)") == true)
        #expect(created.json["status"] as? String == "active")
        #expect(created.json["priority"] as? String == "asap")
        #expect((created.json["subject"] as? [String: Any])?["reference"] as? String != nil)
        let read = try await fhir.get("/fhir/ServiceRequest/\(id)")
        #expect(read.json["authoredOn"] as? String != nil)
        #expect(((read.json["code"] as? [String: Any])?["coding"] as? [[String: Any]])?.first?["code"] as? String == "30799-1")

        // Journaled as the ORM it stands for, answered, on the worklist, routed to the RIS.
        let journal = try #require(try await engine.http("GET", "/api/messages?type=ORM%5EO01").json as? [[String: Any]])
        #expect(journal.count == 1)
        #expect(journal.first?["sendingApplication"] as? String == "FHIR")
        #expect(journal.first?["status"] as? String == "accepted")
        let worklist = try #require(try await engine.http("GET", "/api/worklist?modality=CT").json as? [[String: Any]])
        #expect(worklist.map { $0["accessionNumber"] as? String } == ["FHIR0001"])
        #expect(worklist.first?["patientID"] as? String == "MRN9001")
        #expect(try await sink.waitUntil { $0.received.count >= 1 })
        #expect(sink.received.first?.patient == "MRN9001")

        // A second order for the same patient by reference.
        let patientRef = try #require((created.json["subject"] as? [String: Any])?["reference"] as? String)
        var byReference = Self.serviceRequest(accession: "FHIR0002", extra: ["subject": ["reference": patientRef]])
        byReference.removeValue(forKey: "contained")
        #expect(try await fhir.request("POST", "/fhir/ServiceRequest", json: byReference).status == 201)
        #expect(try await fhir.get("/fhir/ServiceRequest?\(patientRef.replacingOccurrences(of: "Patient/", with: "patient="))").matches.count == 2)

        // The same accession again: refused, nothing changed.
        let duplicate = try await fhir.request("POST", "/fhir/ServiceRequest", json: Self.serviceRequest(accession: "FHIR0001"))
        #expect(duplicate.status == 422)
        #expect(duplicate.diagnostics.contains("FHIR0001"))

        // Hold, release, revoke.
        var resource = read.json
        resource["status"] = "on-hold"
        #expect(try await fhir.request("PUT", "/fhir/ServiceRequest/\(id)", json: resource).json["status"] as? String == "on-hold")
        resource["status"] = "active"
        #expect(try await fhir.request("PUT", "/fhir/ServiceRequest/\(id)", json: resource).json["status"] as? String == "active")
        resource["status"] = "revoked"
        let revoked = try await fhir.request("PUT", "/fhir/ServiceRequest/\(id)", json: resource)
        #expect(revoked.status == 200, "\(revoked.diagnostics)")
        #expect(revoked.json["status"] as? String == "revoked")
        let order = try #require((try await engine.http("GET", "/api/orders?accession=FHIR0001").json as? [[String: Any]])?.first)
        #expect(order["status"] as? String == "cancelled")
        let controls = try #require(try await engine.http("GET", "/api/orders/\(id)").json as? [String: Any])
        #expect((controls["history"] as? [[String: Any]])?.compactMap { $0["cause"] as? String }.last?.contains("ORC-1=CA") == true)
        let remaining = try #require(try await engine.http("GET", "/api/worklist?modality=CT").json as? [[String: Any]])
        #expect(remaining.map { $0["accessionNumber"] as? String } == ["FHIR0002"])
        // Revoking again is refused by the state machine: 422, still cancelled.
        let again = try await fhir.request("PUT", "/fhir/ServiceRequest/\(id)", json: resource)
        #expect(again.status == 422)
        #expect(again.diagnostics.contains("cancelled"))
        #expect(try await fhir.get("/fhir/ServiceRequest/\(id)").json["status"] as? String == "revoked")

        // After a restart the orders are there (replayed from the journal of events).
        let restarted = try await engine.restart()
        defer { Task { await restarted.stop() } }
        let replayed = FHIRClient(port: restarted.httpPort)
        #expect(try await replayed.get("/fhir/ServiceRequest?identifier=FHIR0001").matches.first?["status"] as? String == "revoked")
        #expect(try await replayed.get("/fhir/ServiceRequest?identifier=FHIR0002").matches.first?["status"] as? String == "active")
        #expect(try await fhir.validateAll() > 0)
        #expect(try await replayed.validateAll() > 0)
    }

    @Test func badInputGetsAnOperationOutcomeAndChangesNothing() async throws {
        let engine = try await RunningEngine.start()
        defer { Task { await engine.stop() } }
        _ = try await engine.send(try fixture("adt_a04_register.hl7"))
        _ = try await engine.send(try fixture("orm_o01_new_ge_zds.hl7"))
        let fhir = FHIRClient(port: engine.httpPort)
        func snapshot() async throws -> [Int] {
            [try await engine.http("GET", "/api/orders").json as? [Any] ?? [], try await engine.http("GET", "/api/patients").json as? [Any] ?? [],
             try await engine.http("GET", "/api/messages").json as? [Any] ?? []].map(\.count)
        }
        let before = try await snapshot()

        let json = ["Content-Type": "application/fhir+json"]
        let cases: [(String, String, Data?, [String: String], Int)] = [
            ("POST", "/fhir/ServiceRequest", Data("{\"resourceType\": \"ServiceRequest\",".utf8), json, 400),
            ("POST", "/fhir/ServiceRequest", Data("[]".utf8), json, 400),
            ("POST", "/fhir/ServiceRequest", Data(#"{"resourceType":"Patient","name":[{"family":"X"}]}"#.utf8), json, 400),
            ("POST", "/fhir/ServiceRequest", Data(#"{"resourceType":"ServiceRequest","status":"active","intent":"order","code":{"text":"CT"}}"#.utf8), json, 422),
            ("POST", "/fhir/ServiceRequest", Data(#"{"resourceType":"ServiceRequest","status":"active","intent":"order","code":{"text":"CT"},"subject":{"reference":"Patient/999"}}"#.utf8), json, 422),
            ("POST", "/fhir/ServiceRequest", Data(#"{"resourceType":"ServiceRequest","status":["active"]}"#.utf8), json, 400),
            ("POST", "/fhir/ServiceRequest", Data("<ServiceRequest/>".utf8), ["Content-Type": "application/fhir+xml"], 415),
            ("POST", "/fhir/ServiceRequest", Data(repeating: 0x20, count: 2 << 20), json, 413),
            ("PUT", "/fhir/ServiceRequest/1", Data(#"{"resourceType":"ServiceRequest","id":"2","status":"revoked","intent":"order"}"#.utf8), json, 400),
            ("PUT", "/fhir/ServiceRequest/77", Data(#"{"resourceType":"ServiceRequest","id":"77","status":"revoked","intent":"order"}"#.utf8), json, 404),
            ("PUT", "/fhir/ServiceRequest/1", Data(#"{"resourceType":"ServiceRequest","id":"1","status":"completed","intent":"order"}"#.utf8), json, 422),
            ("POST", "/fhir/Patient", Data(#"{"resourceType":"Patient"}"#.utf8), json, 405),
            ("DELETE", "/fhir/ServiceRequest/1", nil, [:], 405),
            ("GET", "/fhir/Practitioner", nil, [:], 404),
            ("GET", "/fhir/Patient/999", nil, [:], 404),
            ("GET", "/fhir/ServiceRequest?authored=yesterday", nil, [:], 400),
            ("GET", "/fhir/ServiceRequest?_count=-1", nil, [:], 400),
            ("GET", "/fhir/ServiceRequest?colour=blue", nil, ["Prefer": "handling=strict"], 400),
            ("GET", "/fhir/ServiceRequest?status:below=active", nil, ["Prefer": "return=minimal, handling=strict"], 400),
            ("GET", "/fhir/a/b/c/d", nil, [:], 404),
        ]
        for (method, path, body, headers, status) in cases {
            let reply = try await fhir.request(method, path, body: body, headers: headers)
            #expect(reply.status == status, "\(method) \(path): \(reply.status) \(reply.diagnostics)")
            #expect(reply.json["resourceType"] as? String == "OperationOutcome", "\(method) \(path)")
            #expect(!reply.diagnostics.isEmpty, "\(method) \(path)")
        }
        // Lenient (the default): the unknown parameter is ignored and said so.
        let lenient = try await fhir.get("/fhir/ServiceRequest?colour=blue&identifier=ACC20261122001")
        #expect(lenient.status == 200)
        #expect(lenient.matches.count == 1)
        let outcome = (lenient.json["entry"] as? [[String: Any]])?.last
        #expect((outcome?["search"] as? [String: Any])?["mode"] as? String == "outcome")
        #expect(((outcome?["resource"] as? [String: Any])?["issue"] as? [[String: Any]])?.first?["diagnostics"] as? String
                == "ignored unknown or unsupported search parameters: colour")

        #expect(try await snapshot() == before)
        #expect(try await fhir.validateAll() == cases.count + 1)
    }
}
