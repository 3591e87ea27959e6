import Engine
import Testing

@Suite struct ConfigurationTests {
    @Test func issueExampleParses() throws {
        let configuration = try EngineConfiguration(yaml: """
            destinations:
              ris:  { mllp: "127.0.0.1:2576" }
              ehr:  { mllp: "10.1.2.3:6661", tls: true }
            routes:
              - { match: { type: "ADT^*" },            to: [ris, ehr] }
              - { match: { type: "ORU^R01", sendingFacility: "RAD" }, to: [ehr] }
            """)
        #expect(configuration.destinations["ris"]?.mllp == EndpointAddress(host: "127.0.0.1", port: 2576))
        #expect(configuration.destinations["ehr"]?.tls == true)
        #expect(configuration.destinations["ris"]?.ordering == .patient)
        #expect(configuration.routes.count == 2)
        #expect(configuration.routes[1].match.sendingFacility == "RAD")
        #expect(configuration.routes[0].to == ["ris", "ehr"])
    }

    @Test func destinationOptions() throws {
        let configuration = try EngineConfiguration(yaml: """
            destinations:
              billing:
                mllp: "localhost:7000"
                ordering: fifo
                ackTimeout: 5
                aeRetries: 1
                maxAttempts: 10
                backoff: { initial: 0.5, max: 20 }
            """)
        let billing = try #require(configuration.destinations["billing"])
        #expect(billing.ordering == .fifo)
        #expect(billing.ackTimeout == 5)
        #expect(billing.aeRetries == 1)
        #expect(billing.maxAttempts == 10)
        #expect(billing.backoff == BackoffConfiguration(initial: 0.5, max: 20))
    }

    @Test func stowBoundsHaveDefaultsAndMustBePositive() throws {
        let defaults = try EngineConfiguration(yaml: "dicom: { aeTitle: RADBRIDGE }")
        #expect(defaults.dicom.stowMaxBytes == 512 * 1024 * 1024 && defaults.dicom.stowMaxPartBytes == 256 * 1024 * 1024)
        let set = try EngineConfiguration(yaml: "dicom: { stowMaxBytes: 1000, stowMaxPartBytes: 100 }")
        #expect(set.dicom.stowMaxBytes == 1000 && set.dicom.stowMaxPartBytes == 100)
        #expect(throws: ConfigurationError.self) { try EngineConfiguration(yaml: "dicom: { stowMaxPartBytes: 0 }") }
    }

    @Test func emptyFileIsAnEmptyConfiguration() throws {
        #expect(try EngineConfiguration(yaml: "") == EngineConfiguration())
    }

    @Test func routeToUnknownDestinationIsRefused() {
        #expect(throws: ConfigurationError.unknownDestination(route: 0, name: "pacs")) {
            try EngineConfiguration(yaml: "routes:\n  - { match: { type: \"ADT^*\" }, to: [pacs] }\n")
        }
    }

    /// Durations and timeouts are multiplied into seconds and milliseconds: values whose product
    /// would overflow (a crash before) or astronomical ones are refused with a ConfigurationError.
    @Test func overflowingDurationsAreRefused() throws {
        for within in ["9223372036854775807d", "106751991167301d", "9223372036854775807", "367d"] {
            #expect(throws: ConfigurationError.self, "\(within)") {
                try EngineConfiguration(yaml: "workflow: { critical: { acknowledgeWithin: \"\(within)\" } }").workflowConfiguration()
            }
            #expect(throws: ConfigurationError.self, "\(within)") {
                try EngineConfiguration(yaml: "workflow: { critical: { acknowledgeWithinByPriority: { S: \"\(within)\" } } }").workflowConfiguration()
            }
        }
        let year = try EngineConfiguration(yaml: "workflow: { critical: { acknowledgeWithin: 366d } }")
        #expect(try year.workflowConfiguration().criticalAcknowledgeWithin == 366 * 86_400)
        #expect(throws: ConfigurationError.self) { try EngineConfiguration(yaml: "http: { idleTimeout: 9223372036854775807d }") }
        #expect(throws: (any Error).self) {
            try EngineConfiguration(yaml: "destinations:\n  ris: { mllp: \"h:1\", ackTimeout: 1e300 }\n")
        }
        #expect(throws: (any Error).self) {
            try EngineConfiguration(yaml: "destinations:\n  ris: { mllp: \"h:1\", backoff: { initial: 1, max: 1e300 } }\n")
        }
        #expect(throws: (any Error).self) {
            try EngineConfiguration(yaml: "dicomDestinations:\n  pacs: { host: h, port: 104, aet: PACS, timeout: 1e300 }\n")
        }
    }

    @Test func badAddressIsRefused() {
        #expect(throws: ConfigurationError.invalidAddress("nowhere")) {
            try EngineConfiguration(yaml: "destinations:\n  ris: { mllp: \"nowhere\" }\n")
        }
    }

    @Test func unknownOrderingIsRefused() {
        #expect(throws: (any Error).self) {
            try EngineConfiguration(yaml: "destinations:\n  ris: { mllp: \"h:1\", ordering: random }\n")
        }
    }
}
