/// How a service answers: responses go back on the association's event loop; `isCancelled`
/// turns true when the requestor sends C-CANCEL for this request.
public struct ServiceResponder: Sendable {
    let sendMessage: @Sendable (DIMSEMessage) -> Void
    let cancelled: @Sendable () -> Bool

    public init(send: @escaping @Sendable (DIMSEMessage) -> Void, isCancelled: @escaping @Sendable () -> Bool) {
        self.sendMessage = send
        self.cancelled = isCancelled
    }

    public func send(_ message: DIMSEMessage) { sendMessage(message) }
    public var isCancelled: Bool { cancelled() }
}
