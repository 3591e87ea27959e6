import ArgumentParser
import Engine
import Foundation
import SQLiteStore
import Store

struct JournalListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List journal entries, newest first (also while the server runs)."
    )

    @Option(help: "Directory holding the SQLite journal.")
    var data = "./radbridge-data"

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Option(help: "accepted, rejected or duplicate.")
    var status: String?

    @Option(help: "Message type, e.g. ADT or ADT^A04.")
    var type: String?

    @Option(help: "MSH-10 message control ID.")
    var controlId: String?

    @Option(help: "How many entries.")
    var limit = 100

    func run() async throws {
        let directory = URL(fileURLWithPath: data)
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("radbridge.sqlite").path) else {
            throw ValidationError("no journal in \(data)")
        }
        var query = JournalQuery(messageType: type, controlID: controlId, limit: limit)
        if let status {
            guard let value = JournalStatus(rawValue: status) else {
                throw ValidationError("status must be accepted, rejected or duplicate")
            }
            query.status = value
        }
        let store = try SQLiteStore(directory: directory)
        let entries = try await store.journalEntries(query).map(MessageSummary.init)
        if json {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(entries), as: UTF8.self))
            return
        }
        let formatter = ISO8601DateFormatter()
        let rows = entries.map { entry in
            [String(entry.id), formatter.string(from: entry.receivedAt), entry.status.rawValue,
             entry.messageType ?? "-", entry.controlID ?? "-", entry.peer, String(entry.warningCount), entry.error ?? ""]
        }
        print(Table(header: ["ID", "RECEIVED", "STATUS", "TYPE", "CONTROL ID", "PEER", "WARNINGS", "ERROR"], rows: rows).text)
    }
}
