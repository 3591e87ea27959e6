import DICOM
import Foundation
import TestSupport
import Testing

/// The `radbridge dicom …` commands, run as the built executable (swift build --build-tests builds it).
@Suite struct CLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var executable: String {
        for configuration in ["debug", "release"] {
            let path = root.appendingPathComponent(".build/\(configuration)/radbridge").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return root.appendingPathComponent(".build/debug/radbridge").path
    }

    @Test func dumpPrintsOneLinePerElement() async throws {
        let result = try await ExternalTool.run(Self.executable, ["dicom", "dump", "--all", Fixtures.url("CT_small.dcm").path])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = DataSetDumper(maximumValueLength: nil).dump(try DICOMFile(bytes: Fixtures.bytes("CT_small.dcm")))
        #expect(String(decoding: result.stdout, as: UTF8.self) == expected)
        #expect(expected.contains("(0010,0010) PN [CompressedSamples^CT1] # 22, 1 PatientName"))
    }

    @Test func dumpOfABrokenFileFails() async throws {
        let result = try await ExternalTool.run(Self.executable, ["dicom", "dump", Fixtures.url("rtplan_truncated.dcm").path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("past the end"))
    }

    @Test func scpEchoAndSend() async throws {
        let port = try await RawClient.freePort()
        let output = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let scp = try BackgroundProcess(Self.executable, ["dicom", "scp", "--port", "\(port)", "--output", output.path])
        defer { scp.stop() }
        var echo: ExternalTool.Outcome?
        for _ in 0..<100 {
            echo = try await ExternalTool.run(Self.executable, ["dicom", "echo", "127.0.0.1:\(port)", "--aec", "RADBRIDGE"])
            if echo?.status == 0 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(echo?.status == 0, "echo: \(echo?.stderr ?? "") scp: \(scp.output)")
        let send = try await ExternalTool.run(Self.executable, ["dicom", "send", "127.0.0.1:\(port)", "--aec", "RADBRIDGE",
                                                               Fixtures.url("CT_small.dcm").path, Fixtures.url("MR_small_bigendian.dcm").path])
        #expect(send.status == 0, "send: \(send.stderr) \(String(decoding: send.stdout, as: UTF8.self))")
        let stored = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasSuffix(".dcm") }
        #expect(stored.count == 2)
        let refused = try await ExternalTool.run(Self.executable, ["dicom", "echo", "127.0.0.1:\(port)", "--aec", "SOMEONE"])
        #expect(refused.status != 0)
    }
}
