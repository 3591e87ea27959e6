import ArgumentParser

struct HL7Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hl7",
        abstract: "Parse, query, validate and acknowledge HL7 v2 messages.",
        discussion: "FILE may hold one or several messages (each starts with MSH); MLLP frame bytes are ignored. Use - for standard input.",
        subcommands: [HL7ParseCommand.self, HL7GetCommand.self, HL7ValidateCommand.self, HL7AckCommand.self]
    )
}
