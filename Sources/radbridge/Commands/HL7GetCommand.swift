import ArgumentParser
import HL7

struct HL7GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Print the value at each PATH, one line per message and path.",
        discussion: """
            Paths: PID-3, PID-3[2].1, OBX[3]-5, PID-5.1.1. A leaf prints decoded (escape sequences \
            resolved, line breaks as \\n); a composite element prints as ER7. A component that holds \
            subcomponents reads as its first subcomponent, as HAPI's Terser and python hl7 read it \
            (PID-5.1 of EVERYMAN&&&&Aniston is EVERYMAN); PID-5.1.* or --raw prints the whole \
            component. An absent element prints an empty line.
            """
    )

    @Argument(help: "HL7 file (- for standard input).") var file: String
    @Argument(help: "Field paths.") var paths: [String]
    @Flag(help: "Print each element's ER7 text as sent (escapes kept; a component with all its subcomponents).")
    var raw = false

    func run() async throws {
        try reportingErrors {
            let compiled = try paths.map { text in
                do throws(HL7ParseError) { return try HL7Path(text) } catch { throw CLIError(error.description, exitCode: 2) }
            }
            let batch = try InputFile.batch(file)
            for message in batch.messages {
                for path in compiled {
                    let value = (raw ? message.element(at: path.whole)?.raw : message.value(at: path)) ?? ""
                    Output.line(value.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n"))
                }
            }
        }
    }
}
