import Foundation

/// One payload received by a listener, with where and when it came from.
public struct MLLPInboundFrame: Sendable {
    public var payload: [UInt8]
    public var peer: String
    public var receivedAt: Date

    public init(payload: [UInt8], peer: String, receivedAt: Date) {
        self.payload = payload
        self.peer = peer
        self.receivedAt = receivedAt
    }
}
