import DICOM
import DICOMNetwork
import Testing

@Suite struct FloodTests {
    /// A peer that sends requests without waiting for answers gets Out of Resources past the limit.
    @Test func outstandingOperationsAreBounded() async throws {
        let slow = SlowEchoService()
        let server = try await TestServer.start(configure: { $0.policy.maximumOutstandingOperations = 2 }, extraServices: [slow])
        defer { Task { try await server.stop() } }
        let association = try await DICOMAssociation.open(
            host: "127.0.0.1", port: server.port, callingAETitle: "FLOOD", calledAETitle: "RADBRIDGE",
            proposals: DICOMAssociation.proposals([(SlowEchoService.sopClassUID, [TransferSyntax.implicitVRLittleEndian.uid])]), timeout: .seconds(10))
        let context = try #require(association.context(for: SlowEchoService.sopClassUID))
        let statuses = try await withThrowingTaskGroup(of: DIMSEStatus?.self) { group in
            for _ in 0..<4 {
                let request = DIMSEMessage.request(.cEchoRequest, contextID: context.id, messageID: association.nextMessageID(), sopClassUID: SlowEchoService.sopClassUID)
                group.addTask { try await association.send(request).last?.status }
            }
            var all: [DIMSEStatus?] = []
            for try await status in group { all.append(status) }
            return all
        }
        #expect(statuses.filter { $0 == .outOfResources }.count == 2)
        #expect(statuses.filter { $0 == .success }.count == 2)
        try await association.release()
    }
}
