import Foundation
import Store

/// A configured destination and its queue.
struct DestinationStatus: Encodable {
    var name: String
    var mllp: String
    var ordering: String
    var pending: Int
    var delivered: Int
    var deadLetters: Int
    var lastError: String?
    var lastErrorAt: Date?
}
