/// A delivery to create for a journal entry.
public struct OutboxRequest: Sendable, Equatable {
    public var destination: String
    /// Items with the same key leave a destination in the order they were created.
    public var orderingKey: String

    public init(destination: String, orderingKey: String) {
        self.destination = destination
        self.orderingKey = orderingKey
    }
}
