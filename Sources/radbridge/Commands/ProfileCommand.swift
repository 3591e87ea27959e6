import ArgumentParser

struct ProfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Vendor interface profiles: list them, check messages against one.",
        subcommands: [ProfileCheckCommand.self, ProfileListCommand.self]
    )
}
