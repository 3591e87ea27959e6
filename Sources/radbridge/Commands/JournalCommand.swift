import ArgumentParser

struct JournalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Inspect the inbound journal.",
        subcommands: [JournalListCommand.self]
    )
}
