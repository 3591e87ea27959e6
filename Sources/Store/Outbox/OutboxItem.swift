import Foundation

/// One message waiting to be delivered to one destination.
public struct OutboxItem: Sendable, Equatable {
    public var id: Int64
    public var destination: String
    public var journalID: Int64
    public var orderingKey: String
    public var attempts: Int
    public var payload: [UInt8]
    public var controlID: String?

    public init(id: Int64, destination: String, journalID: Int64, orderingKey: String, attempts: Int,
                payload: [UInt8], controlID: String?) {
        self.id = id
        self.destination = destination
        self.journalID = journalID
        self.orderingKey = orderingKey
        self.attempts = attempts
        self.payload = payload
        self.controlID = controlID
    }
}
