import DICOM
@testable import DICOMNetwork
import Testing

/// The assembler checks each fragment against the message bound and the shared budget before it
/// keeps it, and never leaves budget behind.
@Suite struct MessageBoundsTests {
    static let store = DIMSEMessage.request(.cStoreRequest, contextID: 1, messageID: 7, sopClassUID: "1.2.840.10008.5.1.4.1.1.2",
                                            sopInstanceUID: "1.2.3", dataSet: [])

    static func command() throws -> PresentationDataValue {
        PresentationDataValue(contextID: 1, isCommand: true, isLast: true, bytes: try store.encodedCommand())
    }

    static func data(_ count: Int, last: Bool = false) -> PresentationDataValue {
        PresentationDataValue(contextID: 1, isCommand: false, isLast: last, bytes: [UInt8](repeating: 1, count: count))
    }

    @Test func aMessagePastItsBoundThrowsAndGivesBackItsBudget() throws {
        let budget = ByteBudget(limit: 1000)
        var assembler = MessageAssembler(maximumMessageSize: 100, budget: budget)
        _ = try assembler.assemble(Self.command())
        _ = try assembler.assemble(Self.data(60))
        #expect(budget.current == 60)
        #expect(throws: MessageAssembler.Failure.tooLarge(120)) { try assembler.assemble(Self.data(60)) }
        #expect(budget.current == 0)
    }

    @Test func aFullBudgetDropsTheDataSetAndAnswersOutOfResources() throws {
        let budget = ByteBudget(limit: 100)
        #expect(budget.reserve(50))
        var assembler = MessageAssembler(maximumMessageSize: 1000, budget: budget)
        _ = try assembler.assemble(Self.command())
        _ = try assembler.assemble(Self.data(40))
        _ = try assembler.assemble(Self.data(40))
        #expect(budget.current == 50)
        guard case .refused(let refused) = try assembler.assemble(Self.data(40, last: true)) else { Issue.record("not refused"); return }
        #expect(refused.messageID == 7)
        #expect(refused.dataSet == nil)
        budget.release(50)
        // The next message is assembled normally, and its bytes pass to whoever serves it.
        _ = try assembler.assemble(Self.command())
        guard case .message(let message, let reserved) = try assembler.assemble(Self.data(40, last: true)) else { Issue.record("no message"); return }
        #expect(message.dataSet?.count == 40)
        #expect(reserved == 40 && budget.current == 40)
    }

    @Test func inflatedSizeFollowsTheMessageBound() {
        var policy = AcceptorPolicy(aeTitle: "X")
        #expect(policy.decodingOptions.maximumInflatedBytes == 256 << 20)
        policy.maximumMessageSize = 1 << 20
        #expect(policy.decodingOptions.maximumInflatedBytes == 1 << 20)
    }
}
