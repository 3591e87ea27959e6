import DICOMNetwork

/// A verification-like service that answers after a pause, to keep requests outstanding.
struct SlowEchoService: DIMSEService {
    static let sopClassUID = "1.2.826.0.1.3680043.10.1423.99"
    func accepts(sopClassUID: String) -> Bool { sopClassUID == Self.sopClassUID }
    var delay: Duration = .seconds(2)
    var commands: Set<CommandField> { [.cEchoRequest] }
    func handle(_ request: ServiceRequest, responder: ServiceResponder) async throws {
        try await Task.sleep(for: delay)
        responder.send(.response(to: request.message, status: .success))
    }
}
