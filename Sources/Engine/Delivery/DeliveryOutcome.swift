/// How one delivery attempt ended.
enum DeliveryOutcome: Sendable, Equatable {
    /// AA or CA (the code).
    case delivered(acknowledgement: String)
    /// AE or CE: the destination understood the message and refused its content.
    case applicationError(String)
    /// AR/CR, an unreadable or mismatched reply, a timeout, a refused or broken connection.
    case failed(String)
}

extension DeliveryOutcome {
    var isDelivered: Bool {
        if case .delivered = self { return true }
        return false
    }
}
