import DICOMNetwork
import Engine
import Foundation
import TestSupport
import Testing

/// The engine's DICOM listener under hostile peers, configured through the `dicom:` block: after
/// each attack it still answers a C-ECHO (DCMTK), an MLLP message and `/healthz`.
@Suite(.serialized) struct HostileDICOMNetworkTests {
    static let yaml = """
        dicom:
          aeTitle: RADBRIDGE
          idleTimeout: 1
          artimTimeout: 1
          maxPendingConnections: 8
          maxAssociations: 4
        """

    static func request(called: String) -> [UInt8] {
        PDU.associateRequest(AssociateRequest(
            calledAETitle: called, callingAETitle: "HOSTILE",
            presentationContexts: [PresentationContextProposal(id: 1, abstractSyntax: VerificationService.sopClassUID, transferSyntaxes: ["1.2.840.10008.1.2"])],
            userInformation: UserInformation(maximumLength: 16_384, implementationClassUID: "1.2.3"))).encoded()
    }

    static func stillServes(_ engine: RunningEngine) async throws {
        let echo = try await ExternalTool.run("/usr/bin/echoscu", ["-aet", "ECHOSCU", "-aec", "RADBRIDGE", "127.0.0.1", "\(engine.dicomPort ?? 0)"],
                                              environment: ["TCP_NODELAY": "1"])
        #expect(echo.status == 0, "echoscu: \(echo.stderr)")
        #expect(try await engine.send(Messages.adt("HOSTILE1", patient: "P1")).contains("MSA|AA|HOSTILE1"))
        #expect(try await engine.http("GET", "/healthz").status == 200)
    }

    @Test func limitsAreReadFromTheDICOMBlock() throws {
        let configuration = try EngineConfiguration(yaml: Self.yaml)
        #expect(configuration.dicom.limits.idleTimeout == 1)
        #expect(configuration.dicom.limits.maxPendingConnections == 8)
        let policy = configuration.dicom.limits.serverConfiguration(host: "127.0.0.1", port: 0, aeTitle: "RADBRIDGE").policy
        #expect(policy.idleTimeout == .seconds(1))
        #expect(policy.maximumAssociations == 4)
        #expect(policy.maximumMessageSize == 256 << 20)
        #expect(throws: ConfigurationError.self) {
            try EngineConfiguration(yaml: "dicom: { maxMessageBytes: 2048, maxBufferedBytes: 1024 }").validate()
        }
        #expect(throws: ConfigurationError.self) { try EngineConfiguration(yaml: "dicom: { idleTimeout: 0 }").validate() }
    }

    @Test func wrongAETitlesAndSilentConnectionsDoNotBlockTheListener() async throws {
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: Self.yaml), dicom: true)
        let port = try #require(engine.dicomPort)
        // More wrong-AE requests than association slots, then more silent connections than the pending cap.
        let hostile = try (0..<12).map { _ in try RawSocket(port: port) }
        for socket in hostile { socket.write(Self.request(called: "SOMEONE")) }
        let silent = try (0..<20).map { _ in try RawSocket(port: port) }
        try await Self.stillServes(engine)
        for socket in hostile + silent { socket.closeSocket() }
        await engine.stop()
    }

    @Test func idleAssociationIsAborted() async throws {
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: Self.yaml), dicom: true)
        let port = try #require(engine.dicomPort)
        let idle = try RawSocket(port: port)
        idle.write(Self.request(called: "RADBRIDGE"))
        let start = ContinuousClock.now
        // Idle for 1 s: A-ABORT, then ARTIM (1 s) closes the connection the peer never closes.
        let closed = await RawSocket.offPool { () -> Bool in
            let deadline = Date().addingTimeInterval(8)
            while Date() < deadline { if idle.isClosedByPeer() { return true } }
            return false
        }
        #expect(closed)
        #expect(ContinuousClock.now - start < .seconds(8))
        idle.closeSocket()
        try await Self.stillServes(engine)
        await engine.stop()
    }
}
