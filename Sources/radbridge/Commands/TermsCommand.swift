import ArgumentParser

struct TermsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terms",
        abstract: "Resolve local procedure codes and descriptions to standard codes (LOINC, RadLex Playbook).",
        subcommands: [TermsMapCommand.self]
    )
}
