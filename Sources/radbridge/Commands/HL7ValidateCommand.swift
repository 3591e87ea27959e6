import ArgumentParser
import HL7

struct HL7ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check message structure and required fields; exit 0 when valid, 1 with one line per problem.",
        discussion: "Each line: FILE: message CONTROL-ID: LOCATION: problem (HL7 table 0357 code). Warnings are printed but do not fail."
    )

    @Argument(help: "HL7 file (- for standard input).") var file: String

    func run() async throws {
        try reportingErrors {
            let batch = try InputFile.batch(file)
            var failed = false
            for (k, message) in batch.messages.enumerated() {
                let id = message.header.controlID.isEmpty ? "#\(k + 1)" : message.header.controlID
                for issue in HL7Validator.validate(message) {
                    if issue.severity == .error { failed = true }
                    Output.line("\(file): message \(id): \(issue)")
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}
