extension PDU {
    /// The PS3.8 event that receiving this PDU is (Evt3, 4, 6, 10, 12, 13, 16), for either role.
    var receivedEvent: AssociationStateMachine.Event {
        switch self {
        case .associateRequest: return .evt6
        case .associateAccept: return .evt3
        case .associateReject: return .evt4
        case .dataTransfer: return .evt10
        case .releaseRequest: return .evt12
        case .releaseResponse: return .evt13
        case .abort: return .evt16
        }
    }
}
