import DICOM
import DICOMNetwork
import Foundation
import NIOConcurrencyHelpers
import TestSupport
import Testing

/// Peers that do not know our AE title, go silent, or send more than we hold: none of them locks
/// the listener, and a C-ECHO from DCMTK still succeeds right after each.
@Suite struct HostileAssociationTests {
    static let ct = "1.2.840.10008.5.1.4.1.1.2"

    static func request(called: String = "RADBRIDGE", abstractSyntax: String = VerificationService.sopClassUID,
                        transferSyntax: String = TransferSyntax.implicitVRLittleEndian.uid) -> [UInt8] {
        PDU.associateRequest(AssociateRequest(
            calledAETitle: called, callingAETitle: "HOSTILE",
            presentationContexts: [PresentationContextProposal(id: 1, abstractSyntax: abstractSyntax, transferSyntaxes: [transferSyntax])],
            userInformation: UserInformation(maximumLength: 16_384, implementationClassUID: "1.2.3"))).encoded()
    }

    static func echoscuSucceeds(_ server: TestServer, within limit: Duration = .seconds(10)) async throws {
        let start = ContinuousClock.now
        let echo = try await ExternalTool.run("/usr/bin/echoscu", ["-aet", "ECHOSCU", "-aec", "RADBRIDGE", "127.0.0.1", "\(server.port)"],
                                              environment: InteropTests.dcmtkEnvironment)
        #expect(echo.status == 0, "echoscu: \(echo.stderr)")
        #expect(ContinuousClock.now - start < limit)
    }

    static func until(_ timeout: Duration, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }

    static func isReject(_ pdu: PDU?) -> Bool { if case .associateReject? = pdu { true } else { false } }
    static func isAccept(_ pdu: PDU?) -> Bool { if case .associateAccept? = pdu { true } else { false } }
    static func hasAbort(_ pdus: [PDU]) -> Bool { pdus.contains { if case .abort = $0 { true } else { false } } }

    @Test func wrongCalledAETitlesTakeNoAssociationSlot() async throws {
        let server = try await TestServer.start()
        defer { Task { try await server.stop() } }
        var hostile: [RawConnection] = []
        for _ in 0..<40 {
            let connection = try await RawConnection.open(port: server.port)
            await connection.send(Self.request(called: "SOMEONE"))
            hostile.append(connection)
        }
        // They stay connected (as a hostile peer would) after their reject.
        for connection in hostile {
            #expect(await connection.wait(for: .seconds(5)) { Self.isReject($0.pdus.first) })
        }
        #expect(server.server.openAssociations == 0)
        try await Self.echoscuSucceeds(server, within: .seconds(5))
        for connection in hostile { await connection.close() }
    }

    @Test func idleAssociationIsAbortedAndItsSlotFreed() async throws {
        let server = try await TestServer.start {
            $0.policy.idleTimeout = .seconds(1)
            $0.policy.artimTimeout = .seconds(1)
            $0.policy.maximumAssociations = 1
        }
        defer { Task { try await server.stop() } }
        let idle = try await RawConnection.open(port: server.port)
        await idle.send(Self.request())
        #expect(await idle.wait(for: .seconds(5)) { Self.isAccept($0.pdus.first) })
        #expect(await idle.wait(for: .seconds(10)) { Self.hasAbort($0.pdus) })
        #expect(await Self.until(.seconds(2)) { server.server.openAssociations == 0 })
        // The peer never closes; ARTIM closes for it. The one slot is free again for echoscu.
        #expect(await idle.wait(for: .seconds(5)) { $0.isClosed })
        try await Self.echoscuSucceeds(server)
    }

    /// Requests keep an association alive, and so does a request still being served.
    @Test func busyAssociationIsNotIdle() async throws {
        // Generous for a loaded CI machine: the client must get its first request out within it.
        let server = try await TestServer.start(configure: { $0.policy.idleTimeout = .seconds(3) }, extraServices: [SlowEchoService(delay: .seconds(7))])
        defer { Task { try await server.stop() } }
        let association = try await DICOMAssociation.open(
            host: "127.0.0.1", port: server.port, callingAETitle: "BUSY", calledAETitle: "RADBRIDGE",
            proposals: DICOMAssociation.proposals([(VerificationService.sopClassUID, ["1.2.840.10008.1.2"]),
                                                   (SlowEchoService.sopClassUID, ["1.2.840.10008.1.2"])]), timeout: .seconds(10))
        for _ in 0..<12 {
            #expect(try await association.echo() == .success)
            try await Task.sleep(for: .milliseconds(400))
        }
        // Answered after 7 s, more than twice the idle timeout.
        let context = try #require(association.context(for: SlowEchoService.sopClassUID))
        let slow = DIMSEMessage.request(.cEchoRequest, contextID: context.id, messageID: association.nextMessageID(), sopClassUID: SlowEchoService.sopClassUID)
        #expect(try await association.send(slow).last?.status == .success)
        try await association.release()
    }

    @Test func silentConnectionsAreCapped() async throws {
        let server = try await TestServer.start { $0.policy.maximumPendingConnections = 8 }
        defer { Task { try await server.stop() } }
        var silent: [RawConnection] = []
        for _ in 0..<30 { silent.append(try await RawConnection.open(port: server.port)) }
        #expect(await Self.until(.seconds(5)) { silent.filter(\.isClosed).count >= 22 })
        #expect(server.server.pendingConnections <= 8)
        // The oldest silent connection makes room: a peer that speaks at once gets in.
        try await Self.echoscuSucceeds(server, within: .seconds(5))
        for connection in silent { await connection.close() }
    }

    /// A C-STORE whose data set keeps coming is aborted once it passes the message bound; what
    /// the listener holds never exceeds it.
    @Test func oversizedDIMSEMessageIsAbortedBeforeItIsHeld() async throws {
        let bound = 1 << 20
        let server = try await TestServer.start { $0.policy.maximumMessageSize = bound }
        defer { Task { try await server.stop() } }
        let peer = try await RawConnection.open(port: server.port)
        await peer.send(Self.request(abstractSyntax: Self.ct))
        #expect(await peer.wait(for: .seconds(5)) { Self.isAccept($0.pdus.first) })
        let store = DIMSEMessage.request(.cStoreRequest, contextID: 1, messageID: 1, sopClassUID: Self.ct, sopInstanceUID: "1.2.3", dataSet: [])
        await peer.send(PDU.dataTransfer([PresentationDataValue(contextID: 1, isCommand: true, isLast: true, bytes: try store.encodedCommand())]).encoded())
        let fragment = PDU.dataTransfer([PresentationDataValue(contextID: 1, isCommand: false, isLast: false, bytes: [UInt8](repeating: 0, count: 16_000))]).encoded()
        var sent = 0, mostHeld = 0
        while sent < 64 << 20, !Self.hasAbort(peer.pdus) {
            guard await peer.send(fragment) else { break }
            sent += 16_000
            mostHeld = max(mostHeld, server.server.bufferedBytes)
        }
        #expect(await peer.wait(for: .seconds(5)) { Self.hasAbort($0.pdus) })
        #expect(sent < 24 << 20, "the abort came after \(sent) bytes")
        #expect(mostHeld <= bound)
        #expect(await Self.until(.seconds(2)) { server.server.bufferedBytes == 0 })
        await peer.close()
        try await Self.echoscuSucceeds(server)
    }

    /// What all associations hold at once is bounded: a C-STORE arriving while another's data
    /// set is still being served is answered Out of Resources, and succeeds once that one is done.
    @Test func bufferedBytesAreBoundedAcrossAssociations() async throws {
        let gate = GatedStorageService()
        let server = try await TestServer.start(configure: {
            $0.policy.maximumMessageSize = 1 << 20
            $0.policy.maximumBufferedBytes = 1 << 20
        }, extraServices: [gate])
        defer { Task { try await server.stop() } }
        func open(_ name: String) async throws -> DICOMAssociation {
            try await DICOMAssociation.open(host: "127.0.0.1", port: server.port, callingAETitle: name, calledAETitle: "RADBRIDGE",
                                            proposals: DICOMAssociation.proposals([(GatedStorageService.sopClassUID, ["1.2.840.10008.1.2"])]),
                                            timeout: .seconds(10))
        }
        func store(_ association: DICOMAssociation) async throws -> DIMSEStatus? {
            let context = try #require(association.context(for: GatedStorageService.sopClassUID))
            let message = DIMSEMessage.request(.cStoreRequest, contextID: context.id, messageID: association.nextMessageID(),
                                               sopClassUID: GatedStorageService.sopClassUID, sopInstanceUID: "1.2.3",
                                               dataSet: [UInt8](repeating: 0, count: 700 << 10))
            return try await association.send(message).last?.status
        }
        let first = try await open("FIRST"), second = try await open("SECOND")
        let held = Task { try await store(first) }
        #expect(await Self.until(.seconds(10)) { server.server.bufferedBytes >= 700 << 10 })
        #expect(try await store(second) == .outOfResources)
        gate.open()
        #expect(try await held.value == .success)
        #expect(await Self.until(.seconds(2)) { server.server.bufferedBytes == 0 })
        #expect(try await store(second) == .success)
        try await first.release()
        try await second.release()
    }

    /// A deflated data set is not inflated past the message bound: the service reading it answers
    /// Out of Resources instead of allocating.
    @Test func deflatedDataSetThatInflatesHugeIsRefused() async throws {
        let server = try await TestServer.start(configure: { $0.policy.maximumMessageSize = 1 << 20 }, extraServices: [DecodingStorageService()])
        defer { Task { try await server.stop() } }
        let deflate = TransferSyntax.deflatedExplicitVRLittleEndian.uid
        let association = try await DICOMAssociation.open(
            host: "127.0.0.1", port: server.port, callingAETitle: "BOMB", calledAETitle: "RADBRIDGE",
            proposals: DICOMAssociation.proposals([(DecodingStorageService.sopClassUID, [deflate])]), timeout: .seconds(10))
        let context = try #require(association.context(for: DecodingStorageService.sopClassUID))
        #expect(context.transferSyntax == deflate)
        func store(pixelBytes: Int) async throws -> DIMSEStatus? {
            let header: [UInt8] = [0xE0, 0x7F, 0x10, 0x00, 0x4F, 0x42, 0, 0] + withUnsafeBytes(of: UInt32(pixelBytes).littleEndian, Array.init)
            let message = DIMSEMessage.request(.cStoreRequest, contextID: context.id, messageID: association.nextMessageID(),
                                               sopClassUID: DecodingStorageService.sopClassUID, sopInstanceUID: "1.2.3",
                                               dataSet: rawDeflate(header, zeros: pixelBytes))
            return try await association.send(message).last?.status
        }
        #expect(try await store(pixelBytes: 64 << 20) == .outOfResources)
        #expect(try await store(pixelBytes: 1000) == .success)
        try await association.release()
        try await Self.echoscuSucceeds(server)
    }
}

/// Holds every C-STORE until `open()`, so its data set stays in the listener's buffers.
final class GatedStorageService: DIMSEService {
    static let sopClassUID = "1.2.826.0.1.3680043.10.1423.98"
    private let isOpen = NIOLockedValueBox(false)

    func open() { isOpen.withLockedValue { $0 = true } }
    func accepts(sopClassUID: String) -> Bool { sopClassUID == Self.sopClassUID }
    var commands: Set<CommandField> { [.cStoreRequest] }
    func handle(_ request: ServiceRequest, responder: ServiceResponder) async throws {
        while !isOpen.withLockedValue({ $0 }) { try await Task.sleep(for: .milliseconds(20)) }
        responder.send(.response(to: request.message, status: .success))
    }
}

/// A storage service that reads the data set it receives, in any transfer syntax.
struct DecodingStorageService: DIMSEService {
    static let sopClassUID = "1.2.826.0.1.3680043.10.1423.97"
    func accepts(sopClassUID: String) -> Bool { sopClassUID == Self.sopClassUID }
    func transferSyntaxes(for sopClassUID: String) -> TransferSyntaxSupport { .any }
    var commands: Set<CommandField> { [.cStoreRequest] }
    func handle(_ request: ServiceRequest, responder: ServiceResponder) async throws {
        _ = try request.dataSet()
        responder.send(.response(to: request.message, status: .success))
    }
}
