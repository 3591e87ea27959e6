import DICOM
import Engine
import Foundation
import NIOCore
import Store
import Testing

/// Issue 15, the HTTP side, over real sockets against a running engine: requests that used to end
/// the process (year 9999, offsets near Int.max, a frame number past a forged NumberOfFrames),
/// cross-site requests, duplicate resends, idle connections. After each attack the engine still
/// answers `/healthz` and an MLLP message.
@Suite(.serialized) struct HostileHTTPTests {
    static let studyUID = "1.2.840.113619.2.55.3.2831164356.789.1732264700.1"  // the GE order's

    func client(_ engine: RunningEngine) -> RawHTTPClient { RawHTTPClient(port: engine.httpPort) }

    func fixture(_ name: String) throws -> String {
        try String(contentsOfFile: Paths.fixture(name), encoding: .utf8)
    }

    /// `/healthz` answers and an ADT is acknowledged.
    func expectAlive(_ engine: RunningEngine, after attack: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let health = try await client(engine).send("GET", "/healthz")
        #expect(health.status == 200, "healthz after \(attack)", sourceLocation: sourceLocation)
        let reply = try await engine.send(Messages.adt("ALIVE\(UUID().uuidString.prefix(8))", patient: "ALIVE1"))
        #expect(reply.contains("MSA|AA|") || reply.contains("MSA|CA|"), "MLLP after \(attack): \(reply)", sourceLocation: sourceLocation)
    }

    func expectProblem(_ answer: RawHTTPClient.Answer, _ status: Int, _ what: String,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(answer.status == status, "\(what): \(String(decoding: answer.body, as: UTF8.self))", sourceLocation: sourceLocation)
        #expect(answer.contentType == "application/problem+json", "\(what)", sourceLocation: sourceLocation)
        #expect(answer.json["status"] as? Int == status, "\(what)", sourceLocation: sourceLocation)
        #expect((answer.json["detail"] as? String)?.isEmpty == false, "\(what)", sourceLocation: sourceLocation)
    }

    func expectOperationOutcome(_ answer: RawHTTPClient.Answer, _ status: Int, _ what: String,
                                sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(answer.status == status, "\(what): \(String(decoding: answer.body, as: UTF8.self))", sourceLocation: sourceLocation)
        #expect(answer.contentType == "application/fhir+json", "\(what)", sourceLocation: sourceLocation)
        #expect(answer.json["resourceType"] as? String == "OperationOutcome", "\(what)", sourceLocation: sourceLocation)
    }

    // MARK: Numbers from the request

    @Test func fhirDatesInTheYear9999AreSearchedNotFatal() async throws {
        let engine = try await RunningEngine.start()
        defer { Task { await engine.stop() } }
        // A patient born in "9999" (a valid DTM) is a search target whose range reaches the last year.
        let born9999 = Messages.adt("Y9999", patient: "P9999", event: "A04").replacingOccurrences(of: "||19700101|", with: "||9999|")
        let registered = try await engine.send(born9999)
        #expect(registered.contains("MSA|AA|Y9999") || registered.contains("MSA|CA|Y9999"), "\(registered)")
        let http = client(engine)
        for query in ["Patient?birthdate=9999", "Patient?birthdate=9999-12", "Patient?birthdate=9999-02", "Patient?birthdate=le9999-12-31",
                      "Patient?birthdate=ge2000", "ServiceRequest?authored=9999", "Appointment?date=9999-12-31T23:59:59-14:00",
                      "DiagnosticReport?issued=sa9999", "ImagingStudy?started=9999-12-31T23:59%2B14:00"] {
            let answer = try await http.send("GET", "/fhir/\(query)")
            #expect(answer.status == 200, "\(query): \(String(decoding: answer.body, as: UTF8.self))")
            #expect(answer.json["resourceType"] as? String == "Bundle", "\(query)")
            try await expectAlive(engine, after: query)
        }
        let found = try await http.send("GET", "/fhir/Patient?birthdate=9999")
        #expect(found.json["total"] as? Int == 1)
        for query in ["Patient?birthdate=10000", "Patient?birthdate=9999-13", "Patient?birthdate=99999-01-01"] {
            expectOperationOutcome(try await http.send("GET", "/fhir/\(query)"), 400, query)
        }
        try await expectAlive(engine, after: "bad dates")
    }

    @Test func fhirOffsetNearIntMaxIsAnEmptyPage() async throws {
        let engine = try await RunningEngine.start()
        defer { Task { await engine.stop() } }
        #expect(Messages.msa(try await engine.send(try fixture("adt_a04_register.hl7"))) == "MSA|CA|ADT0001")
        let http = client(engine)
        for query in ["_offset=9223372036854775807", "_offset=9223372036854775807&_count=1000", "_offset=9223372036854775000&_count=1000",
                      "_offset=1000&_count=1000"] {
            let answer = try await http.send("GET", "/fhir/Patient?\(query)")
            #expect(answer.status == 200, "\(query): \(String(decoding: answer.body, as: UTF8.self))")
            #expect((answer.json["total"] as? Int ?? 0) >= 1, "\(query)")  // every check of the engine adds a patient
            #expect((answer.json["entry"] as? [Any] ?? []).isEmpty, "\(query)")
            let links = (answer.json["link"] as? [[String: Any]] ?? []).compactMap { $0["relation"] as? String }
            #expect(!links.contains("next"), "\(query)")
            try await expectAlive(engine, after: query)
        }
        for query in ["_offset=9223372036854775808", "_offset=-1", "_count=1001"] {
            expectOperationOutcome(try await http.send("GET", "/fhir/Patient?\(query)"), 400, query)
        }
    }

    /// ADT and the GE order, then CT_small filed with it by STOW-RS; `numberOfFrames` forges (0028,0008).
    func engineWithFiledStudy(numberOfFrames: String? = nil) async throws -> (RunningEngine, series: String, sop: String) {
        let engine = try await RunningEngine.start()
        #expect(Messages.msa(try await engine.send(try fixture("adt_a04_register.hl7"))) == "MSA|CA|ADT0001")
        #expect(try await engine.send(try fixture("orm_o01_new_ge_zds.hl7")).contains("\rORC|OK|"))
        let sop = "1.2.826.0.1.3680043.10.999.15.1"
        let url = Paths.repository.appendingPathComponent("Tests/Fixtures/dicom/CT_small.dcm")
        var file = try DICOMFile(bytes: [UInt8](Data(contentsOf: url)))
        file.dataSet.set(.patientID, .LO, "MRN100234")
        file.dataSet.set(.accessionNumber, .SH, "ACC20261122001")
        file.dataSet.set(.studyInstanceUID, .UI, Self.studyUID)
        file.dataSet.set(.sopInstanceUID, .UI, sop)
        if let numberOfFrames { file.dataSet.set(Tag(0x0028, 0x0008), .IS, numberOfFrames) }
        let bytes = try DICOMFile(dataSet: file.dataSet, transferSyntax: file.transferSyntax).encoded()
        let body = Array("--B15\r\nContent-Type: application/dicom\r\n\r\n".utf8) + bytes + Array("\r\n--B15--\r\n".utf8)
        let stored = try await client(engine).send("POST", "/dicomweb/studies",
                                                   headers: [("Content-Type", #"multipart/related; type="application/dicom"; boundary=B15"#)],
                                                   body: body)
        #expect(stored.status == 200, "STOW: \(String(decoding: stored.body, as: UTF8.self))")
        let series = try #require(file.dataSet.string(.seriesInstanceUID))
        return (engine, series, sop)
    }

    @Test func qidoLimitAndOffsetNearIntMaxAreAnEmptyPage() async throws {
        let (engine, _, _) = try await engineWithFiledStudy()
        defer { Task { await engine.stop() } }
        let http = client(engine)
        let all = try await http.send("GET", "/dicomweb/studies")
        #expect(all.status == 200 && all.jsonArray?.count == 1)
        for path in ["/dicomweb/studies?limit=9223372036854775807&offset=1", "/dicomweb/studies?limit=9223372036854775807&offset=0",
                     "/dicomweb/series?limit=9223372036854775807&offset=1", "/dicomweb/instances?offset=9223372036854775807&limit=9223372036854775807",
                     "/dicomweb/studies/\(Self.studyUID)/instances?limit=9223372036854775807&offset=1"] {
            let answer = try await http.send("GET", path)
            #expect(answer.status == 200, "\(path): \(String(decoding: answer.body, as: UTF8.self))")
            let expected = path.contains("offset=0") ? 1 : 0
            #expect(answer.jsonArray?.count == expected, "\(path)")
            try await expectAlive(engine, after: path)
        }
        expectProblem(try await http.send("GET", "/dicomweb/studies?limit=9223372036854775808"), 400, "limit past Int.max")
        expectProblem(try await http.send("GET", "/dicomweb/studies?offset=-1"), 400, "negative offset")
    }

    @Test func aFrameNumberPastAForgedNumberOfFramesIsNotFound() async throws {
        let (engine, series, sop) = try await engineWithFiledStudy(numberOfFrames: "9223372036854775807")
        defer { Task { await engine.stop() } }
        let http = client(engine)
        let instance = "/dicomweb/studies/\(Self.studyUID)/series/\(series)/instances/\(sop)"
        let first = try await http.send("GET", instance + "/frames/1/rendered")
        #expect(first.status == 200 && first.contentType == "image/png")
        #expect(first.body.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        for frame in ["4611686018427387904", "9223372036854775807", "2"] {
            let answer = try await http.send("GET", instance + "/frames/\(frame)/rendered")
            expectProblem(answer, 404, "frame \(frame)")
            // The pixel data holds one frame, whatever (0028,0008) claims.
            #expect((answer.json["detail"] as? String)?.contains("outside 1…1") == true, "frame \(frame)")
            try await expectAlive(engine, after: "frame \(frame)")
        }
        for frame in ["0", "-1", "9223372036854775808", "x"] {
            expectProblem(try await http.send("GET", instance + "/frames/\(frame)/rendered"), 400, "frame \(frame)")
        }
    }

    @Test func stowOverTheBoundIsRefusedBeforeTheBodyAndRetrieveIsStreamed() async throws {
        let (engine, series, sop) = try await engineWithFiledStudy()
        defer { Task { await engine.stop() } }
        let http = client(engine)
        // Announced larger than dicom.stowMaxBytes: 413 without waiting for a terabyte.
        let started = ContinuousClock.now
        let huge = try await http.send("POST", "/dicomweb/studies", headers: [
            ("Content-Type", #"multipart/related; type="application/dicom"; boundary=B15"#), ("Content-Length", "1000000000000")])
        expectProblem(huge, 413, "Content-Length 10^12")
        #expect(ContinuousClock.now - started < .seconds(5))
        try await expectAlive(engine, after: "huge STOW")

        // The whole study, part by part: chunked, no Content-Length computed from a buffered study.
        let study = try await http.send("GET", "/dicomweb/studies/\(Self.studyUID)")
        #expect(study.status == 200)
        #expect(study.headers["transfer-encoding"]?.lowercased() == "chunked" && study.headers["content-length"] == nil)
        let boundary = try #require(study.contentType.components(separatedBy: "boundary=").last)
        let text = String(decoding: study.body, as: UTF8.self)
        #expect(text.hasPrefix("--\(boundary)\r\nContent-Type: application/dicom; transfer-syntax="))
        #expect(text.hasSuffix("\r\n--\(boundary)--\r\n"))
        #expect(study.body.count > 128 && Array(study.body).firstRange(of: Array("DICM".utf8)) != nil)
        #expect(text.contains(sop) && text.contains(series))
    }

    // MARK: Cross-site requests

    @Test func foreignHostsAndOriginsAreRefused() async throws {
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: "http: { allowedHosts: [radbridge.example, \"proxy.example:8443\"] }"))
        defer { Task { await engine.stop() } }
        let http = client(engine)
        let port = engine.httpPort
        // DNS rebinding: the browser sends the attacker's name.
        for host in ["evil.example:\(port)", "evil.example", "127.0.0.1:\(port + 1)", "localhost:1", "proxy.example:8080", "0.0.0.0:\(port)", "0.0.0.0",
                     "127.0.0.1:\(port)@evil.example"] {
            for path in ["/api/messages", "/api/destinations", "/dicomweb/studies", "/api/no-such-route"] {
                let answer = try await http.send("GET", path, host: host)
                expectProblem(answer, 421, "Host '\(host)' \(path)")
                #expect(answer.json["title"] as? String == "Host not allowed")
            }
            expectOperationOutcome(try await http.send("GET", "/fhir/Patient", host: host), 421, "Host '\(host)' /fhir")
        }
        expectProblem(try await http.send("GET", "/api/messages", host: nil), 421, "no Host")
        for host in ["127.0.0.1:\(port)", "127.0.0.1", "localhost:\(port)", "LOCALHOST:\(port)", "[::1]:\(port)", "radbridge.example",
                     "radbridge.example:\(port)", "radbridge.example.:443", "proxy.example:8443"] {
            let answer = try await http.send("GET", "/api/messages", host: host)
            #expect(answer.status == 200, "Host '\(host)': \(String(decoding: answer.body, as: UTF8.self))")
        }
        // Health checks from a load balancer name the machine as they like.
        #expect(try await http.send("GET", "/healthz", host: "10.9.8.7").status == 200)

        // A page on another site: the browser names it in Origin.
        _ = try await engine.send(Messages.adt("X1", patient: "P1"))
        let id = try #require(try await engine.store.journalEntries(JournalQuery(controlID: "X1")).first?.id)
        for origin in ["http://evil.example", "null", "http://127.0.0.1:\(port + 1)", "http://localhost", "file://", "https://radbridge.example.evil"] {
            let answer = try await http.send("POST", "/api/messages/\(id)/resend", headers: [("Origin", origin)])
            expectProblem(answer, 403, "Origin \(origin)")
            #expect(answer.json["title"] as? String == "Cross-site request refused")
        }
        for origin in ["http://127.0.0.1:\(port)", "http://localhost:\(port)", "https://radbridge.example"] {
            let answer = try await http.send("POST", "/api/messages/\(id)/resend", headers: [("Origin", origin)])
            expectProblem(answer, 409, "Origin \(origin) (allowed; the ADT was never routed)")
        }

        // A form or text/plain post needs no preflight: /api bodies must say JSON.
        let json = Array(#"{"by": "attacker", "note": "closed"}"#.utf8)
        for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", nil] {
            let headers = type.map { [("Content-Type", $0)] } ?? []
            let answer = try await http.send("POST", "/api/critical-results/1/acknowledge", headers: headers, body: json)
            expectProblem(answer, 415, "Content-Type \(type ?? "none")")
        }
        let chunked = try await http.send("POST", "/api/messages/\(id)/resend",
                                          headers: [("Content-Type", "text/plain"), ("Transfer-Encoding", "chunked")],
                                          body: Array("5\r\nhello\r\n0\r\n\r\n".utf8))
        expectProblem(chunked, 415, "chunked text/plain")
        let asJSON = try await http.send("POST", "/api/critical-results/1/acknowledge",
                                         headers: [("Content-Type", "application/json; charset=utf-8")], body: json)
        expectProblem(asJSON, 404, "JSON acknowledgement of a case that does not exist")
        // Bodies over what a route collects are 413, not 500.
        let large = Array(#"{"by": ""#.utf8) + [UInt8](repeating: 0x61, count: 100_000) + Array(#""}"#.utf8)
        expectProblem(try await http.send("POST", "/api/critical-results/1/acknowledge", headers: [("Content-Type", "application/json")],
                                          body: large), 413, "100 kB body")
        try await expectAlive(engine, after: "cross-site requests")
    }

    @Test func allowedHostsMustBeNames() {
        #expect(throws: (any Error).self) { try EngineConfiguration(yaml: "http: { allowedHosts: [\"http://x.example/\"] }") }
        #expect(throws: (any Error).self) { try EngineConfiguration(yaml: "http: { idleTimeout: soon }") }
        #expect(try! EngineConfiguration(yaml: "http: { idleTimeout: 2m }").http.idleTimeout == 120)
        #expect(try! EngineConfiguration(yaml: "http: { idleTimeout: 90 }").http.idleTimeout == 90)
        #expect(throws: (any Error).self) { try EngineConfiguration(yaml: "http: { idleTimeout: 2d }") }
        #expect(EngineConfiguration().http.idleTimeout == 60)
    }

    // MARK: Resend

    /// ADTs go to `ris` (an in-process sink that acknowledges the first message, then holds every
    /// later one in flight) and `ehr` (nothing listens: always pending).
    func engineWithDestinations(_ sink: HeldMLLPSink) async throws -> RunningEngine {
        let closed = try RawSocketListener()
        closed.close()
        return try await RunningEngine.start(try EngineConfiguration(yaml: """
            destinations:
              ris: { mllp: "127.0.0.1:\(sink.port)", ackTimeout: 60 }
              ehr: { mllp: "127.0.0.1:\(closed.port)" }
            routes:
              - { match: { type: "ADT^*" }, to: [ris, ehr] }
            """))
    }

    func statistics(_ engine: RunningEngine) async throws -> [String: DestinationStatistics] {
        Dictionary(uniqueKeysWithValues: try await engine.store.destinationStatistics().map { ($0.name, $0) })
    }

    @Test func resendNeverQueuesAMessageTwiceForADestination() async throws {
        let sink = try await HeldMLLPSink(acknowledged: 1)
        let engine = try await engineWithDestinations(sink)
        defer { Task { await engine.stop(); await sink.stop() } }
        _ = try await engine.send(Messages.adt("RS1", patient: "P1"))
        let id = try #require(try await engine.store.journalEntries(JournalQuery(controlID: "RS1")).first?.id)
        var waited = 0
        while try await statistics(engine)["ris"]?.delivered != 1, waited < 100 {
            try await Task.sleep(for: .milliseconds(100))
            waited += 1
        }
        #expect(try await statistics(engine)["ris"]?.delivered == 1)
        let http = client(engine)
        let json = [("Content-Type", "application/json")]

        // Twenty at once: ris gets one new item, every other call finds it queued; ehr never had left.
        let answers = try await withThrowingTaskGroup(of: RawHTTPClient.Answer.self) { group in
            // Half without a body (every destination), half naming both.
            let both = Array(#"{"destinations": ["ris", "ehr"]}"#.utf8)
            for call in 0..<20 {
                group.addTask { try await http.send("POST", "/api/messages/\(id)/resend", headers: json, body: call % 2 == 0 ? nil : both) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let queued = answers.filter { ($0.json["queued"] as? [String]) == ["ris"] }
        #expect(queued.count == 1, "\(answers.map { String(decoding: $0.body, as: UTF8.self) })")
        #expect(queued.first?.status == 202)
        #expect(queued.first?.json["alreadyQueued"] as? [String] == ["ehr"])
        let others = answers.filter { ($0.json["queued"] as? [String]) == [] }
        #expect(others.count == 19)
        #expect(others.allSatisfy { $0.status == 200 && $0.json["alreadyQueued"] as? [String] == ["ris", "ehr"] })
        var stats = try await statistics(engine)
        #expect(stats["ris"]?.pending == 1 && stats["ris"]?.delivered == 1)
        #expect(stats["ehr"]?.pending == 1)

        // Naming a destination; the names must be where the message went.
        let named = try await http.send("POST", "/api/messages/\(id)/resend", headers: json, body: Array(#"{"destinations": ["ehr"]}"#.utf8))
        #expect(named.status == 200 && named.json["alreadyQueued"] as? [String] == ["ehr"] && named.json["queued"] as? [String] == [])
        expectProblem(try await http.send("POST", "/api/messages/\(id)/resend", headers: json,
                                          body: Array(#"{"destinations": ["pacs"]}"#.utf8)), 400, "unrouted destination")
        for body in [#"{"destinations": []}"#, #"{"destinations": "ris"}"#, "[", #"{"destinations": [""]}"#] {
            expectProblem(try await http.send("POST", "/api/messages/\(id)/resend", headers: json, body: Array(body.utf8)), 400, body)
        }
        expectProblem(try await http.send("POST", "/api/messages/99999/resend", headers: json), 404, "unknown message")
        stats = try await statistics(engine)
        #expect(stats["ris"]?.pending == 1 && stats["ehr"]?.pending == 1)
        try await Task.sleep(for: .milliseconds(300))
        #expect(sink.controlIDs == ["RS1", "RS1"])  // the original and the one resent copy, in flight
        try await expectAlive(engine, after: "resends")
    }

    // MARK: Idle connections

    @Test func idleAndSlowConnectionsAreClosed() async throws {
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: "http: { idleTimeout: 1s }"))
        defer { Task { await engine.stop() } }
        let port = engine.httpPort
        let started = ContinuousClock.now
        let closed = await RawSocket.offPool { () -> [Bool] in
            var results: [Bool] = []
            // Silent after connecting; half a request head; one answered request kept alive.
            for opening in ["", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n"] {
                guard let socket = try? RawSocket(port: port, receiveTimeout: 8) else { return [] }
                socket.write(Array(opening.utf8))
                results.append(socket.readToEnd().closedByPeer)
                socket.closeSocket()
            }
            return results
        }
        #expect(closed == [true, true, true])
        #expect(ContinuousClock.now - started < .seconds(12))
        try await expectAlive(engine, after: "idle connections")
    }

    // MARK: Slow bodies

    /// A body dribbled in (one byte every 100 ms, so never idle) is answered 408 with a problem
    /// document at `http.requestBodyTimeout`, and the connection is closed; a request that arrived
    /// whole does not keep a deadline running on its keep-alive connection.
    @Test func aDribbledBodyIsAnswered408AtTheBodyDeadlineThenClosed() async throws {
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: "http: { requestBodyTimeout: 1s, idleTimeout: 30s }"))
        defer { Task { await engine.stop() } }
        let port = engine.httpPort
        let head = "POST /api/mpi/reviews/1 HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
        let dribbled = await RawSocket.offPool { () -> (seconds: TimeInterval, raw: [UInt8], closed: Bool)? in
            guard let socket = try? RawSocket(port: port) else { return nil }
            defer { socket.closeSocket() }
            socket.write(Array(head.utf8) + Array("{\"decision\":".utf8))
            let started = Date()
            while !socket.hasInput(), !socket.isClosedNow(), Date().timeIntervalSince(started) < 8 {
                socket.write([0x20])
                Thread.sleep(forTimeInterval: 0.1)
            }
            let seconds = Date().timeIntervalSince(started)
            let (raw, closed) = socket.readToEnd()
            return (seconds, raw, closed)
        }
        let (seconds, raw, closed) = try #require(dribbled, "no connection")
        #expect(seconds >= 0.8 && seconds < 5, "answered after \(seconds) s")
        let answer = try RawHTTPClient.parse(raw)
        expectProblem(answer, 408, "dribbled body")
        #expect(closed, "the connection is closed after the 408")

        // Whole requests on one keep-alive connection, the second after more than the body deadline.
        let keptAlive = await RawSocket.offPool { () -> [UInt8]? in
            guard let socket = try? RawSocket(port: port) else { return nil }
            defer { socket.closeSocket() }
            socket.write(Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n".utf8))
            Thread.sleep(forTimeInterval: 1.5)
            socket.write(Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8))
            return socket.readToEnd().bytes
        }
        let text = String(decoding: try #require(keptAlive), as: UTF8.self)
        #expect(text.components(separatedBy: "HTTP/1.1 200").count == 3, "\(text)")
        #expect(!text.contains("408"))
        try await expectAlive(engine, after: "dribbled body")
    }

    @Test func theBodyDeadlineIsReadFromTheHTTPBlock() throws {
        #expect(try EngineConfiguration(yaml: "").http.requestBodyTimeout == .seconds(60))
        #expect(try EngineConfiguration(yaml: "http: { requestBodyTimeout: 500ms }").http.requestBodyTimeout == .milliseconds(500))
        #expect(try EngineConfiguration(yaml: "http: { requestBodyTimeout: 90 }").http.requestBodyTimeout == .seconds(90))
        for bad in ["0", "-1s", "soon", "2d"] {
            #expect(throws: ConfigurationError.self, "\(bad)") { try EngineConfiguration(yaml: "http: { requestBodyTimeout: \"\(bad)\" }") }
        }
    }
}
