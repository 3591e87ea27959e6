import DICOM
import DICOMNetwork
import Engine
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

/// Hostile and unlucky DICOM stores against a running engine, over real sockets with the project's
/// own SCU: an object reusing a filed instance's UIDs for another patient, identical and differing
/// resends, concurrent stores of one SOP Instance UID, an MPPS step across a restart, and the modes
/// of the data files. After each the engine still answers a C-ECHO and `/healthz`.
@Suite(.serialized) struct HostileDICOMStoreTests {
    static let study = "1.2.840.113619.2.55.3.2831164356.789.1732264700.1"
    static let series = study + ".7"
    static let sop = study + ".7.1"
    static let accession = "ACC20261122001"
    static let ctImage = "1.2.840.10008.5.1.4.1.1.2"
    static let explicitLE = "1.2.840.10008.1.2.1"
    static let patientA = (id: "MRN100234", name: "DOE^JANE")
    static let patientB = (id: "MRN999999", name: "OTHER^PATIENT")

    static func startWithOrder() async throws -> RunningEngine {
        let engine = try await RunningEngine.start(dicom: true)
        for name in ["adt_a04_register.hl7", "orm_o01_new_ge_zds.hl7"] {
            let reply = try await engine.send(try String(contentsOfFile: Paths.fixture(name), encoding: .utf8))
            #expect(reply.contains("MSA|AA|") || reply.contains("MSA|CA|"), "\(name): \(reply)")
        }
        return engine
    }

    /// A small CT image whose pixels are all `pixel`.
    static func image(patient: (id: String, name: String), pixel: UInt8, sop: String = HostileDICOMStoreTests.sop) -> DICOMFile {
        var data = DataSet()
        data.set(.sopClassUID, .UI, ctImage)
        data.set(.sopInstanceUID, .UI, sop)
        data.set(.patientID, .LO, patient.id)
        data.set(.patientName, .PN, patient.name)
        data.set(.accessionNumber, .SH, accession)
        data.set(.studyInstanceUID, .UI, study)
        data.set(.seriesInstanceUID, .UI, series)
        data.set(.modality, .CS, "CT")
        data.set(Tag(0x0028, 0x0010), uint16: 8)  // rows
        data.set(Tag(0x0028, 0x0011), uint16: 8)  // columns
        data.set(Tag(0x0028, 0x0100), uint16: 8)  // bits allocated
        data[.pixelData] = DataElement(tag: .pixelData, vr: .OB, bytes: [UInt8](repeating: pixel, count: 64))
        return DICOMFile(dataSet: data)
    }

    static func associate(_ engine: RunningEngine) async throws -> DICOMAssociation {
        try await DICOMAssociation.open(
            host: "127.0.0.1", port: try #require(engine.dicomPort), callingAETitle: "CT1", calledAETitle: "RADBRIDGE",
            proposals: DICOMAssociation.proposals([(ctImage, [explicitLE]), (VerificationService.sopClassUID, [explicitLE]),
                                                   (ProcedureStepService.sopClassUID, [explicitLE])]))
    }

    static func store(_ file: DICOMFile, in engine: RunningEngine) async throws -> DIMSEStatus {
        let association = try await associate(engine)
        defer { Task { try? await association.release() } }
        return try await association.store(file)
    }

    /// The engine still serves: a C-ECHO and `/healthz` answer.
    static func expectServing(_ engine: RunningEngine) async throws {
        let association = try await associate(engine)
        #expect(try await association.echo() == .success)
        try await association.release()
        #expect(try await engine.http("GET", "/healthz").status == 200)
    }

    static func filedURL(_ engine: RunningEngine, sop: String = HostileDICOMStoreTests.sop) -> URL {
        engine.directory.appendingPathComponent("instances/\(study)/\(series)/\(sop).dcm")
    }

    static func quarantinedFiles(_ engine: RunningEngine) -> [URL] {
        let directory = engine.directory.appendingPathComponent("instances/quarantine")
        return ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "dcm" }
    }

    /// `(PatientID, PatientName)` of what QIDO-RS lists and of what WADO-RS metadata reads from the file.
    static func seen(_ engine: RunningEngine, sop: String = HostileDICOMStoreTests.sop) async throws -> (qido: [String], metadata: [String]) {
        let (_, listed) = try await engine.http("GET", "/dicomweb/instances?SOPInstanceUID=\(sop)")
        let (_, metadata) = try await engine.http("GET", "/dicomweb/studies/\(study)/series/\(series)/instances/\(sop)/metadata")
        func values(_ object: Any?) -> [String] {
            ((object as? [[String: Any]]) ?? []).flatMap { item -> [String] in
                let id = ((item["00100020"] as? [String: Any])?["Value"] as? [String]) ?? []
                let name = (((item["00100010"] as? [String: Any])?["Value"] as? [[String: String]]) ?? []).compactMap { $0["Alphabetic"] }
                return id + name
            }
        }
        return (values(listed), values(metadata))
    }

    static func retrieved(_ engine: RunningEngine, sop: String = HostileDICOMStoreTests.sop) async throws -> Data {
        let url = URL(string: "http://127.0.0.1:\(engine.httpPort)/dicomweb/studies/\(study)/series/\(series)/instances/\(sop)")!
        return try await URLSession.shared.data(from: url).0
    }

    /// The C-STORE receive path decodes within `dicom.maxMessageBytes`, not the library default
    /// (256 MiB): a deflated data set of a few KiB that inflates past the bound is refused Out of
    /// Resources and nothing is filed.
    @Test func aDeflatedStoreThatInflatesPastMaxMessageBytesIsRefused() async throws {
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: "dicom: { maxMessageBytes: 1048576 }"), dicom: true)
        defer { Task { await engine.stop() } }
        let deflate = TransferSyntax.deflatedExplicitVRLittleEndian.uid
        let association = try await DICOMAssociation.open(
            host: "127.0.0.1", port: try #require(engine.dicomPort), callingAETitle: "CT1", calledAETitle: "RADBRIDGE",
            proposals: DICOMAssociation.proposals([(Self.ctImage, [deflate])]))
        let context = try #require(association.context(for: Self.ctImage))
        #expect(context.transferSyntax == deflate)
        func store(pixelBytes: Int, sop: String) async throws -> DIMSEStatus? {
            var data = Self.image(patient: Self.patientA, pixel: 0, sop: sop).dataSet
            data[.pixelData] = nil
            let header = try data.encoded(transferSyntax: .explicitVRLittleEndian)
                + [0xE0, 0x7F, 0x10, 0x00, 0x4F, 0x42, 0, 0] + withUnsafeBytes(of: UInt32(pixelBytes).littleEndian, Array.init)
            let message = DIMSEMessage.request(.cStoreRequest, contextID: context.id, messageID: association.nextMessageID(),
                                               sopClassUID: Self.ctImage, sopInstanceUID: sop, dataSet: rawDeflate(header, zeros: pixelBytes))
            return try await association.send(message).last?.status
        }
        #expect(try await store(pixelBytes: 8 << 20, sop: Self.sop) == .outOfResources)
        #expect(!FileManager.default.fileExists(atPath: Self.filedURL(engine).path))
        #expect(try await store(pixelBytes: 4096, sop: Self.sop + "1") == .success)
        try await association.release()
        try await Self.expectServing(engine)
    }

    @Test func anotherPatientsObjectWithAFiledInstancesUIDsIsQuarantinedApart() async throws {
        let engine = try await Self.startWithOrder()
        defer { Task { await engine.stop() } }
        #expect(try await Self.store(Self.image(patient: Self.patientA, pixel: 0x11), in: engine) == .success)
        let filed = try Data(contentsOf: Self.filedURL(engine))

        // Same study, series and SOP Instance UIDs, another patient: held, never filed over A.
        #expect(try await Self.store(Self.image(patient: Self.patientB, pixel: 0x22), in: engine) == .success)
        let (_, quarantine) = try await engine.http("GET", "/api/quarantine")
        let entries = (quarantine as? [[String: Any]]) ?? []
        #expect(entries.map { $0["controlId"] as? String } == [Self.sop])
        #expect(try Data(contentsOf: Self.filedURL(engine)) == filed)
        let seen = try await Self.seen(engine)
        #expect(seen.qido == [Self.patientA.id, Self.patientA.name])
        #expect(seen.metadata == [Self.patientA.id, Self.patientA.name])
        let retrieved = try await Self.retrieved(engine)
        #expect(retrieved.range(of: Data(repeating: 0x11, count: 64)) != nil)
        #expect(retrieved.range(of: Data(repeating: 0x22, count: 64)) == nil)
        #expect(retrieved.range(of: Data(Self.patientB.id.utf8)) == nil)
        // The quarantined copy is kept on its own, and cannot be filed over the filed instance.
        let held = Self.quarantinedFiles(engine)
        #expect(held.count == 1)
        #expect(try held.first.map { try Data(contentsOf: $0) }?.range(of: Data(Self.patientB.id.utf8)) != nil)
        let id = try #require(entries.first.flatMap { "\($0["id"] ?? "")" })
        let (released, _) = try await engine.http("POST", "/api/quarantine/\(id)/release",
                                                  json: #"{"patientId": "MRN100234", "accessionNumber": "ACC20261122001", "by": "test"}"#)
        #expect(released == 409)
        #expect(try Data(contentsOf: Self.filedURL(engine)) == filed)
        try await Self.expectServing(engine)

        // The replayed state and the index agree after a restart.
        let restarted = try await engine.restart()
        defer { Task { await restarted.stop() } }
        let again = try await Self.seen(restarted)
        #expect(again.qido == [Self.patientA.id, Self.patientA.name])
        #expect(again.metadata == [Self.patientA.id, Self.patientA.name])
        try await Self.expectServing(restarted)
    }

    @Test func anIdenticalResendIsADuplicateWithAWarningAndDifferentContentIsHeld() async throws {
        let engine = try await Self.startWithOrder()
        defer { Task { await engine.stop() } }
        let original = Self.image(patient: Self.patientA, pixel: 0x11)
        #expect(try await Self.store(original, in: engine) == .success)
        let filed = try Data(contentsOf: Self.filedURL(engine))

        let duplicate = try await Self.store(original, in: engine)
        #expect(duplicate.isWarning, "\(duplicate)")
        #expect(duplicate.rawValue == 0xB006)
        let seriesDirectory = Self.filedURL(engine).deletingLastPathComponent()
        #expect(try FileManager.default.contentsOfDirectory(atPath: seriesDirectory.path) == ["\(Self.sop).dcm"])
        #expect(Self.quarantinedFiles(engine).isEmpty)
        #expect(((try await engine.http("GET", "/api/quarantine").json as? [Any]) ?? [0]).isEmpty)
        #expect(try await Self.seen(engine).qido == [Self.patientA.id, Self.patientA.name])

        // Same identity, other pixels: not a duplicate, never a silent overwrite.
        #expect(try await Self.store(Self.image(patient: Self.patientA, pixel: 0x33), in: engine) == .success)
        #expect(try Data(contentsOf: Self.filedURL(engine)) == filed)
        #expect(Self.quarantinedFiles(engine).count == 1)
        #expect(try await Self.retrieved(engine).range(of: Data(repeating: 0x33, count: 64)) == nil)
        try await Self.expectServing(engine)
    }

    @Test func concurrentStoresOfOneSOPInstanceUIDCorruptNeither() async throws {
        let engine = try await Self.startWithOrder()
        defer { Task { await engine.stop() } }
        for round in 1...4 {
            let sop = Self.sop + ".\(round)"
            let a = Self.image(patient: Self.patientA, pixel: 0x11, sop: sop)
            let b = Self.image(patient: Self.patientB, pixel: 0x22, sop: sop)
            // Two identical copies and another patient's object at once.
            async let first = Self.store(a, in: engine)
            async let second = Self.store(a, in: engine)
            async let third = Self.store(b, in: engine)
            let statuses = try await [first, second, third]
            #expect(statuses.allSatisfy { $0 == .success || $0.isWarning }, "\(statuses)")
            let seen = try await Self.seen(engine, sop: sop)
            #expect(seen.qido == [Self.patientA.id, Self.patientA.name])
            #expect(seen.metadata == [Self.patientA.id, Self.patientA.name])
            let stored = try await Self.retrieved(engine, sop: sop)
            #expect(stored.range(of: Data(repeating: 0x22, count: 64)) == nil)
        }
        let (_, quarantine) = try await engine.http("GET", "/api/quarantine")
        #expect(((quarantine as? [[String: Any]]) ?? []).count == 4)
        try await Self.expectServing(engine)
    }

    static func procedureStep(_ association: DICOMAssociation, _ command: CommandField, uid: String, status: String,
                              study: String = HostileDICOMStoreTests.study, accession: String = HostileDICOMStoreTests.accession) async throws -> DIMSEStatus {
        let context = try #require(association.context(for: ProcedureStepService.sopClassUID))
        var attributes = DataSet()
        attributes.set(ProcedureStepService.performedProcedureStepStatus, .CS, status)
        if command == .nCreateRequest {
            var step = DataSet()
            step.set(.studyInstanceUID, .UI, study)
            step.set(.accessionNumber, .SH, accession)
            attributes.set(Tag(0x0040, 0x0270), items: [step])
            attributes.set(.patientID, .LO, HostileDICOMStoreTests.patientA.id)
        }
        let request = DIMSEMessage.request(command, contextID: context.id, messageID: association.nextMessageID(),
                                           sopClassUID: ProcedureStepService.sopClassUID, sopInstanceUID: uid,
                                           requested: command == .nSetRequest,
                                           dataSet: try attributes.encoded(transferSyntax: .explicitVRLittleEndian))
        return try await association.send(request).last?.status ?? .processingFailure
    }

    @Test func aProcedureStepSurvivesARestart() async throws {
        let engine = try await Self.startWithOrder()
        let scheduled = "1.2.826.0.1.3680043.10.999.41"
        let unscheduled = "1.2.826.0.1.3680043.10.999.42"
        var association = try await Self.associate(engine)
        #expect(try await Self.procedureStep(association, .nCreateRequest, uid: scheduled, status: "IN PROGRESS") == .success)
        // No order has this accession: accepted, and kept across the restart all the same.
        #expect(try await Self.procedureStep(association, .nCreateRequest, uid: unscheduled, status: "IN PROGRESS",
                                             study: "1.2.3.4.5", accession: "NOSUCH") == .success)
        try await association.release()

        let restarted = try await engine.restart()
        defer { Task { await restarted.stop() } }
        association = try await Self.associate(restarted)
        #expect(try await Self.procedureStep(association, .nSetRequest, uid: scheduled, status: "COMPLETED") == .success)
        #expect(try await Self.procedureStep(association, .nSetRequest, uid: unscheduled, status: "DISCONTINUED") == .success)
        // Ended steps may no longer change (PS3.4 F.7.2.2), nor be created again.
        #expect(try await Self.procedureStep(association, .nSetRequest, uid: scheduled, status: "COMPLETED") == .processingFailure)
        #expect(try await Self.procedureStep(association, .nCreateRequest, uid: scheduled, status: "IN PROGRESS") == .duplicateSOPInstance)
        try await association.release()
        let (_, orders) = try await restarted.http("GET", "/api/orders?accession=\(Self.accession)")
        #expect(((orders as? [[String: Any]])?.first?["status"] as? String) == "completed")

        // And after one more restart the ended steps are still refused.
        let third = try await restarted.restart()
        defer { Task { await third.stop() } }
        association = try await Self.associate(third)
        #expect(try await Self.procedureStep(association, .nSetRequest, uid: scheduled, status: "DISCONTINUED") == .processingFailure)
        try await association.release()
        try await Self.expectServing(third)
    }

    @Test func dataFilesAreReadableByTheEngineUserOnly() async throws {
        // Modes are explicit: even a umask that takes nothing away leaves them private.
        let saved = umask(0)
        defer { umask(saved) }
        let engine = try await Self.startWithOrder()
        defer { Task { await engine.stop() } }
        #expect(try await Self.store(Self.image(patient: Self.patientA, pixel: 0x11), in: engine) == .success)
        #expect(try await Self.store(Self.image(patient: Self.patientB, pixel: 0x22), in: engine) == .success)
        func mode(_ url: URL) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
        }
        let instances = engine.directory.appendingPathComponent("instances")
        #expect(try mode(engine.directory) == 0o700)
        for name in ["radbridge.sqlite", "radbridge.sqlite-wal", "radbridge.sqlite-shm"] {
            #expect(try mode(engine.directory.appendingPathComponent(name)) == 0o600, "\(name)")
        }
        for directory in [instances, instances.appendingPathComponent(Self.study),
                          instances.appendingPathComponent("\(Self.study)/\(Self.series)"), instances.appendingPathComponent("quarantine")] {
            #expect(try mode(directory) == 0o700, "\(directory.path)")
        }
        #expect(try mode(Self.filedURL(engine)) == 0o600)
        let held = try #require(Self.quarantinedFiles(engine).first)
        #expect(try mode(held) == 0o600)
        try await Self.expectServing(engine)
    }

    /// STOW-RS of one instance: the HTTP status, the Warning header and the response body.
    static func stow(_ file: DICOMFile, to engine: RunningEngine) async throws -> (status: Int, warning: String?, body: String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(engine.httpPort)/dicomweb/studies")!)
        request.httpMethod = "POST"
        request.setValue(#"multipart/related; type="application/dicom"; boundary=hostile"#, forHTTPHeaderField: "Content-Type")
        var body = Data("--hostile\r\nContent-Type: application/dicom\r\n\r\n".utf8)
        body += try file.encoded()
        body += Data("\r\n--hostile--\r\n".utf8)
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return (http.statusCode, http.value(forHTTPHeaderField: "Warning"), String(decoding: data, as: UTF8.self))
    }

    @Test func stowTakesTheSamePath() async throws {
        let engine = try await Self.startWithOrder()
        defer { Task { await engine.stop() } }
        let original = Self.image(patient: Self.patientA, pixel: 0x11)
        #expect(try await Self.stow(original, to: engine).status == 200)
        let filed = try Data(contentsOf: Self.filedURL(engine))
        // The identical instance again: stored (the filed copy), with the duplicate warning.
        let again = try await Self.stow(original, to: engine)
        #expect(again.status == 202)
        #expect(again.warning?.contains("identical") == true, "\(again)")
        #expect(again.body.contains("00081196"), "\(again.body)")
        // Another patient's object with the same UIDs: held apart, the filed instance unchanged.
        let other = try await Self.stow(Self.image(patient: Self.patientB, pixel: 0x22), to: engine)
        #expect(other.status == 202)
        #expect(try Data(contentsOf: Self.filedURL(engine)) == filed)
        #expect(try await Self.seen(engine).metadata == [Self.patientA.id, Self.patientA.name])
        #expect(Self.quarantinedFiles(engine).count == 1)
        try await Self.expectServing(engine)
    }
}
