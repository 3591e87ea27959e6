/// What a resend did, per destination of the message.
public struct ResendOutcome: Sendable, Equatable {
    /// Destinations that got a new pending item.
    public var queued: [String] = []
    /// Destinations where the message is still pending (waiting or being delivered): left as they are.
    public var alreadyQueued: [String] = []
    /// Asked-for destinations the message was never queued for.
    public var notRouted: [String] = []

    public init(queued: [String] = [], alreadyQueued: [String] = [], notRouted: [String] = []) {
        self.queued = queued
        self.alreadyQueued = alreadyQueued
        self.notRouted = notRouted
    }
}
