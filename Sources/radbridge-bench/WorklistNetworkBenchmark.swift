import DICOM
import DICOMNetwork
import Foundation
import Workflow

/// `radbridge-bench worklist-net [--entries 10000,100000]`: Modality Worklist C-FIND latency over
/// the network, our SCP against DCMTK `wlmscpfs` serving worklist files written from the same
/// entries, both asked the same queries by the same client over one open association each.
enum WorklistNetworkBenchmark {
    static func run(arguments: [String]) async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/wlmscpfs") else {
            print("DCMTK wlmscpfs is missing (apt-get install dcmtk)")
            return
        }
        let sizes = (WorklistBenchmark.value(of: "--entries", in: arguments) ?? "10000,100000").split(separator: ",").compactMap { Int($0) }
        for size in sizes {
            let (index, _) = try WorklistBenchmark.makeWorklist(size)
            let queries = queries(size)
            let server = DICOMServer(configuration: .init(host: "127.0.0.1", port: 0), services: [
                FindService(sopClassUIDs: [FindService.modalityWorklist]) { identifier, _ in
                    index.find(WorklistDICOM.query(from: identifier)).map { WorklistDICOM.response(for: $0, identifier: identifier) }
                },
            ])
            let ours = try await server.start()
            let (peer, folder) = try await startWorklistFiles(index, size: size)
            defer {
                peer.terminate()
                try? FileManager.default.removeItem(at: folder)
            }
            print("worklist with \(index.count) scheduled steps, C-FIND over TCP (median / p99 per query, matches per query)")
            // wlmscpfs reads every file for every query, so it gets fewer queries at large sizes.
            let peerRepeats = max(3, 200_000 / size)
            for (label, identifier) in queries {
                let mine = try await measure(port: ours, identifier: identifier, repeats: 200)
                let theirs = try await measure(port: peer.port, identifier: identifier, repeats: min(200, peerRepeats))
                print("  \(label.padding(toLength: 24, withPad: " ", startingAt: 0))"
                      + " RadBridge \(format(mine.median)) / \(format(mine.p99)) (\(mine.matches))"
                      + "   wlmscpfs \(format(theirs.median)) / \(format(theirs.p99)) (\(theirs.matches))"
                      + String(format: "   ×%.0f", theirs.median / mine.median))
            }
            try await server.stop()
        }
    }

    static func format(_ milliseconds: Double) -> String {
        milliseconds < 10 ? String(format: "%6.2f ms", milliseconds) : String(format: "%6.0f ms", milliseconds)
    }

    /// The three query shapes of the index benchmark, as C-FIND identifiers with the SWF return keys.
    static func queries(_ size: Int) -> [(String, DataSet)] {
        // Day 0 has CT entries at every size (the generator cycles modalities and days together).
        let day = WorklistBenchmark.date(0), next = WorklistBenchmark.date(1)
        var patient = returnKeys()
        patient.set(Tag(0x0010, 0x0020), .LO, "MRN\(7 % max(1, size / 4))")
        var range = returnKeys(step: { $0.set(Tag(0x0008, 0x0060), .CS, "CT"); $0.set(Tag(0x0040, 0x0002), .DA, "\(day)-\(next)") })
        range.set(Tag(0x0008, 0x0005), .CS, "ISO_IR 192")
        let station = returnKeys(step: { $0.set(Tag(0x0040, 0x0001), .AE, "STATION3"); $0.set(Tag(0x0040, 0x0002), .DA, "") })
        return [("one patient (PatientID)", patient), ("modality + 2-day range", range), ("station AE title", station)]
    }

    /// Every return key of the IHE SWF worklist query, empty (universal matching).
    static func returnKeys(step fill: (inout DataSet) -> Void = { _ in }) -> DataSet {
        var identifier = DataSet()
        for (tag, vr) in [((0x0010, 0x0010), VR.PN), ((0x0010, 0x0020), .LO), ((0x0010, 0x0021), .LO), ((0x0010, 0x0030), .DA),
                          ((0x0010, 0x0040), .CS), ((0x0008, 0x0050), .SH), ((0x0008, 0x0090), .PN), ((0x0020, 0x000D), .UI),
                          ((0x0032, 0x1060), .LO), ((0x0040, 0x1001), .SH)] {
            identifier.set(Tag(UInt16(tag.0), UInt16(tag.1)), vr, "")
        }
        var step = DataSet()
        for (tag, vr) in [((0x0008, 0x0060), VR.CS), ((0x0040, 0x0001), .AE), ((0x0040, 0x0002), .DA), ((0x0040, 0x0003), .TM),
                          ((0x0040, 0x0007), .LO), ((0x0040, 0x0009), .SH), ((0x0040, 0x0006), .PN)] {
            step.set(Tag(UInt16(tag.0), UInt16(tag.1)), vr, "")
        }
        fill(&step)
        identifier.set(Tag(0x0040, 0x0100), items: [step])
        return identifier
    }

    struct Figures { var median: Double; var p99: Double; var matches: Int }

    static func measure(port: Int, identifier: DataSet, repeats: Int) async throws -> Figures {
        let association = try await DICOMAssociation.open(
            host: "127.0.0.1", port: port, callingAETitle: "BENCH", calledAETitle: "RADBRIDGE",
            proposals: DICOMAssociation.proposals([(FindService.modalityWorklist, [TransferSyntax.explicitVRLittleEndian.uid])]),
            timeout: .seconds(600))
        var samples: [Double] = []
        var matches = 0
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            let (found, _) = try await association.find(identifier, sopClassUID: FindService.modalityWorklist)
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            matches = found.count
        }
        try await association.release()
        samples.sort()
        return Figures(median: samples[samples.count / 2], p99: samples[min(samples.count - 1, samples.count * 99 / 100)], matches: matches)
    }

    struct Peer {
        let process: Process
        let port: Int
        func terminate() {
            // wlmscpfs does not stop on SIGTERM while idle on its socket.
            kill(process.processIdentifier, SIGKILL)
            // Foundation's waitUntilExit spins a run loop on Linux; poll instead.
            while process.isRunning { usleep(10_000) }
        }
    }

    /// One `.wl` file per entry (the response our SCP gives to the full return-key query) in
    /// `<folder>/RADBRIDGE/`, served by `wlmscpfs`.
    static func startWorklistFiles(_ index: WorklistIndex, size: Int) async throws -> (Peer, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("radbridge-wlm-\(UUID().uuidString)")
        let ae = folder.appendingPathComponent("RADBRIDGE")
        try FileManager.default.createDirectory(at: ae, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: ae.appendingPathComponent("lockfile").path, contents: Data())
        let full = returnKeys()
        for (k, item) in index.find(WorklistQuery()).enumerated() {
            var entry = WorklistDICOM.response(for: item, identifier: full)
            entry.set(Tag(0x0008, 0x0005), .CS, "ISO_IR 192")
            let bytes = try DICOMFile(dataSet: entry, transferSyntax: .explicitVRLittleEndian).encoded()
            try Data(bytes).write(to: ae.appendingPathComponent("entry\(k).wl"))
        }
        let port = 20_000 + Int.random(in: 0..<20_000)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/wlmscpfs")
        process.arguments = ["-s", "-dfr", "-csk", "-dfp", folder.path, "\(port)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        var environment = ProcessInfo.processInfo.environment
        environment["TCP_NODELAY"] = "1"
        process.environment = environment
        try process.run()
        try await Task.sleep(for: .milliseconds(500))
        return (Peer(process: process, port: port), folder)
    }
}
