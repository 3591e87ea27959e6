import ArgumentParser
import Engine
import Foundation
import HL7
import Workflow

struct ProfileCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check messages against an interface profile; exit 0 when every message keeps it, 1 otherwise.",
        discussion: """
        Each problem is one line: FILE: message CONTROL-ID: LOCATION: problem (HL7 table 0357 code). \
        Warnings (e.g. an undeclared Z-segment under a `warn` policy) are printed but do not fail. \
        A message that keeps the profile prints `ok` with the domain attributes its fields carry.
        """
    )

    @Argument(help: "HL7 file (- for standard input); one or several messages.") var file: String
    @Option(help: "Profile name (shipped: ge-centricity, siemens-syngo, philips-intellispace, ihe-swf).") var profile: String
    @Option(help: "A folder with more profiles (YAML), as `profiles.directory` in the config.") var profiles: String?

    func run() async throws {
        try reportingErrors {
            let catalog = ProfileCatalog(profiles: try knownProfiles(folder: profiles))
            guard let chosen = catalog.profile(named: profile) else {
                throw CLIError("no profile '\(profile)'; known: \(catalog.profiles.keys.sorted().joined(separator: ", "))")
            }
            let validator = ProfileValidator(profile: chosen)
            var failed = false
            for (k, message) in try InputFile.batch(file).messages.enumerated() {
                let id = message.header.controlID.isEmpty ? "#\(k + 1)" : message.header.controlID
                let issues = validator.check(message)
                for issue in issues {
                    if issue.severity == .error { failed = true }
                    Output.line("\(file): message \(id): \(issue)")
                }
                if !issues.contains(where: { $0.severity == .error }) {
                    let carried = message.orderGroups.flatMap { chosen.attributes(of: $0, in: message) }
                        .map { "\($0.key.rawValue)=\($0.value)" }.sorted()
                    Output.line("\(file): message \(id): ok" + (carried.isEmpty ? "" : " (" + carried.joined(separator: ", ") + ")"))
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}

struct ProfileListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the known profiles.")

    @Option(help: "A folder with more profiles (YAML).") var profiles: String?

    func run() async throws {
        try reportingErrors {
            for profile in try knownProfiles(folder: profiles).sorted(by: { $0.name < $1.name }) {
                let segments = profile.zSegments.map(\.segment).joined(separator: ",")
                Output.line("\(profile.name)\t\(profile.vendor) \(profile.product) \(profile.version)\tZ: \(segments.isEmpty ? "-" : segments)\tundeclared: \(profile.undeclaredZSegments.rawValue)")
            }
        }
    }
}

/// The shipped profiles and those of `folder`; a broken profile file is a one-line error.
private func knownProfiles(folder: String?) throws -> [InterfaceProfile] {
    var settings = ProfileSettings()
    settings.directory = folder
    do {
        return try settings.catalog()
    } catch let error as ProfileLibrary.LoadError {
        throw CLIError(error.description)
    }
}
