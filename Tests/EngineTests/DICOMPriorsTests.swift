import DICOM
import Engine
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NIOCore
import NIOPosix
import Store
import TestSupport
import Testing

/// Priors from a real PACS (Orthanc): RadBridge asks it by study-level C-FIND, lists what only the
/// PACS has next to the local exams, and fetches a study by C-MOVE to its own C-STORE SCP.
@Suite(.serialized) struct DICOMPriorsTests {
    static let localStudyUID = ScheduledWorkflowEndToEndTests.studyUID
    static let oldCT = "1.2.826.0.1.3680043.10.999.7001"
    static let oldMR = "1.2.826.0.1.3680043.10.999.7002"
    static let merged = "1.2.826.0.1.3680043.10.999.7003"
    static let stranger = "1.2.826.0.1.3680043.10.999.7004"

    func fixture(_ name: String) throws -> String {
        try String(contentsOfFile: Paths.fixture(name), encoding: .utf8)
    }

    func configuration(pacsPort: Int, extra: String = "", timeout: Double = 5) throws -> EngineConfiguration {
        try EngineConfiguration(yaml: """
            dicomDestinations:
              pacs: { host: "127.0.0.1", port: \(pacsPort), aet: "ORTHANC", timeout: \(timeout) }
            \(extra)
            workflow:
              priorsFrom: [pacs]
            """)
    }

    /// A CT_small copy with the given identity, written to a temp file.
    func image(study: String, sop: String, patientID: String, accession: String, date: String, time: String = "101500",
               modality: String = "CT", description: String = "") throws -> URL {
        let fixture = Paths.repository.appendingPathComponent("Tests/Fixtures/dicom/CT_small.dcm")
        var file = try DICOMFile(bytes: [UInt8](Data(contentsOf: fixture)))
        file.dataSet.set(.patientID, .LO, patientID)
        file.dataSet.set(.accessionNumber, .SH, accession)
        file.dataSet.set(.studyInstanceUID, .UI, study)
        file.dataSet.set(.seriesInstanceUID, .UI, study + ".1")
        file.dataSet.set(.sopInstanceUID, .UI, sop)
        file.dataSet.set(.studyDate, .DA, date)
        file.dataSet.set(Tag(0x0008, 0x0030), .TM, time)
        file.dataSet.set(.modality, .CS, modality)
        file.dataSet.set(Tag(0x0008, 0x1030), .LO, description)
        let out = Paths.temporaryDirectory().appendingPathComponent("\(sop).dcm")
        try Data(try DICOMFile(dataSet: file.dataSet, transferSyntax: file.transferSyntax).encoded()).write(to: out)
        return out
    }

    /// The HTTP answer with its headers (the `Warning` header carries the PACS that could not be asked).
    func get(_ engine: RunningEngine, _ path: String) async throws -> (status: Int, json: Any, warning: String?) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(engine.httpPort)\(path)")!)
        let http = response as! HTTPURLResponse
        return (http.statusCode, try JSONSerialization.jsonObject(with: data), http.value(forHTTPHeaderField: "Warning"))
    }

    /// Local exam of MRN100234 (A04, GE-style ORM, final report) and MRN555001 merged into it (A40).
    func history(_ engine: RunningEngine) async throws {
        #expect(Messages.msa(try await engine.send(try fixture("adt_a04_register.hl7"))) == "MSA|CA|ADT0001")
        #expect(try await engine.send(try fixture("orm_o01_new_ge_zds.hl7")).contains("\rORC|OK|"))
        let report = Messages.msa(try await engine.send(try fixture("oru_r01_report_final.hl7"))) ?? ""
        #expect(report.hasPrefix("MSA|AA|") || report.hasPrefix("MSA|CA|"), "\(report)")
        let register = try fixture("adt_a04_register.hl7").replacingOccurrences(of: "MRN100234", with: "MRN555001")
            .replacingOccurrences(of: "ADT0001", with: "ADT0101").replacingOccurrences(of: "998877665", with: "111222333")
        #expect(Messages.msa(try await engine.send(register)) == "MSA|CA|ADT0101")
        let a40 = Messages.msa(try await engine.send(try fixture("adt_a40_merge.hl7")))
        #expect(["MSA|AA|ADT0003", "MSA|CA|ADT0003"].contains(a40), "\(a40)")
    }

    @Test func listsWhatOnlyThePACSHasAndRetrievesItOnDemand() async throws {
        let orthanc = try await OrthancPeer(start: false)
        defer { Task { await orthanc.stop() } }
        let first = try await RunningEngine.start(try configuration(pacsPort: orthanc.dicomPort), dicom: true)
        defer { Task { await first.stop() } }
        var engine = first
        // Orthanc's C-MOVE destination RADBRIDGE is RadBridge's own listener.
        try await orthanc.start(reportingTo: try #require(engine.dicomPort))
        try await history(engine)

        // The PACS holds an old CT (2 images) and an old MR of the patient, one image of the local exam,
        // a study under the merged MRN555001, and another patient's study.
        let oldCT = [try image(study: Self.oldCT, sop: Self.oldCT + ".1.1", patientID: "MRN100234", accession: "OLD2020",
                               date: "20200115", description: "CT CHEST OLD"),
                     try image(study: Self.oldCT, sop: Self.oldCT + ".1.2", patientID: "MRN100234", accession: "OLD2020",
                               date: "20200115", description: "CT CHEST OLD")]
        for file in oldCT + [
            try image(study: Self.oldMR, sop: Self.oldMR + ".1.1", patientID: "MRN100234", accession: "OLD2019", date: "20190301", modality: "MR"),
            try image(study: Self.localStudyUID, sop: "1.2.826.0.1.3680043.10.999.7005", patientID: "MRN100234",
                      accession: "ACC20261122001", date: "20261122"),
            try image(study: Self.merged, sop: Self.merged + ".1.1", patientID: "MRN555001", accession: "OLD555", date: "20210610"),
            try image(study: Self.stranger, sop: Self.stranger + ".1.1", patientID: "MRN999999", accession: "OTHER", date: "20220101"),
        ] { try await orthanc.upload(file) }

        let (status, json, warning) = try await get(engine, "/api/patients/MRN100234/priors")
        #expect(status == 200)
        #expect(warning == nil)
        let priors = try #require(json as? [[String: Any]])
        // Newest first; the local exam once (also in the PACS), the stranger's study never.
        #expect(priors.map { $0["studyInstanceUID"] as? String } == [Self.localStudyUID, Self.merged, Self.oldCT, Self.oldMR])
        #expect(priors.map { $0["location"] as? String } == ["local", "pacs", "pacs", "pacs"])
        #expect(priors[0]["alsoIn"] as? [String] == ["pacs"])
        #expect(priors[0]["reportStatus"] as? String == "F")
        #expect((priors[0]["order"] as? [String: Any])?["accessionNumber"] as? String == "ACC20261122001")
        #expect(priors[1]["patientId"] as? String == "MRN555001")
        // Field by field against what Orthanc itself holds for the study.
        let ct = priors[2]
        let tags = try #require(try await orthanc.studyTags(Self.oldCT))
        #expect(ct["accessionNumber"] as? String == tags["AccessionNumber"] as? String)
        #expect(ct["studyDate"] as? String == tags["StudyDate"] as? String)
        #expect(ct["studyTime"] as? String == tags["StudyTime"] as? String)
        #expect(ct["studyDescription"] as? String == tags["StudyDescription"] as? String)
        #expect(ct["accessionNumber"] as? String == "OLD2020" && ct["studyDate"] as? String == "20200115")
        #expect(ct["studyDescription"] as? String == "CT CHEST OLD")
        #expect(ct["modalities"] as? [String] == ["CT"])
        #expect(ct["instances"] as? Int == 2 && ct["series"] as? Int == 1)
        #expect(ct["patientId"] as? String == "MRN100234")
        #expect(ct["performedAt"] as? String == "20200115101500")
        #expect(ct["retrieved"] == nil)
        #expect(ct["order"] == nil)
        #expect(priors[3]["modalities"] as? [String] == ["MR"])

        // Filters reach the PACS too.
        let ctOnly = try #require(try await get(engine, "/api/patients/MRN100234/priors?modality=CT").json as? [[String: Any]])
        #expect(ctOnly.map { $0["studyInstanceUID"] as? String } == [Self.localStudyUID, Self.merged, Self.oldCT])
        let recent = try #require(try await get(engine, "/api/patients/MRN100234/priors?since=20210101").json as? [[String: Any]])
        #expect(recent.map { $0["studyInstanceUID"] as? String } == [Self.localStudyUID, Self.merged])
        let limited = try #require(try await get(engine, "/api/patients/MRN100234/priors?limit=2").json as? [[String: Any]])
        #expect(limited.count == 2)

        // Not here yet; fetched on demand by C-MOVE, it arrives through RadBridge's C-STORE SCP.
        #expect(try await engine.http("GET", "/api/studies/\(Self.oldCT)").status == 404)
        let (retrieved, retrieval) = try await engine.http("POST", "/api/studies/\(Self.oldCT)/retrieve", json: #"{"from": "pacs"}"#)
        #expect(retrieved == 200, "\(retrieval)")
        let answer = try #require(retrieval as? [String: Any])
        #expect(answer["from"] as? String == "pacs" && answer["instances"] as? Int == 2)
        #expect(answer["studyInstanceUID"] as? String == Self.oldCT)
        try await expectRetrievedCT(engine)
        // A cached prior, not an exam of an order: nothing quarantined, no workflow study.
        #expect((try await engine.http("GET", "/api/quarantine").json as? [Any])?.isEmpty == true)
        #expect((try await engine.http("GET", "/api/studies").json as? [[String: Any]])?.contains { $0["studyInstanceUID"] as? String == Self.oldCT } == false)
        let listed = try #require(try await get(engine, "/api/patients/MRN100234/priors?modality=CT").json as? [[String: Any]])
        let fetched = try #require(listed.first { $0["studyInstanceUID"] as? String == Self.oldCT }?["retrieved"] as? [String: Any])
        #expect(fetched["from"] as? String == "pacs" && fetched["instances"] as? Int == 2 && fetched["at"] is String)
        // Retrieving again is harmless (the same two instances).
        #expect(try await engine.http("POST", "/api/studies/\(Self.oldCT)/retrieve").status == 200)

        // Clear errors: a study the PACS does not have, a source that is not configured, a malformed UID.
        let (missing, problem) = try await engine.http("POST", "/api/studies/1.2.826.0.1.3680043.10.999.7999/retrieve")
        #expect(missing == 404, "\(problem)")
        #expect(((problem as? [String: Any])?["detail"] as? String)?.contains("pacs: C-MOVE answered status") == true)
        #expect(((problem as? [String: Any])?["detail"] as? String)?.hasSuffix("the PACS does not list the study") == true)
        #expect(try await engine.http("POST", "/api/studies/\(Self.oldCT)/retrieve", json: #"{"from": "archive"}"#).status == 400)
        #expect(try await engine.http("POST", "/api/studies/not-a-uid/retrieve").status == 400)

        // The retrieved copy survives a restart.
        let restarted = try await engine.restart()
        defer { Task { await restarted.stop() } }
        engine = restarted
        try await expectRetrievedCT(engine)

        // The PACS down: the local exam is still listed, the answer says the PACS was not asked, and quickly.
        await orthanc.stop()
        let started = ContinuousClock.now
        let (downStatus, downJSON, downWarning) = try await get(engine, "/api/patients/MRN100234/priors")
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(downStatus == 200)
        #expect((downJSON as? [[String: Any]])?.map { $0["studyInstanceUID"] as? String } == [Self.localStudyUID])
        #expect(downWarning?.hasPrefix("299 RadBridge \"PACS not asked for priors: pacs: association with ORTHANC at 127.0.0.1:") == true,
                "\(downWarning ?? "no Warning")")
        let (failed, failure) = try await engine.http("POST", "/api/studies/\(Self.oldMR)/retrieve")
        #expect(failed == 502)
        #expect(((failure as? [String: Any])?["detail"] as? String)?.contains("association with ORTHANC") == true)
    }

    func expectRetrievedCT(_ engine: RunningEngine) async throws {
        let (status, json) = try await engine.http("GET", "/api/studies/\(Self.oldCT)")
        #expect(status == 200)
        let study = try #require(json as? [String: Any])
        #expect(study["location"] as? String == "retrieved" && study["retrievedFrom"] as? String == "pacs")
        #expect(study["patientId"] as? String == "MRN100234" && study["accessionNumber"] as? String == "OLD2020")
        let instances = try #require(study["instances"] as? [[String: Any]])
        #expect(Set(instances.compactMap { $0["sopInstanceUID"] as? String }) == [Self.oldCT + ".1.1", Self.oldCT + ".1.2"])
        // The files are there, as the PACS sent them.
        for sop in [Self.oldCT + ".1.1", Self.oldCT + ".1.2"] {
            let url = engine.directory.appendingPathComponent("instances/\(Self.oldCT)/\(Self.oldCT).1/\(sop).dcm")
            let file = try DICOMFile(bytes: [UInt8](Data(contentsOf: url)))
            #expect(file.dataSet.string(.sopInstanceUID) == sop)
            #expect(file.dataSet.string(.patientID) == "MRN100234")
        }
    }

    /// A PACS that accepts the connection and never answers is given up after its timeout.
    @Test func aPACSThatNeverAnswersDoesNotHoldUpThePriors() async throws {
        let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { $0.eventLoop.makeSucceededVoidFuture() }
            .bind(host: "127.0.0.1", port: 0).get()
        defer { silent.close(promise: nil) }
        let engine = try await RunningEngine.start(try configuration(pacsPort: try #require(silent.localAddress?.port), timeout: 1), dicom: true)
        defer { Task { await engine.stop() } }
        try await history(engine)
        let started = ContinuousClock.now
        let (status, json, warning) = try await get(engine, "/api/patients/MRN100234/priors")
        #expect(ContinuousClock.now - started < .seconds(4))
        #expect(status == 200)
        #expect((json as? [[String: Any]])?.map { $0["location"] as? String } == ["local"])
        #expect(warning?.contains("pacs: association with ORTHANC") == true, "\(warning ?? "no Warning")")
        let retrieveStarted = ContinuousClock.now
        #expect(try await engine.http("POST", "/api/studies/\(Self.oldCT)/retrieve").status == 502)
        #expect(ContinuousClock.now - retrieveStarted < .seconds(4))
    }

    /// The PACS is asked for every identifier the master patient index links to the person (an answer
    /// with another issuer is dropped); a PACS that refuses the association is named, the other still answers.
    @Test func linkedRecordsAreAskedForAndARefusingPACSIsNamed() async throws {
        let orthanc = try await OrthancPeer(start: false)
        defer { Task { await orthanc.stop() } }
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: """
            dicomDestinations:
              pacs:    { host: "127.0.0.1", port: \(orthanc.dicomPort), aet: "ORTHANC", timeout: 5 }
              wrongae: { host: "127.0.0.1", port: \(orthanc.dicomPort), aet: "NOTORTHANC", timeout: 5 }
            workflow:
              priorsFrom: [pacs, wrongae]
              mpi: { upperThreshold: 24, lowerThreshold: 12, enterpriseAuthority: ACME-EUID }
            """), dicom: true)
        defer { Task { await engine.stop() } }
        try await orthanc.start(reportingTo: try #require(engine.dicomPort))
        func adt(_ control: String, _ pid: String) -> String {
            ["MSH|^~\\&|REG|FAC|RADBRIDGE|RAD|20261123080000||ADT^A04^ADT_A01|\(control)|P|2.5.1",
             "EVN|A04|20261123080000", pid, "PV1|1|O"].joined(separator: "\r") + "\r"
        }
        // The same person registered at two hospitals: linked automatically under one enterprise ID.
        #expect(Messages.msa(try await engine.send(adt("R1", "PID|1||H100^^^HOSPA^MR||SMITH^JONATHAN^Q||19700312|M|||12 Oak Avenue^^Springfield^^12345||^PRN^PH^^^555^1234567"))) == "MSA|AA|R1")
        #expect(Messages.msa(try await engine.send(adt("R2", "PID|1||77^^^HOSPB^MR||SMITH^JOHN||19700312|M|||12 Oak Ave^^Springfield^^12345||5551234567"))) == "MSA|AA|R2")
        func study(_ uid: String, patientID: String, issuer: String, date: String) throws -> URL {
            let url = try image(study: uid, sop: uid + ".1.1", patientID: patientID, accession: "A" + uid.suffix(4), date: date)
            var file = try DICOMFile(bytes: [UInt8](Data(contentsOf: url)))
            file.dataSet.set(.issuerOfPatientID, .LO, issuer)
            try Data(try DICOMFile(dataSet: file.dataSet, transferSyntax: file.transferSyntax).encoded()).write(to: url)
            return url
        }
        let atA = "1.2.826.0.1.3680043.10.999.7101", atB = "1.2.826.0.1.3680043.10.999.7102", elsewhere = "1.2.826.0.1.3680043.10.999.7103"
        try await orthanc.upload(try study(atA, patientID: "H100", issuer: "", date: "20230101"))
        try await orthanc.upload(try study(atB, patientID: "77", issuer: "HOSPB", date: "20220101"))
        try await orthanc.upload(try study(elsewhere, patientID: "77", issuer: "OTHERHOSP", date: "20210101"))

        let (status, json, warning) = try await get(engine, "/api/patients/H100/priors")
        #expect(status == 200)
        let priors = try #require(json as? [[String: Any]])
        #expect(priors.map { $0["studyInstanceUID"] as? String } == [atA, atB])
        #expect(priors.map { $0["location"] as? String } == ["pacs", "pacs"])
        #expect(priors.last?["issuerOfPatientId"] as? String == "HOSPB")
        #expect(warning?.contains("wrongae: association with NOTORTHANC at 127.0.0.1:\(orthanc.dicomPort) failed: association rejected") == true,
                "\(warning ?? "no Warning")")
        #expect(warning?.contains("pacs:") == false)
    }

    /// C-GET brings the study back on RadBridge's own association: no route from the PACS to RadBridge is
    /// needed (Orthanc here knows RadBridge at a port nobody listens on, so its C-MOVE cannot deliver).
    @Test func cGetRetrievesWithoutARouteBackToRadBridge() async throws {
        let orthanc = try await OrthancPeer()
        defer { Task { await orthanc.stop() } }
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: """
            dicomDestinations:
              pacs:    { host: "127.0.0.1", port: \(orthanc.dicomPort), aet: "ORTHANC", timeout: 5, retrieve: get }
              viamove: { host: "127.0.0.1", port: \(orthanc.dicomPort), aet: "ORTHANC", timeout: 5 }
            workflow:
              priorsFrom: [pacs, viamove]
            """), dicom: true)
        defer { Task { await engine.stop() } }
        for sop in [Self.oldCT + ".1.1", Self.oldCT + ".1.2"] {
            try await orthanc.upload(try image(study: Self.oldCT, sop: sop, patientID: "MRN100234", accession: "OLD2020", date: "20200115"))
        }
        let (moved, problem) = try await engine.http("POST", "/api/studies/\(Self.oldCT)/retrieve", json: #"{"from": "viamove"}"#)
        #expect(moved == 502, "\(problem)")
        #expect(((problem as? [String: Any])?["detail"] as? String)?.contains("viamove: C-MOVE answered status 0xC000, nothing was sent") == true, "\(problem)")
        let (status, json) = try await engine.http("POST", "/api/studies/\(Self.oldCT)/retrieve", json: #"{"from": "pacs"}"#)
        #expect(status == 200, "\(json)")
        #expect((json as? [String: Any])?["instances"] as? Int == 2)
        try await expectRetrievedCT(engine)
        #expect((try await engine.http("GET", "/api/quarantine").json as? [Any])?.isEmpty == true)
    }

    @Test func priorsFromMustNameADICOMDestination() throws {
        _ = try configuration(pacsPort: 4242)
        do {
            _ = try EngineConfiguration(yaml: "workflow:\n  priorsFrom: [nope]\n")
            Issue.record("an unknown PACS name was accepted")
        } catch {
            #expect("\(error)".contains("workflow.priorsFrom names 'nope', which is not in dicomDestinations"), "\(error)")
        }
        #expect(throws: (any Error).self) {
            try EngineConfiguration(yaml: #"dicomDestinations: { pacs: { host: "h", port: 104, aet: "P", retrieve: fetch } }"#)
        }
    }
}
