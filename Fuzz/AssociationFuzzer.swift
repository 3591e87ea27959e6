// libFuzzer entry point for the PDU parser and the acceptor's association session (the PS3.8
// state machine, negotiation, DIMSE assembly and its bounds); built and run by scripts/fuzz.
// The input is what a peer sends on one TCP connection. Requests are served by a stand-in that
// decodes their data set and answers success after the next PDU, so outstanding operations and
// release-while-busy are reached too. After the connection closes nothing may remain held.
import DICOM
import DICOMNetwork
import Foundation

private let policy: AcceptorPolicy = {
    var policy = AcceptorPolicy(aeTitle: "RADBRIDGE")
    policy.maximumPDULength = 16_384
    policy.maximumOutstandingOperations = 2
    policy.maximumMessageSize = 1 << 20
    policy.maximumBufferedBytes = 256 << 10
    return policy
}()

private let negotiator = PresentationContextNegotiator(policy: policy, services: [
    VerificationService(), StorageService { _ in }, FindService.matching([]), ProcedureStepService(store: ProcedureStepStore()),
])
private let associations = AssociationLimiter(limit: 1)
private let budget = ByteBudget(limit: policy.maximumBufferedBytes)

private final class RecordingConnection: AcceptorConnection {
    var closed = false
    var queued: [(ServiceRequest, Int)] = []
    weak var session: AcceptorSession?

    func write(_ pdu: PDU) { _ = pdu.encoded() }
    func close() { closed = true }
    func startARTIM() {}
    func stopARTIM() {}
    func associationEstablished() {}
    func run(_ request: ServiceRequest, on service: any DIMSEService, reservedBytes: Int) { queued.append((request, reservedBytes)) }
    func log(_ text: String) {}

    func serveQueued() {
        let requests = queued
        queued = []
        for (request, reserved) in requests {
            _ = try? request.dataSet()
            session?.send(.response(to: request.message, status: .success))
            session?.operationFinished(messageID: request.message.messageID ?? 0, reservedBytes: reserved)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let connection = RecordingConnection()
    let session = AcceptorSession(negotiator: negotiator, associations: associations, budget: budget)
    session.connection = connection
    connection.session = session
    session.connected()
    var offset = 0
    while !connection.closed, bytes.count - offset >= PDUParser.headerLength {
        let length = UInt32(bytes[offset + 2]) << 24 | UInt32(bytes[offset + 3]) << 16 | UInt32(bytes[offset + 4]) << 8 | UInt32(bytes[offset + 5])
        let total: Int
        do { total = try PDUParser.totalLength(bodyLength: length, maximumLength: Int(policy.maximumPDULength)) } catch {
            session.protocolError(abortReason: (error as? PDUError)?.abortReason ?? Abort.unrecognizedPDU)
            break
        }
        guard bytes.count - offset >= total else { break }
        do { session.received(try PDUParser.parse(Array(bytes[offset..<(offset + total)]))) } catch {
            session.protocolError(abortReason: (error as? PDUError)?.abortReason ?? Abort.unrecognizedPDU)
        }
        offset += total
        connection.serveQueued()
    }
    session.transportClosed()
    connection.serveQueued()
    precondition(associations.current == 0, "association slot still held after close")
    precondition(budget.current == 0, "\(budget.current) buffered bytes still reserved after close")
    return 0
}

// MARK: Seeds: RADBRIDGE_FUZZ_SEEDS=DIR writes generated PDU streams there (scripts/fuzz does, with -runs=0).

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    guard let directory = ProcessInfo.processInfo.environment["RADBRIDGE_FUZZ_SEEDS"] else { return 0 }
    for (name, stream) in AssociationSeeds.all() {
        _ = FileManager.default.createFile(atPath: "\(directory)/\(name)", contents: Data(stream))
    }
    return 0
}

private enum AssociationSeeds {
    static let syntaxes = ["1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99"]
    static let ct = "1.2.840.10008.5.1.4.1.1.2"

    static func request(called: String = "RADBRIDGE", _ contexts: [(UInt8, String)]) -> [UInt8] {
        PDU.associateRequest(AssociateRequest(
            calledAETitle: called, callingAETitle: "FUZZ",
            presentationContexts: contexts.map { PresentationContextProposal(id: $0.0, abstractSyntax: $0.1, transferSyntaxes: syntaxes) },
            userInformation: UserInformation(maximumLength: 4096, implementationClassUID: "1.2.3"))).encoded()
    }

    static func pdus(_ message: DIMSEMessage, pduLength: UInt32 = 1024) -> [UInt8] {
        ((try? MessageFragmenter.pdus(for: message, maximumPDULength: pduLength)) ?? []).flatMap { $0.encoded() }
    }

    static var dataSet: [UInt8] {
        var item = DataSet()
        item.set(.modality, .CS, "CT")
        var set = DataSet()
        set.set(.patientName, .PN, "Doe^Fuzz")
        set.set(.patientID, .LO, "FUZZ1")
        set.set(.sopInstanceUID, .UI, "1.2.3.4")
        set.set(.scheduledProcedureStepSequence, items: [item])
        return (try? set.encoded(transferSyntax: .implicitVRLittleEndian)) ?? []
    }

    static let release = PDU.releaseRequest.encoded()

    static func all() -> [(String, [UInt8])] {
        let echo = DIMSEMessage.request(.cEchoRequest, contextID: 1, messageID: 1, sopClassUID: VerificationService.sopClassUID)
        let store = DIMSEMessage.request(.cStoreRequest, contextID: 3, messageID: 2, sopClassUID: ct, sopInstanceUID: "1.2.3.4", dataSet: dataSet)
        let find = DIMSEMessage.request(.cFindRequest, contextID: 5, messageID: 3, sopClassUID: FindService.modalityWorklist, dataSet: dataSet)
        let mpps = DIMSEMessage.request(.nCreateRequest, contextID: 7, messageID: 4, sopClassUID: ProcedureStepService.sopClassUID,
                                        sopInstanceUID: "1.2.3.5", dataSet: dataSet)
        let all = request([(1, VerificationService.sopClassUID), (3, ct), (5, FindService.modalityWorklist), (7, ProcedureStepService.sopClassUID)])
        return [
            ("echo", request([(1, VerificationService.sopClassUID)]) + pdus(echo) + release),
            ("store", all + pdus(store, pduLength: 64) + release),
            ("find-cancel", all + pdus(find) + pdus(.cancel(contextID: 5, messageID: 3)) + release),
            ("mpps", all + pdus(mpps) + pdus(echo) + pdus(store) + release),
            ("wrong-ae", request(called: "NOTUS", [(1, VerificationService.sopClassUID)])),
            ("abort", all + PDU.abort(Abort(source: .serviceUser, reason: 0)).encoded()),
        ]
    }
}
