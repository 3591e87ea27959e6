import ArgumentParser

struct HL7Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hl7",
        abstract: "Parse, query, validate and acknowledge HL7 v2 messages.",
        subcommands: []
    )
}
