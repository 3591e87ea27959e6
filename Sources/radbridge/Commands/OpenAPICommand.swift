import ArgumentParser
import Engine
import Foundation

/// `radbridge openapi`: the OpenAPI description `GET /openapi.json` serves (docs/openapi.json is its output).
struct OpenAPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi",
        abstract: "Print the OpenAPI 3.1 description of the HTTP API (as GET /openapi.json serves it)."
    )

    func run() throws {
        FileHandle.standardOutput.write(OpenAPIDocument.json())
    }
}
