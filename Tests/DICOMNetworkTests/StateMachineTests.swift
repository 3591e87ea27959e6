import DICOMNetwork
import Testing

@Suite struct StateMachineTests {
    typealias M = AssociationStateMachine

    @Test func acceptorHappyPath() {
        var state = M.State.sta1
        for (event, expected, next) in [
            (M.Event.evt5, M.Action.ae5, M.State.sta2),
            (.evt6, .ae6, .sta3),
            (.evt7, .ae7, .sta6),
            (.evt10, .dt2, .sta6),
            (.evt9, .dt1, .sta6),
            (.evt12, .ar2, .sta8),
            (.evt14, .ar4, .sta13),
            (.evt17, .ar5, .sta1),
        ] {
            let action = M.action(for: event, in: state)
            #expect(action == expected, "\(event) in \(state)")
            state = M.nextState(after: expected)
            #expect(state == next)
        }
    }

    @Test func requestorHappyPathWithReleaseCollision() {
        #expect(M.action(for: .evt1, in: .sta1) == .ae1)
        #expect(M.action(for: .evt2, in: .sta4) == .ae2)
        #expect(M.action(for: .evt3, in: .sta5) == .ae3)
        #expect(M.action(for: .evt4, in: .sta5) == .ae4)
        #expect(M.action(for: .evt11, in: .sta6) == .ar1)
        #expect(M.action(for: .evt12, in: .sta7) == .ar8)
        #expect(M.nextState(after: .ar8, isRequestor: true) == .sta9)
        #expect(M.nextState(after: .ar8, isRequestor: false) == .sta10)
        #expect(M.action(for: .evt14, in: .sta9) == .ar9)
        #expect(M.action(for: .evt13, in: .sta11) == .ar3)
        #expect(M.action(for: .evt13, in: .sta10) == .ar10)
        #expect(M.action(for: .evt14, in: .sta12) == .ar4)
    }

    @Test func protocolErrorsAbort() {
        #expect(M.action(for: .evt19, in: .sta2) == .aa1)
        #expect(M.action(for: .evt19, in: .sta6) == .aa8)
        #expect(M.action(for: .evt19, in: .sta13) == .aa7)
        #expect(M.action(for: .evt10, in: .sta2) == .aa1)   // P-DATA before association
        #expect(M.action(for: .evt6, in: .sta6) == .aa8)    // second A-ASSOCIATE-RQ
        #expect(M.action(for: .evt18, in: .sta2) == .aa2)   // ARTIM expiry waiting for a request
        #expect(M.action(for: .evt16, in: .sta6) == .aa3)
        #expect(M.action(for: .evt17, in: .sta6) == .aa4)
        #expect(M.action(for: .evt10, in: .sta13) == .aa6)  // ignored while closing
    }

    @Test func everyStateAnswersEveryReceivedPDUOrIsIdle() {
        // PS3.8 defines a reaction to every received PDU (Evt3, 4, 6, 10, 12, 13, 16, 19) in every
        // state where a transport connection exists (all but Sta1 and Sta4).
        let received: [M.Event] = [.evt3, .evt4, .evt6, .evt10, .evt12, .evt13, .evt16, .evt19]
        for state in M.State.allCases where state != .sta1 && state != .sta4 {
            for event in received {
                #expect(M.action(for: event, in: state) != nil, "\(event) in \(state)")
            }
        }
        #expect(M.action(for: .evt9, in: .sta2) == nil)
        #expect(M.action(for: .evt7, in: .sta6) == nil)
    }
}
