/// The DICOM Upper Layer state machine, transcribed from PS3.8 §9.2 (Tables 9-7 to 9-10).
/// Pure: given a state and an event it names the action to perform and the next state. The
/// channel handler performs the action; the table is the only place transitions are decided.
public enum AssociationStateMachine {
    public enum State: String, Sendable, CaseIterable {
        case sta1 = "Sta1 Idle"
        case sta2 = "Sta2 Transport connection open (awaiting A-ASSOCIATE-RQ PDU)"
        case sta3 = "Sta3 Awaiting local A-ASSOCIATE response primitive"
        case sta4 = "Sta4 Awaiting transport connection opening to complete"
        case sta5 = "Sta5 Awaiting A-ASSOCIATE-AC or A-ASSOCIATE-RJ PDU"
        case sta6 = "Sta6 Association established and ready for data transfer"
        case sta7 = "Sta7 Awaiting A-RELEASE-RP PDU"
        case sta8 = "Sta8 Awaiting local A-RELEASE response primitive"
        case sta9 = "Sta9 Release collision requestor side: awaiting A-RELEASE response primitive"
        case sta10 = "Sta10 Release collision acceptor side: awaiting A-RELEASE-RP PDU"
        case sta11 = "Sta11 Release collision requestor side: awaiting A-RELEASE-RP PDU"
        case sta12 = "Sta12 Release collision acceptor side: awaiting A-RELEASE response primitive"
        case sta13 = "Sta13 Awaiting Transport Connection Close Indication"
    }

    public enum Event: String, Sendable, CaseIterable {
        case evt1 = "Evt1 A-ASSOCIATE request (local user)"
        case evt2 = "Evt2 Transport connect confirmation (local transport service)"
        case evt3 = "Evt3 A-ASSOCIATE-AC PDU (received on transport connection)"
        case evt4 = "Evt4 A-ASSOCIATE-RJ PDU (received on transport connection)"
        case evt5 = "Evt5 Transport connection indication (local transport service)"
        case evt6 = "Evt6 A-ASSOCIATE-RQ PDU (received on transport connection)"
        case evt7 = "Evt7 A-ASSOCIATE response primitive (accept)"
        case evt8 = "Evt8 A-ASSOCIATE response primitive (reject)"
        case evt9 = "Evt9 P-DATA request primitive"
        case evt10 = "Evt10 P-DATA-TF PDU (on transport connection)"
        case evt11 = "Evt11 A-RELEASE request primitive"
        case evt12 = "Evt12 A-RELEASE-RQ PDU (on transport)"
        case evt13 = "Evt13 A-RELEASE-RP PDU (on transport)"
        case evt14 = "Evt14 A-RELEASE response primitive"
        case evt15 = "Evt15 A-ABORT request primitive"
        case evt16 = "Evt16 A-ABORT PDU (on transport)"
        case evt17 = "Evt17 Transport connection closed indication (local transport service)"
        case evt18 = "Evt18 ARTIM timer expired (Association reject/release timer)"
        case evt19 = "Evt19 Unrecognized or invalid PDU received"
    }

    public enum Action: String, Sendable, CaseIterable {
        case ae1 = "AE-1 Issue TRANSPORT CONNECT request primitive to local transport service"
        case ae2 = "AE-2 Send A-ASSOCIATE-RQ-PDU"
        case ae3 = "AE-3 Issue A-ASSOCIATE confirmation (accept) primitive"
        case ae4 = "AE-4 Issue A-ASSOCIATE confirmation (reject) primitive and close transport connection"
        case ae5 = "AE-5 Issue Transport connection response primitive; start ARTIM timer"
        case ae6 = "AE-6 Stop ARTIM timer and if A-ASSOCIATE-RQ acceptable by service-provider issue A-ASSOCIATE indication, otherwise send A-ASSOCIATE-RJ-PDU and start ARTIM timer"
        case ae7 = "AE-7 Send A-ASSOCIATE-AC PDU"
        case ae8 = "AE-8 Send A-ASSOCIATE-RJ PDU and start ARTIM timer"
        case dt1 = "DT-1 Send P-DATA-TF PDU"
        case dt2 = "DT-2 Send P-DATA indication primitive"
        case ar1 = "AR-1 Send A-RELEASE-RQ PDU"
        case ar2 = "AR-2 Issue A-RELEASE indication primitive"
        case ar3 = "AR-3 Issue A-RELEASE confirmation primitive, and close transport connection"
        case ar4 = "AR-4 Issue A-RELEASE-RP PDU and start ARTIM timer"
        case ar5 = "AR-5 Stop ARTIM timer"
        case ar6 = "AR-6 Issue P-DATA indication"
        case ar7 = "AR-7 Issue P-DATA-TF PDU"
        case ar8 = "AR-8 Issue A-RELEASE indication (release collision)"
        case ar9 = "AR-9 Send A-RELEASE-RP PDU"
        case ar10 = "AR-10 Issue A-RELEASE confirmation primitive"
        case aa1 = "AA-1 Send A-ABORT PDU (service-user source) and start (or restart if already started) ARTIM timer"
        case aa2 = "AA-2 Stop ARTIM timer if running. Close transport connection"
        case aa3 = "AA-3 If (service-user initiated abort) issue A-ABORT indication and close transport connection, otherwise (service-provider initiated abort) issue A-P-ABORT indication and close transport connection"
        case aa4 = "AA-4 Issue A-P-ABORT indication primitive"
        case aa5 = "AA-5 Stop ARTIM timer"
        case aa6 = "AA-6 Ignore PDU"
        case aa7 = "AA-7 Send A-ABORT PDU"
        case aa8 = "AA-8 Send A-ABORT PDU (service-provider source), issue an A-P-ABORT indication, and start ARTIM timer"
    }

    /// Next state of each action (PS3.8 Table 9-7 to 9-9). AE-6, AR-8 depend on a condition.
    public static func nextState(after action: Action, requestAcceptable: Bool = true, isRequestor: Bool = false) -> State {
        switch action {
        case .ae1: .sta4
        case .ae2: .sta5
        case .ae3: .sta6
        case .ae4: .sta1
        case .ae5: .sta2
        case .ae6: requestAcceptable ? .sta3 : .sta13
        case .ae7: .sta6
        case .ae8: .sta13
        case .dt1, .dt2: .sta6
        case .ar1: .sta7
        case .ar2: .sta8
        case .ar3: .sta1
        case .ar4: .sta13
        case .ar5: .sta1
        case .ar6: .sta7
        case .ar7: .sta8
        case .ar8: isRequestor ? .sta9 : .sta10
        case .ar9: .sta11
        case .ar10: .sta12
        case .aa1: .sta13
        case .aa2: .sta1
        case .aa3: .sta1
        case .aa4: .sta1
        case .aa5: .sta1
        case .aa6: .sta13
        case .aa7: .sta13
        case .aa8: .sta13
        }
    }

    /// PS3.8 Table 9-10. nil: the event is not valid in that state.
    public static func action(for event: Event, in state: State) -> Action? {
        let established: Set<State> = [.sta6, .sta7, .sta8, .sta9, .sta10, .sta11, .sta12]
        switch (event, state) {
        case (.evt1, .sta1): return .ae1
        case (.evt2, .sta4): return .ae2

        case (.evt3, .sta2): return .aa1
        case (.evt3, .sta5): return .ae3
        case (.evt3, .sta13): return .aa6
        case (.evt3, let s) where s == .sta3 || established.contains(s): return .aa8

        case (.evt4, .sta2): return .aa1
        case (.evt4, .sta5): return .ae4
        case (.evt4, .sta13): return .aa6
        case (.evt4, let s) where s == .sta3 || established.contains(s): return .aa8

        case (.evt5, .sta1): return .ae5

        case (.evt6, .sta2): return .ae6
        case (.evt6, .sta13): return .aa7
        case (.evt6, let s) where s == .sta3 || s == .sta5 || established.contains(s): return .aa8

        case (.evt7, .sta3): return .ae7
        case (.evt8, .sta3): return .ae8

        case (.evt9, .sta6): return .dt1
        case (.evt9, .sta8): return .ar7

        case (.evt10, .sta2): return .aa1
        case (.evt10, .sta6): return .dt2
        case (.evt10, .sta7): return .ar6
        case (.evt10, .sta13): return .aa6
        case (.evt10, let s) where [.sta3, .sta5, .sta8, .sta9, .sta10, .sta11, .sta12].contains(s): return .aa8

        case (.evt11, .sta6): return .ar1

        case (.evt12, .sta2): return .aa1
        case (.evt12, .sta6): return .ar2
        case (.evt12, .sta7): return .ar8
        case (.evt12, .sta13): return .aa6
        case (.evt12, let s) where [.sta3, .sta5, .sta8, .sta9, .sta10, .sta11, .sta12].contains(s): return .aa8

        case (.evt13, .sta2): return .aa1
        case (.evt13, .sta7): return .ar3
        case (.evt13, .sta10): return .ar10
        case (.evt13, .sta11): return .ar3
        case (.evt13, .sta13): return .aa6
        case (.evt13, let s) where [.sta3, .sta5, .sta6, .sta8, .sta9, .sta12].contains(s): return .aa8

        case (.evt14, .sta8): return .ar4
        case (.evt14, .sta9): return .ar9
        case (.evt14, .sta12): return .ar4

        case (.evt15, .sta4): return .aa2
        case (.evt15, let s) where s == .sta3 || s == .sta5 || established.contains(s): return .aa1

        case (.evt16, .sta2), (.evt16, .sta13): return .aa2
        case (.evt16, let s) where s == .sta3 || s == .sta5 || established.contains(s): return .aa3

        case (.evt17, .sta2): return .aa5
        case (.evt17, .sta13): return .ar5
        case (.evt17, let s) where s == .sta3 || s == .sta5 || established.contains(s): return .aa4

        case (.evt18, .sta2), (.evt18, .sta13): return .aa2

        case (.evt19, .sta2): return .aa1
        case (.evt19, .sta13): return .aa7
        case (.evt19, let s) where s == .sta3 || s == .sta5 || established.contains(s): return .aa8

        default: return nil
        }
    }
}
