import ArgumentParser
import HL7

extension HL7AckCode: ExpressibleByArgument {}
extension HL7ValidationPolicy: ExpressibleByArgument {}

struct HL7AckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Print the acknowledgement(s) for each message in FILE.",
        discussion: """
            Without --code the outcome comes from validation under --validation: strict answers AE with \
            ERR segments for any error, or AR for an unsupported type, event, processing id or version; \
            lenient (the default) answers AA with ERR segments of severity W unless the message cannot \
            be processed (MSH-9 or MSH-10 missing, unsupported processing id or version); off checks only \
            that. A message in enhanced mode (MSH-15/16) \
            gets the commit (CA/CE/CR) and application acknowledgements its conditions ask for. Input \
            that cannot be parsed gets an AR and exit status 1.
            """
    )

    @Argument(help: "HL7 file (- for standard input).") var file: String
    @Option(help: "Force the outcome: AA, AE or AR.") var code: HL7AckCode?
    @Option(help: "Validation policy: strict, lenient or off.") var validation: HL7ValidationPolicy = .lenient

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
                let result = HL7Validator.validate(message, policy: validation)
                let outcome = code ?? HL7AckCode.outcome(for: result.errors)
                let issues = outcome == .AA ? result.warnings : result.errors + result.warnings
                for ack in HL7Acknowledgement.responses(to: message, outcome: outcome, issues: issues) {
                    Output.writeER7(ack.encoded())
                }
            }
        }
    }
}
