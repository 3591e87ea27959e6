import Foundation
import SQLiteStore
import Store

func temporaryStore() throws -> (SQLiteStore, URL) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("radbridge-store-\(UUID().uuidString)")
    return (try SQLiteStore(directory: directory), directory)
}

func entry(_ controlID: String, app: String = "HIS", facility: String = "HOSP", type: String = "ADT^A04",
           status: JournalStatus = .accepted, deliveries: [OutboxRequest] = []) -> NewJournalEntry {
    NewJournalEntry(raw: Array("MSH|^~\\&|\(app)|\(facility)|||20260101||\(type)|\(controlID)|P|2.5\r".utf8),
                    peer: "127.0.0.1:1", receivedAt: Date(), controlID: controlID, messageType: type,
                    sendingApplication: app, sendingFacility: facility, status: status,
                    error: status == .rejected ? "bad" : nil, deliveries: deliveries)
}
