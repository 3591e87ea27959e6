/// Where an imaging order is in its life.
public enum OrderState: String, Sendable, Codable, CaseIterable {
    case ordered, scheduled, arrived, inProgress = "in-progress", completed, preliminary, final
    case cancelled, discontinued, held

    /// ORC-5 (HL7 table 0038) for status messages and ORR responses.
    public var orderStatus: String {
        switch self {
        case .ordered, .held: return self == .held ? "HD" : "SC"
        case .scheduled, .arrived: return "SC"
        case .inProgress: return "IP"
        case .completed, .preliminary, .final: return "CM"
        case .cancelled: return "CA"
        case .discontinued: return "DC"
        }
    }

    /// Steps of orders in these states are offered on the modality worklist.
    public var isOnWorklist: Bool { self == .scheduled || self == .arrived || self == .ordered }
}

/// What makes an order change state.
public enum OrderEvent: String, Sendable, Codable, CaseIterable {
    case place, change, cancel, discontinue, hold, release, schedule, unschedule, arrive
    case start, complete, abandon, preliminaryReport, finalReport, correctedReport
}

/// Who or what caused a transition: a message, a DICOM event or an API call.
public struct TransitionCause: Sendable, Codable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable { case hl7, dicom, api }
    public var kind: Kind
    /// e.g. `ORM^O01 ORC-1=CA control ID ORM0003`, `MPPS N-SET COMPLETED 1.2.3`.
    public var detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { "\(kind.rawValue): \(detail)" }
}

/// One entry of an order's history.
public struct OrderTransition: Sendable, Codable {
    public let from: OrderState?
    public let to: OrderState
    public let event: OrderEvent
    public let cause: TransitionCause
    public let at: String
    /// A step nobody reported, taken because a later state was reported (a RIS's `CM` straight
    /// after scheduling implies the exam started).
    public var implied = false
}
