import Foundation
import Workflow
import Yams

/// Reads interface profiles from YAML: the ones RadBridge ships and a site's own folder.
public enum ProfileLibrary {
    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The shipped profiles: ge-centricity, siemens-syngo, philips-intellispace, ihe-swf.
    public static func shipped() throws -> [InterfaceProfile] {
        guard let folder = Bundle.module.url(forResource: "profiles", withExtension: nil) else {
            throw LoadError(description: "the shipped profiles are missing from the RadBridge bundle")
        }
        return try load(directory: folder)
    }

    /// Every `*.yaml` / `*.yml` file of a folder, one profile per file.
    public static func load(directory: URL) throws -> [InterfaceProfile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw LoadError(description: "profile folder \(directory.path) cannot be read")
        }
        return try names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            .map { try load(file: directory.appendingPathComponent($0)) }
    }

    public static func load(file: URL) throws -> InterfaceProfile {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw LoadError(description: "profile \(file.path) cannot be read")
        }
        do {
            return try decode(yaml: text)
        } catch let error as LoadError {
            throw LoadError(description: "\(file.lastPathComponent): \(error.description)")
        }
    }

    public static func decode(yaml: String) throws -> InterfaceProfile {
        let profile: InterfaceProfile
        do {
            profile = try YAMLDecoder().decode(InterfaceProfile.self, from: yaml)
        } catch let DecodingError.dataCorrupted(context) {
            throw LoadError(description: "\(path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) {
            throw LoadError(description: "\(path(context.codingPath + [key])) is missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw LoadError(description: "\(path(context.codingPath)): \(context.debugDescription)")
        } catch {
            throw LoadError(description: "\(error)")
        }
        try check(profile)
        return profile
    }

    static func check(_ profile: InterfaceProfile) throws {
        if let problem = profile.contractProblem { throw LoadError(description: problem) }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "profile" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
