import Foundation

/// Validates FHIR resources with the python `fhir.resources` R4 models (Tests/Peers/fhir_validate.py),
/// run from the virtual environment scripts/bootstrap makes. A missing validator is a failure.
public enum FHIRValidator {
    public static var python: String {
        let environment = ProcessInfo.processInfo.environment
        if let python = environment["RADBRIDGE_FHIR_PYTHON"] { return python }
        let venv = environment["RADBRIDGE_FHIR_VENV"]
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.cache/radbridge/fhir-r4-venv")
        return venv + "/bin/python"
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Peers/fhir_validate.py").path

    /// Validates each JSON document (one resource each). Returns one `valid Type/id` line per
    /// document; throws with the validator's report when any is invalid.
    @discardableResult
    public static func validate(_ documents: [Data]) async throws -> [String] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fhir-validate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String] = []
        for (n, document) in documents.enumerated() {
            let url = directory.appendingPathComponent("\(n).json")
            try document.write(to: url)
            paths.append(url.path)
        }
        let result = try await ExternalTool.run(python, [script] + paths)
        let output = String(decoding: result.stdout, as: UTF8.self)
        guard result.status == 0 else {
            throw ExternalTool.Failure(description: "FHIR validation failed (\(python)):\n\(output)\(result.stderr)")
        }
        return output.split(separator: "\n").map(String.init)
    }
}
