import ArgumentParser
import HL7

extension HL7AckCode: ExpressibleByArgument {}

struct HL7AckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Print the acknowledgement(s) for each message in FILE.",
        discussion: """
            Without --code the outcome comes from validation: AA, AE with ERR segments, or AR for an \
            unsupported type, event, processing id or version. A message in enhanced mode (MSH-15/16) \
            gets the commit (CA/CE/CR) and application acknowledgements its conditions ask for. Input \
            that cannot be parsed gets an AR and exit status 1.
            """
    )

    @Argument(help: "HL7 file (- for standard input).") var file: String
    @Option(help: "Force the outcome: AA, AE or AR.") var code: HL7AckCode?

    func validate() throws {
        if let code, ![.AA, .AE, .AR].contains(code) {
            throw ValidationError("--code takes AA, AE or AR; commit codes follow from MSH-15")
        }
    }

    func run() async throws {
        try reportingErrors {
            let input = try InputFile.bytes(file)
            let batch: HL7Batch
            do throws(HL7ParseError) {
                batch = try HL7Batch(bytes: input)
            } catch {
                Output.writeER7(HL7Acknowledgement.reject(unparseable: input, error: error).encoded())
                throw CLIError("\(file): \(error.description)")
            }
            for message in batch.messages {
                let issues = HL7Validator.validate(message).filter { $0.severity == .error }
                let outcome = code ?? HL7AckCode.outcome(for: issues)
                for ack in HL7Acknowledgement.responses(to: message, outcome: outcome, issues: outcome == .AA ? [] : issues) {
                    Output.writeER7(ack.encoded())
                }
            }
        }
    }
}
