/// Verification SOP class: answers C-ECHO with Success.
public struct VerificationService: DIMSEService {
    public static let sopClassUID = "1.2.840.10008.1.1"

    public init() {}

    public func accepts(sopClassUID: String) -> Bool { sopClassUID == Self.sopClassUID }
    public var commands: Set<CommandField> { [.cEchoRequest] }

    public func handle(_ request: ServiceRequest, responder: ServiceResponder) async throws {
        responder.send(.response(to: request.message, status: .success))
    }
}
