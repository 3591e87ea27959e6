import ArgumentParser

@main
struct RadBridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "radbridge",
        abstract: "RadBridge radiology integration engine: HL7 v2, DICOM and FHIR.",
        subcommands: [ServeCommand.self, SendCommand.self, JournalCommand.self, HL7Command.self, DICOMCommand.self, TermsCommand.self, ProfileCommand.self, OpenAPICommand.self, TokenCommand.self]
    )
}
