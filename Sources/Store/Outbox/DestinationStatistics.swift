import Foundation

/// A destination's queue as the console shows it.
public struct DestinationStatistics: Sendable, Codable, Equatable {
    public var name: String
    public var pending: Int
    public var delivered: Int
    public var deadLetters: Int
    public var lastError: String?
    public var lastErrorAt: Date?

    public init(name: String, pending: Int, delivered: Int, deadLetters: Int, lastError: String?, lastErrorAt: Date?) {
        self.name = name
        self.pending = pending
        self.delivered = delivered
        self.deadLetters = deadLetters
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
    }
}
