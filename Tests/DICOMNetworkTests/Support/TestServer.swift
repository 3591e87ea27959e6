import DICOM
import DICOMNetwork
import Foundation

/// Our SCP on an ephemeral port with every service, for tests.
struct TestServer {
    let server: DICOMServer
    let port: Int
    let storage: URL
    let procedureSteps: ProcedureStepStore

    static let worklist: [DataSet] = (1...3).map { index in
        var item = DataSet()
        item.set(.patientName, .PN, "Doe^Patient\(index)")
        item.set(.patientID, .LO, "PID\(index)")
        item.set(.accessionNumber, .SH, "ACC\(index)")
        var step = DataSet()
        step.set(.modality, .CS, index == 3 ? "MR" : "CT")
        step.set(Tag(0x0040, 0x0001), .AE, "CTSCANNER")
        step.set(Tag(0x0040, 0x0002), .DA, "2026112\(index)")
        item.set(.scheduledProcedureStepSequence, items: [step])
        return item
    }

    static func start(configure: (inout DICOMServer.Configuration) -> Void = { _ in }, extraServices: [any DIMSEService] = []) async throws -> TestServer {
        var configuration = DICOMServer.Configuration(host: "127.0.0.1", port: 0, aeTitle: "RADBRIDGE")
        configuration.policy.artimTimeout = .seconds(10)
        configure(&configuration)
        let storage = try Fixtures.temporaryFolder()
        let steps = ProcedureStepStore()
        let server = DICOMServer(configuration: configuration, services: extraServices + [
            VerificationService(), StorageService.directory(storage), FindService.matching(worklist),
            ProcedureStepService(store: steps),
        ])
        let port = try await server.start()
        return TestServer(server: server, port: port, storage: storage, procedureSteps: steps)
    }

    func stop() async throws {
        try await server.stop()
        try? FileManager.default.removeItem(at: storage)
    }

    var storedFiles: [URL] {
        ((try? FileManager.default.contentsOfDirectory(atPath: storage.path)) ?? []).sorted().map { storage.appendingPathComponent($0) }
    }
}
