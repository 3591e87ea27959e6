import Engine
import Foundation
import TestSupport
import Testing

/// The master patient index through FHIR: records of one person in two identifier domains link to
/// each other (`seealso`), and `Patient/$match` answers candidates with score and match grade.
/// Every resource returned is validated with the python `fhir.resources` R4 models.
@Suite(.serialized) struct FHIRMatchTests {
    func adt(_ control: String, _ pid: String) -> String {
        ["MSH|^~\\&|REG|FAC|RADBRIDGE|RAD|20261123080000||ADT^A04^ADT_A01|\(control)|P|2.5.1",
         "EVN|A04|20261123080000", pid, "PV1|1|O"].joined(separator: "\r") + "\r"
    }

    func grade(_ entry: [String: Any]) -> String? {
        ((entry["search"] as? [String: Any])?["extension"] as? [[String: Any]])?.first?["valueCode"] as? String
    }

    @Test func linkedRecordsAndMatchGrades() async throws {
        let engine = try await RunningEngine.start()
        defer { Task { await engine.stop() } }
        let registrations = [
            adt("R1", "PID|1||H100^^^HOSPA^MR||SMITH^JONATHAN^Q||19700312|M|||12 Oak Avenue^^Springfield^^12345||^PRN^PH^^^555^1234567"),
            adt("R2", "PID|1||77^^^HOSPB^MR||SMITH^JOHN||19700312|M|||12 Oak Ave^^Springfield^^12345||5551234567"),
            adt("R3", "PID|1||H200^^^HOSPA^MR||GARCIA^LUIS||19881020|M"),
        ]
        for message in registrations {
            #expect(Messages.msa(try await engine.send(message))?.hasPrefix("MSA|AA|") ?? false)
        }
        let fhir = FHIRClient(port: engine.httpPort)
        let a = try #require(try await fhir.get("/fhir/Patient?identifier=H100").matches.first?["id"] as? String)
        let b = try #require(try await fhir.get("/fhir/Patient?identifier=77").matches.first?["id"] as? String)
        let links = try await fhir.get("/fhir/Patient/\(a)").json["link"] as? [[String: Any]] ?? []
        #expect(links.map { $0["type"] as? String } == ["seealso"])
        #expect((links.first?["other"] as? [String: Any])?["reference"] as? String == "Patient/\(b)")

        // GET: a nickname and the birth date find the person; the best record first, graded.
        let found = try await fhir.get("/fhir/Patient/$match?family=Smith&given=Jon&birthdate=1970-03-12&gender=male")
        #expect(found.status == 200)
        let entries = found.json["entry"] as? [[String: Any]] ?? []
        #expect(!entries.isEmpty)
        #expect(entries.allSatisfy { ($0["search"] as? [String: Any])?["mode"] as? String == "match" })
        let ids = entries.compactMap { ($0["resource"] as? [String: Any])?["id"] as? String }
        #expect(Set(ids).isSubset(of: [a, b]) && !ids.isEmpty, "one person: one candidate")
        #expect(["certain", "probable", "possible"].contains(grade(entries[0]) ?? ""))
        let scores = entries.compactMap { ($0["search"] as? [String: Any])?["score"] as? Double }
        #expect(scores.allSatisfy { (0...1).contains($0) })

        // POST Parameters with more evidence: the address and phone make it certain.
        let parameters: [String: Any] = ["resourceType": "Parameters", "parameter": [
            ["name": "resource", "resource": ["resourceType": "Patient", "name": [["family": "SMITH", "given": ["JONATHAN"]]],
                                              "birthDate": "1970-03-12", "gender": "male",
                                              "telecom": [["system": "phone", "value": "555-123-4567"]],
                                              "address": [["line": ["12 Oak Avenue"], "city": "Springfield", "postalCode": "12345"]]]],
            ["name": "count", "valueInteger": 3],
        ]]
        let posted = try await fhir.request("POST", "/fhir/Patient/$match", json: parameters)
        #expect(posted.status == 200, "\(posted.diagnostics)")
        let best = try #require((posted.json["entry"] as? [[String: Any]])?.first)
        #expect(grade(best) == "certain")
        #expect((best["search"] as? [String: Any])?["score"] as? Double ?? 0 >= 0.9)

        // Nobody like this: an empty searchset, not an error.
        let nobody = try await fhir.get("/fhir/Patient/$match?family=Nobody&birthdate=1901-01-01")
        #expect(nobody.status == 200 && nobody.json["total"] as? Int == 0)

        // Bad requests: OperationOutcome with 400.
        #expect(try await fhir.get("/fhir/Patient/$match").status == 400)
        #expect(try await fhir.get("/fhir/Patient/$match?family=Smith&shoeSize=42").status == 400)
        let wrong = try await fhir.request("POST", "/fhir/Patient/$match", json: ["resourceType": "Patient"])
        #expect(wrong.status == 400 && wrong.json["resourceType"] as? String == "OperationOutcome")

        let metadata = try await fhir.get("/fhir/metadata")
        let patient = ((metadata.json["rest"] as? [[String: Any]])?.first?["resource"] as? [[String: Any]])?.first { $0["type"] as? String == "Patient" }
        #expect((patient?["operation"] as? [[String: Any]])?.first?["name"] as? String == "match")
        #expect(try await fhir.validateAll() >= 8)
    }
}
