import ArgumentParser
import Foundation
import SQLiteStore
import Store

/// `radbridge dicom queue`: the DICOM outboxes (also while the server runs).
struct DICOMQueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue", abstract: "Show the DICOM forwarding outboxes: depth, oldest queued instance, last error.")

    @Option(help: "Directory holding the SQLite store.")
    var data = "./radbridge-data"

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let directory = URL(fileURLWithPath: data)
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("radbridge.sqlite").path) else {
            throw ValidationError("no store in \(data)")
        }
        let outboxes = try await SQLiteStore(directory: directory).dicomOutboxStatistics()
        if json {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(outboxes), as: UTF8.self))
            return
        }
        let formatter = ISO8601DateFormatter()
        let rows = outboxes.map { box in
            [box.destination, String(box.depth), box.oldest.map(formatter.string) ?? "-", String(box.sent), String(box.committed),
             String(box.failed), box.lastError ?? ""]
        }
        print(Table(header: ["DESTINATION", "DEPTH", "OLDEST", "SENT", "COMMITTED", "FAILED", "LAST ERROR"], rows: rows).text)
    }
}
