import Foundation

enum Paths {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let peers = repository.appendingPathComponent("Tests/Peers")
    static let fixtures = repository.appendingPathComponent("Tests/Fixtures/hl7")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("radbridge-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
