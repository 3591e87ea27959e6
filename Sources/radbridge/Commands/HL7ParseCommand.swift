import ArgumentParser
import HL7

struct HL7ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse FILE and re-encode it (byte-identical for an unmodified message), or print it as JSON."
    )

    @Argument(help: "HL7 file (- for standard input).") var file: String
    @Flag(help: "Print the documented JSON tree instead of ER7.") var json = false

    func run() async throws {
        try reportingErrors {
            let batch = try InputFile.batch(file)
            for message in batch.messages where !message.characterSet.isSupported {
                Output.error("warning: \(file): message \(message.header.controlID): MSH-18 '\(message.characterSet)' is not a supported character set; values are read as UTF-8")
            }
            if json {
                Output.line("{\"messages\":[" + batch.messages.map { $0.jsonTree() }.joined(separator: ",") + "]}")
            } else {
                Output.writeER7(batch.encoded())
            }
        }
    }
}
