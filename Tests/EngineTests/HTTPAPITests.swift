import Engine
import Foundation
import Testing

@Suite(.serialized) struct HTTPAPITests {
    @Test func healthAndJournalQueries() async throws {
        let engine = try await RunningEngine.start()
        _ = try await engine.send(Messages.adt("H1", patient: "P1"))
        _ = try await engine.send(Messages.oru("H2", patient: "P1"))
        _ = try await engine.send("not hl7")
        let health = try await engine.http("GET", "/healthz")
        #expect(health.status == 200)
        #expect((health.json as? [String: String])?["status"] == "ok")
        let all = try await engine.http("GET", "/api/messages").json as! [[String: Any]]
        #expect(all.count == 3)
        let adt = try await engine.http("GET", "/api/messages?type=ADT").json as! [[String: Any]]
        #expect(adt.map { $0["controlID"] as? String } == ["H1"])
        let rejected = try await engine.http("GET", "/api/messages?status=rejected").json as! [[String: Any]]
        #expect(rejected.count == 1)
        let byID = try await engine.http("GET", "/api/messages?controlId=H2&limit=5").json as! [[String: Any]]
        #expect(byID.count == 1)
        let id = try #require(byID.first?["id"] as? Int)
        let detail = try await engine.http("GET", "/api/messages/\(id)").json as! [String: Any]
        #expect((detail["raw"] as? String)?.hasPrefix("MSH|^~\\&|RIS|RAD") == true)
        let segments = detail["segments"] as? [[String: Any]]
        #expect(segments?.map { $0["name"] as? String } == ["MSH", "PID", "OBR", "OBX"])
        await engine.stop()
    }

    @Test func errorsAreProblemDocuments() async throws {
        let engine = try await RunningEngine.start()
        let missing = try await engine.http("GET", "/api/messages/12345")
        #expect(missing.status == 404)
        #expect((missing.json as? [String: Any])?["title"] as? String == "No such message")
        #expect((missing.json as? [String: Any])?["status"] as? Int == 404)
        let badStatus = try await engine.http("GET", "/api/messages?status=lost")
        #expect(badStatus.status == 400)
        _ = try await engine.send(Messages.adt("U1", patient: "P1"))
        let id = try #require(try await engine.http("GET", "/api/messages").json as? [[String: Any]]).first?["id"] as? Int
        let resend = try await engine.http("POST", "/api/messages/\(id ?? 0)/resend")
        #expect(resend.status == 409)
        await engine.stop()
    }
}
