/// Builds the acknowledgement bytes for one parsed inbound message.
struct Acknowledger: Sendable {
    let build: @Sendable (_ accepted: Bool, _ rejection: InboundRejection?) -> [UInt8]

    func acknowledgement(accepted: Bool, rejection: InboundRejection? = nil) -> [UInt8] {
        build(accepted, rejection)
    }
}
