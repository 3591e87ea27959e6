import Foundation
import Testing

@Suite struct ProfileCommandTests {
    @Test func keptProfilePrintsOkWithWhatItCarries() async throws {
        let result = try await CLIRunner.run(["profile", "check", CLIRunner.fixture("orm_o01_siemens_zsi.hl7"), "--profile", "siemens-syngo"])
        #expect(result.status == 0)
        #expect(result.lines.count == 1)
        #expect(result.text.contains("message SYN0001: ok (schedulingPriority=HIGH, stationAETitle=MR_SKYRA_1, stationName=NCMR01, worklistRoute=WL_ROUTE_ORTHO)"))
    }

    @Test func brokenProfileExitsOneWithTheField() async throws {
        let result = try await CLIRunner.run(["profile", "check", CLIRunner.fixture("orm_o01_new_ge_zds.hl7"), "--profile", "siemens-syngo"])
        #expect(result.status == 1)
        #expect(result.lines.count == 2)
        #expect(result.lines.contains { $0.hasSuffix("message ORM0001: ZDS: warning: segment ZDS is not declared by profile siemens-syngo VB20; kept (HL7 100 Segment sequence error)") })
        #expect(result.lines.contains { $0.contains("ZSI: segment ZSI is required by profile siemens-syngo in order group 1") })
    }

    @Test func unknownProfileAndBrokenProfileFileAreOneLineErrors() async throws {
        let unknown = try await CLIRunner.run(["profile", "check", CLIRunner.fixture("orm_o01_new_ge_zds.hl7"), "--profile", "agfa"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("radbridge: no profile 'agfa'; known: ge-centricity, ihe-swf"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("profiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "name: local\nsegments:\n  - { segment: ZX, fields: [] }\n".write(to: folder.appendingPathComponent("local.yaml"), atomically: true, encoding: .utf8)
        let broken = try await CLIRunner.run(["profile", "list", "--profiles", folder.path])
        #expect(broken.status == 1)
        #expect(broken.stderr == "radbridge: local.yaml: segment 'ZX' is not a segment name\n")
    }
}
