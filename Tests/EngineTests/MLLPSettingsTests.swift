import Engine
import MLLP
import NIOCore
import Testing

@Suite struct MLLPSettingsTests {
    @Test func theMLLPBlockOverridesOnlyTheKeysItSets() throws {
        let configuration = try EngineConfiguration(yaml: """
            mllp: { maxConnections: 64, maxConnectionsPerPeer: 8, idleTimeout: 2m, frameTimeout: 500ms, maxFrameBytes: 1048576 }
            """)
        let server = configuration.mllp.applied(to: MLLPServerConfiguration())
        #expect(server.maximumConnections == 64)
        #expect(server.maximumConnectionsPerPeer == 8)
        #expect(server.idleTimeout == .seconds(120))
        #expect(server.frameTimeout == .milliseconds(500))
        #expect(server.maximumFrameLength == 1_048_576)

        let partial = try EngineConfiguration(yaml: "mllp: { frameTimeout: 10 }").mllp
            .applied(to: MLLPServerConfiguration(maximumFrameLength: 4096))
        #expect(partial.frameTimeout == .seconds(10))
        #expect(partial.maximumFrameLength == 4096)
        #expect(partial.maximumConnections == MLLPServerConfiguration.defaultMaximumConnections)
        #expect(partial.maximumConnectionsPerPeer == 64)
        #expect(partial.idleTimeout == .seconds(300))
    }

    @Test func badBoundsAreRefused() {
        for yaml in ["mllp: { maxConnections: 0 }", "mllp: { maxConnectionsPerPeer: 0 }", "mllp: { frameTimeout: soon }", "mllp: { idleTimeout: -1s }",
                     "mllp: { maxFrameBytes: -5 }", "mllp: { idleTimeout: 99999999999h }"] {
            #expect(throws: (any Error).self, "\(yaml)") { try EngineConfiguration(yaml: yaml) }
        }
    }

    @Test func aDestinationNamesTheSenderItsAcknowledgementsComeFrom() throws {
        let configuration = try EngineConfiguration(yaml: """
            destinations:
              pager: { mllp: "127.0.0.1:7000", answersAs: { application: PAGER, facility: GENHOSP, host: 10.1.2.3 } }
            """)
        #expect(configuration.destinations["pager"]?.answersAs == AcknowledgementSender(application: "PAGER", facility: "GENHOSP", host: "10.1.2.3"))
    }
}
