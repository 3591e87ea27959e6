import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Orthanc (Debian package `orthanc`) as the PACS: its own config and storage in a temp folder,
/// DICOM and HTTP on free ports, HTTP for loopback clients only, C-STORE accepted only from the
/// registered RadBridge AE at 127.0.0.1. Stopping and starting again keeps the storage.
final class OrthancPeer: Sendable {
    static let executable = "/usr/sbin/Orthanc"
    let directory: URL
    let dicomPort: Int
    let httpPort: Int
    let aeTitle = "ORTHANC"
    private let process: Mutex<ChildProcess?>
    private let callingAETitle: String
    private let overwrite: Bool
    /// Where Orthanc sends storage commitment reports (RadBridge's DICOM listener).
    private let reportPort = Mutex(104)

    /// With `start: false`, call `start(reportingTo:)` once RadBridge's DICOM port is known.
    private let extra: [String: Bool]
    private let strings: [String: String]

    /// `extra`: further settings, e.g. `["Jpeg2000TransferSyntaxAccepted": false]`; `strings`: settings with
    /// text values (e.g. `DicomTlsCertificate`).
    init(allowing callingAETitle: String = "RADBRIDGE", overwrite: Bool = true, extra: [String: Bool] = [:],
         strings: [String: String] = [:], start: Bool = true) async throws {
        self.callingAETitle = callingAETitle
        self.extra = extra
        self.strings = strings
        self.overwrite = overwrite
        directory = Paths.temporaryDirectory()
        let dicom = try RawSocketListener(), http = try RawSocketListener()
        dicomPort = dicom.port
        httpPort = http.port
        dicom.close()
        http.close()
        process = Mutex(nil)
        if start { try await self.start() }
    }

    private func writeConfiguration() throws {
        var config: [String: Any] = [
            "Name": "RadBridgeTestPACS", "StorageDirectory": directory.appendingPathComponent("storage").path,
            "IndexDirectory": directory.appendingPathComponent("index").path, "DicomAet": aeTitle,
            "DicomPort": dicomPort, "HttpPort": httpPort, "RemoteAccessAllowed": false, "AuthenticationEnabled": false,
            "DicomCheckCalledAet": true, "DicomAlwaysAllowStore": false, "DicomAlwaysAllowEcho": false,
            "DicomCheckModalityHost": true, "Plugins": [], "OverwriteInstances": overwrite, "SaveJobs": false,
            "DicomModalities": ["radbridge": ["AET": callingAETitle, "Host": "127.0.0.1", "Port": reportPort.withLock { $0 },
                                              "AllowStorageCommitment": true]],
        ]
        config.merge(extra) { $1 }
        config.merge(strings) { $1 }
        try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted])
            .write(to: directory.appendingPathComponent("orthanc.json"))
    }

    func start(reportingTo port: Int) async throws {
        reportPort.withLock { $0 = port }
        try await start()
    }

    /// Starts Orthanc (again) and waits until its REST API answers.
    func start() async throws {
        try writeConfiguration()
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            throw PeerError.noOutput("\(Self.executable) is missing: run scripts/bootstrap")
        }
        let child = try ChildProcess(Self.executable, ["--logdir=\(directory.path)", directory.appendingPathComponent("orthanc.json").path])
        process.withLock { $0 = child }
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if (try? await get("/system")) != nil { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw PeerError.noOutput("Orthanc did not answer on HTTP port \(httpPort)")
    }

    func stop() async {
        guard let child = process.withLock({ state -> ChildProcess? in defer { state = nil }; return state }) else { return }
        child.terminate()
        _ = await child.waitForExit()
    }

    /// Orthanc's IDs of the stored instances.
    func instanceIDs() async throws -> [String] {
        (try await get("/instances") as? [String]) ?? []
    }

    /// The main tags of a stored instance (`/instances/{id}/simplified-tags`).
    func tags(of id: String) async throws -> [String: Any] {
        (try await get("/instances/\(id)/simplified-tags") as? [String: Any]) ?? [:]
    }

    func tags(sopInstanceUID uid: String) async throws -> [String: Any]? {
        for id in try await instanceIDs() {
            let tags = try await tags(of: id)
            if tags["SOPInstanceUID"] as? String == uid { return tags }
        }
        return nil
    }

    func deleteAll() async throws {
        for id in try await instanceIDs() { _ = try await request("DELETE", "/instances/\(id)") }
    }

    /// Polls until `condition` holds (true) or the timeout passes (false).
    func waitUntil(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

    func get(_ path: String) async throws -> Any {
        try await request("GET", path)
    }

    /// Stores a DICOM file straight into Orthanc (REST `POST /instances`), as if a modality had sent it there.
    func upload(_ file: URL) async throws {
        _ = try await request("POST", "/instances", body: try Data(contentsOf: file))
    }

    /// Orthanc's main DICOM tags of the study with this Study Instance UID.
    func studyTags(_ uid: String) async throws -> [String: Any]? {
        let studies = (try await get("/studies?expand") as? [[String: Any]]) ?? []
        return studies.compactMap { $0["MainDicomTags"] as? [String: Any] }.first { $0["StudyInstanceUID"] as? String == uid }
    }

    private func request(_ method: String, _ path: String, body: Data? = nil) async throws -> Any {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(httpPort)\(path)")!)
        request.httpMethod = method
        request.httpBody = body
        request.timeoutInterval = 10
        let (data, response) = try await URLSession.shared.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw PeerError.noOutput("Orthanc \(method) \(path) failed") }
        return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }

    deinit {
        process.withLock { $0?.terminate() }
    }
}
