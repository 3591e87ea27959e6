import DICOM
import Engine
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Store
import TestSupport
import Testing

/// Forwarding received images to a real PACS (Orthanc) over real sockets: DCMTK storescu stores
/// into RadBridge, RadBridge forwards by C-STORE, Orthanc's REST API shows what arrived.
@Suite(.serialized) struct DICOMForwardingTests {
    static let studyUID = ScheduledWorkflowEndToEndTests.studyUID

    func fixture(_ name: String) throws -> String {
        try String(contentsOfFile: Paths.fixture(name), encoding: .utf8)
    }

    func configuration(_ orthanc: OrthancPeer) throws -> EngineConfiguration {
        try EngineConfiguration(yaml: """
            dicomDestinations:
              pacs:    { host: "127.0.0.1", port: \(orthanc.dicomPort), aet: "ORTHANC", backoff: { initial: 0.2, max: 0.5 }, timeout: 5 }
              archive: { host: "10.1.2.9", port: 11112, aet: "VNA", tls: true }
            dicomRoutes:
              - { match: { modality: "MR" }, to: [archive] }
              - { match: { modality: "CT" }, to: [pacs] }
              - { match: { callingAET: "US*" }, to: [pacs] }
            """)
    }

    /// A05 and ORM for MRN100234 / ACC20261122001 (the GE-style order with the fixture's study UID).
    func order(_ engine: RunningEngine) async throws {
        #expect(Messages.msa(try await engine.send(try fixture("adt_a04_register.hl7"))) == "MSA|CA|ADT0001")
        #expect(try await engine.send(try fixture("orm_o01_new_ge_zds.hl7")).contains("\rORC|OK|"))
    }

    func storescu(_ engine: RunningEngine, _ files: [URL], aet: String = "CT_NORTH_1") async throws {
        let result = try await ExternalTool.run("/usr/bin/storescu", ["-aet", aet, "-aec", "RADBRIDGE", "127.0.0.1",
                                                                      "\(engine.dicomPort ?? 0)"] + files.map(\.path),
                                                environment: ["TCP_NODELAY": "1"])
        #expect(result.status == 0, "storescu: \(result.stderr)")
    }

    func image(_ uid: String, patientID: String = "MRN100234") throws -> URL {
        try ScheduledWorkflowEndToEndTests.image(patientID: patientID, sopInstanceUID: uid)
    }

    func study(_ engine: RunningEngine) async throws -> [String: Any] {
        let (status, json) = try await engine.http("GET", "/api/studies/\(Self.studyUID)")
        #expect(status == 200)
        return json as? [String: Any] ?? [:]
    }

    func destination(_ engine: RunningEngine, _ name: String) async throws -> [String: Any] {
        (try await study(engine)["destinations"] as? [String: Any])?[name] as? [String: Any] ?? [:]
    }

    @Test func forwardsToOrthancOnceAcrossRestartsAndRetriesWhileItIsDown() async throws {
        let orthanc = try await OrthancPeer()
        defer { Task { await orthanc.stop() } }
        var engine = try await RunningEngine.start(try configuration(orthanc), dicom: true)
        try await order(engine)

        // Two CT images filed with the order reach Orthanc; the quarantined one does not.
        let uids = ["1.2.826.0.1.3680043.10.999.601", "1.2.826.0.1.3680043.10.999.602"]
        try await storescu(engine, [try image(uids[0]), try image(uids[1]), try image("1.2.826.0.1.3680043.10.999.699", patientID: "MRN999999")])
        #expect(try await orthanc.waitUntil { try await orthanc.instanceIDs().count == 2 })
        for uid in uids {
            let tags = try #require(try await orthanc.tags(sopInstanceUID: uid))
            #expect(tags["PatientID"] as? String == "MRN100234")
            #expect(tags["AccessionNumber"] as? String == "ACC20261122001")
            #expect(tags["PatientName"] as? String == "DOE^JANE^MARIE")
        }
        #expect(try await orthanc.tags(sopInstanceUID: "1.2.826.0.1.3680043.10.999.699") == nil)
        #expect(try await orthanc.waitUntil { try await destination(engine, "pacs")["sent"] as? Int == 2 })
        let instances = try #require(try await study(engine)["instances"] as? [[String: Any]])
        #expect(instances.compactMap { ($0["destinations"] as? [String: String])?["pacs"] } == ["sent", "sent"])

        // After a restart nothing is sent again: Orthanc, emptied meanwhile, stays empty.
        await engine.stop()
        try await orthanc.deleteAll()
        engine = try await RunningEngine.start(engine.configuration, dicom: true, directory: engine.directory)
        try await Task.sleep(for: .seconds(2))
        #expect(try await orthanc.instanceIDs().isEmpty)

        // Orthanc down: the new image waits in the outbox, retried with the error recorded, also across a restart.
        await orthanc.stop()
        let late = "1.2.826.0.1.3680043.10.999.603"
        try await storescu(engine, [try image(late)])
        #expect(try await orthanc.waitUntil {
            let pacs = try await destination(engine, "pacs")
            return pacs["queued"] as? Int == 1 && (pacs["lastError"] as? String)?.contains("association") == true
        })
        let queue = try await engine.store.dicomOutboxStatistics().first { $0.destination == "pacs" }
        #expect(queue?.depth == 1)
        #expect(queue?.oldest != nil)
        let retried = try await engine.store.dicomItems(studyInstanceUID: Self.studyUID).first { $0.sopInstanceUID == late }
        #expect((retried?.attempts ?? 0) >= 1)
        // `radbridge dicom queue` shows the same, as a person runs it.
        let cli = try await ExternalTool.run(Paths.repository.appendingPathComponent(".build/debug/radbridge").path,
                                             ["dicom", "queue", "--data", engine.directory.path, "--json"])
        #expect(cli.status == 0, "\(cli.stderr)")
        let outboxes = try JSONSerialization.jsonObject(with: cli.stdout) as? [[String: Any]]
        let pacs = try #require(outboxes?.first { $0["destination"] as? String == "pacs" })
        #expect(pacs["depth"] as? Int == 1)
        #expect(pacs["sent"] as? Int == 2)
        #expect((pacs["lastError"] as? String)?.contains("association with ORTHANC") == true)
        #expect(pacs["oldest"] is String)
        let table = try await ExternalTool.run(Paths.repository.appendingPathComponent(".build/debug/radbridge").path,
                                               ["dicom", "queue", "--data", engine.directory.path])
        #expect(String(decoding: table.stdout, as: UTF8.self).hasPrefix("DESTINATION  DEPTH"))
        await engine.stop()
        let last = try await RunningEngine.start(engine.configuration, dicom: true, directory: engine.directory)
        defer { Task { await last.stop() } }
        try await orthanc.start()
        #expect(try await orthanc.waitUntil { try await orthanc.instanceIDs().count == 1 })
        #expect(try await orthanc.tags(sopInstanceUID: late) != nil)
        #expect(try await orthanc.waitUntil { try await destination(last, "pacs")["sent"] as? Int == 3 })
        // The MR route's TLS archive was never picked for these CT images.
        #expect(try await destination(last, "archive").isEmpty)
    }

    @Test func quarantinedImageIsForwardedOnlyAfterReleaseWithCorrectedHeadersAndFollowsAnA08() async throws {
        let orthanc = try await OrthancPeer()
        defer { Task { await orthanc.stop() } }
        let engine = try await RunningEngine.start(try configuration(orthanc), dicom: true)
        defer { Task { await engine.stop() } }
        try await order(engine)

        let held = "1.2.826.0.1.3680043.10.999.701", rejected = "1.2.826.0.1.3680043.10.999.702"
        try await storescu(engine, [try image(held, patientID: "MRN999999"), try image(rejected, patientID: "MRN888888")])
        let (_, quarantine) = try await engine.http("GET", "/api/quarantine")
        let entries = (quarantine as? [[String: String]]) ?? []
        let heldID = try #require(entries.first { $0["controlId"] == held }?["id"])
        let rejectedID = try #require(entries.first { $0["controlId"] == rejected }?["id"])
        try await Task.sleep(for: .seconds(1))
        #expect(try await orthanc.instanceIDs().isEmpty)

        // A release naming identifiers that match no order is refused and changes nothing.
        let (refused, _) = try await post(engine, "/api/quarantine/\(heldID)/release",
                                          ["patientId": "MRN100234", "accessionNumber": "NOPE", "by": "tech1"])
        #expect(refused == 409)
        let (badBody, _) = try await post(engine, "/api/quarantine/\(heldID)/release", ["by": "tech1"])
        #expect(badBody == 400)

        let (rejectStatus, rejectJSON) = try await post(engine, "/api/quarantine/\(rejectedID)/reject", ["by": "tech1", "reason": "wrong patient"])
        #expect(rejectStatus == 200)
        #expect((rejectJSON as? [String: Any])?["status"] as? String == "rejected")
        let (status, json) = try await post(engine, "/api/quarantine/\(heldID)/release",
                                            ["patientId": "MRN100234", "accessionNumber": "ACC20261122001", "by": "tech1"])
        #expect(status == 200)
        #expect((json as? [String: Any])?["status"] as? String == "released")
        #expect((json as? [String: Any])?["decidedBy"] as? String == "tech1")
        let (again, _) = try await post(engine, "/api/quarantine/\(heldID)/release",
                                        ["patientId": "MRN100234", "accessionNumber": "ACC20261122001", "by": "tech1"])
        #expect(again == 409)

        // Forwarded with the order's identifiers; the modality's kept in the Original Attributes Sequence.
        #expect(try await orthanc.waitUntil { try await orthanc.instanceIDs().count == 1 })
        let id = try #require(try await orthanc.instanceIDs().first)
        let tags = try await orthanc.tags(of: id)
        #expect(tags["SOPInstanceUID"] as? String == held)
        #expect(tags["PatientID"] as? String == "MRN100234")
        #expect(tags["PatientName"] as? String == "DOE^JANE^MARIE")
        let original = try #require((tags["OriginalAttributesSequence"] as? [[String: Any]])?.last)
        #expect(original["ReasonForTheAttributeModification"] as? String == "COERCE")
        let modified = try #require((original["ModifiedAttributesSequence"] as? [[String: Any]])?.first)
        #expect(modified["PatientID"] as? String == "MRN999999")
        #expect(try await orthanc.tags(sopInstanceUID: rejected) == nil)

        // ADT A08 renames the patient: the study already sent goes again, carrying the new name.
        #expect(try await orthanc.waitUntil { try await destination(engine, "pacs")["sent"] as? Int == 1 })
        let a08 = Messages.msa(try await engine.send(try fixture("adt_a08_update.hl7")))
        #expect(["MSA|AA|ADT0002", "MSA|CA|ADT0002"].contains(a08), "\(a08)")
        #expect(try await orthanc.waitUntil { try await orthanc.tags(of: id)["PatientName"] as? String == "DOE-SMITH^JANE^MARIE" })
        // And so does the next image of that patient.
        let next = "1.2.826.0.1.3680043.10.999.703"
        try await storescu(engine, [try image(next)])
        #expect(try await orthanc.waitUntil { try await orthanc.tags(sopInstanceUID: next)?["PatientName"] as? String == "DOE-SMITH^JANE^MARIE" })
        #expect(try await orthanc.instanceIDs().count == 2)
    }

    func post(_ engine: RunningEngine, _ path: String, _ body: [String: String]) async throws -> (Int, Any?) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(engine.httpPort)\(path)")!)
        request.httpMethod = "POST"
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, try? JSONSerialization.jsonObject(with: data))
    }
}

extension DICOMForwardingTests {
    /// Storage commitment against Orthanc's SCP: N-ACTION after the batch, Orthanc's N-EVENT-REPORT
    /// on a new association to RadBridge's listener, the instance then counts as committed.
    @Test func orthancCommitsWhatWasForwarded() async throws {
        let orthanc = try await OrthancPeer(start: false)
        defer { Task { await orthanc.stop() } }
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: """
            dicomDestinations:
              pacs: { host: "127.0.0.1", port: \(orthanc.dicomPort), aet: "ORTHANC", storageCommitment: true, backoff: { initial: 0.2, max: 0.5 } }
            dicomRoutes:
              - { to: [pacs] }
            """), dicom: true)
        defer { Task { await engine.stop() } }
        try await orthanc.start(reportingTo: try #require(engine.dicomPort))
        try await order(engine)
        try await storescu(engine, [try image("1.2.826.0.1.3680043.10.999.801"), try image("1.2.826.0.1.3680043.10.999.802")])
        #expect(try await orthanc.waitUntil { try await destination(engine, "pacs")["committed"] as? Int == 2 })
        #expect(try await orthanc.instanceIDs().count == 2)
    }
}

extension DICOMForwardingTests {
    /// A JPEG 2000 image the PACS takes in no syntax it fits is reported failed (nothing is
    /// transcoded), and does not hold back the uncompressed image queued with it.
    @Test func compressedImageThePACSCannotTakeIsReportedNotRetried() async throws {
        let orthanc = try await OrthancPeer(extra: ["Jpeg2000TransferSyntaxAccepted": false])
        defer { Task { await orthanc.stop() } }
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: """
            dicomDestinations:
              pacs: { host: "127.0.0.1", port: \(orthanc.dicomPort), aet: "ORTHANC", backoff: { initial: 0.2, max: 0.5 } }
            dicomRoutes:
              - { match: { callingAET: "CT_*" }, to: [pacs] }
            """), dicom: true)
        defer { Task { await engine.stop() } }
        try await order(engine)
        var file = try DICOMFile(bytes: [UInt8](Data(contentsOf: Paths.repository.appendingPathComponent("Tests/Fixtures/dicom/JPEG2000.dcm"))))
        #expect(file.transferSyntax.isEncapsulated)
        file.dataSet.set(.patientID, .LO, "MRN100234")
        file.dataSet.set(.accessionNumber, .SH, "ACC20261122001")
        file.dataSet.set(.studyInstanceUID, .UI, Self.studyUID)
        file.dataSet.set(.sopInstanceUID, .UI, "1.2.826.0.1.3680043.10.999.901")
        let jpeg = Paths.temporaryDirectory().appendingPathComponent("j2k.dcm")
        try Data(try DICOMFile(dataSet: file.dataSet, transferSyntax: file.transferSyntax).encoded()).write(to: jpeg)
        // `radbridge dicom send` proposes a compressed file in its own syntax only (storescu would ask to decompress).
        let sent = try await ExternalTool.run(Paths.repository.appendingPathComponent(".build/debug/radbridge").path,
                                              ["dicom", "send", "127.0.0.1:\(engine.dicomPort ?? 0)", "--aet", "CT_NORTH_1", "--aec", "RADBRIDGE",
                                               jpeg.path, try image("1.2.826.0.1.3680043.10.999.902").path])
        #expect(sent.status == 0, "\(String(decoding: sent.stdout, as: UTF8.self)) \(sent.stderr)")

        #expect(try await orthanc.waitUntil {
            let pacs = try await destination(engine, "pacs")
            return pacs["failed"] as? Int == 1 && pacs["sent"] as? Int == 1
        })
        let items = try await engine.store.dicomItems(studyInstanceUID: Self.studyUID)
        let failed = try #require(items.first { $0.sopInstanceUID == "1.2.826.0.1.3680043.10.999.901" })
        #expect(failed.state == .failed)
        #expect(failed.lastError?.contains("no presentation context") == true)
        #expect(failed.attempts == 1)
        #expect(try await orthanc.instanceIDs().count == 1)
    }
}

extension DICOMForwardingTests {
    /// ADT A40 merges MRN555001 into MRN100234: the study already sent under MRN555001 goes again
    /// under the surviving patient's ID.
    @Test func mergeResendsTheMergedPatientsStudyUnderTheSurvivingID() async throws {
        let orthanc = try await OrthancPeer()
        defer { Task { await orthanc.stop() } }
        let engine = try await RunningEngine.start(try configuration(orthanc), dicom: true)
        defer { Task { await engine.stop() } }
        try await order(engine)
        let register = try fixture("adt_a04_register.hl7").replacingOccurrences(of: "MRN100234", with: "MRN555001")
            .replacingOccurrences(of: "ADT0001", with: "ADT0101").replacingOccurrences(of: "998877665", with: "111222333")
        #expect(Messages.msa(try await engine.send(register)) == "MSA|CA|ADT0101")
        let order = try fixture("orm_o01_new_ge_zds.hl7").replacingOccurrences(of: "MRN100234", with: "MRN555001")
            .replacingOccurrences(of: "998877665", with: "111222333").replacingOccurrences(of: "ACC20261122001", with: "ACC555").replacingOccurrences(of: "ORM0001", with: "ORM0101")
            .replacingOccurrences(of: "PLC5001", with: "PLC555").replacingOccurrences(of: "1732264700.1", with: "1732264700.5")
        #expect(try await engine.send(order).contains("\rORC|OK|"))

        var file = try DICOMFile(bytes: [UInt8](Data(contentsOf: try image("1.2.826.0.1.3680043.10.999.951", patientID: "MRN555001"))))
        file.dataSet.set(.accessionNumber, .SH, "ACC555")
        file.dataSet.set(.studyInstanceUID, .UI, "1.2.840.113619.2.55.3.2831164356.789.1732264700.5")
        let url = Paths.temporaryDirectory().appendingPathComponent("merged.dcm")
        try Data(try file.encoded()).write(to: url)
        try await storescu(engine, [url])
        #expect(try await orthanc.waitUntil { try await orthanc.tags(sopInstanceUID: "1.2.826.0.1.3680043.10.999.951")?["PatientID"] as? String == "MRN555001" })

        let a40 = Messages.msa(try await engine.send(try fixture("adt_a40_merge.hl7")))
        #expect(["MSA|AA|ADT0003", "MSA|CA|ADT0003"].contains(a40), "\(a40)")
        #expect(try await orthanc.waitUntil {
            var ids: [String] = []
            for id in try await orthanc.instanceIDs() {
                let tags = try await orthanc.tags(of: id)
                if tags["SOPInstanceUID"] as? String == "1.2.826.0.1.3680043.10.999.951" { ids.append(tags["PatientID"] as? String ?? "") }
            }
            return ids.contains("MRN100234")
        })
    }
}
