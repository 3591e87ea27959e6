/// The MSA of a reply from a destination.
struct ReplyAcknowledgement: Sendable, Equatable {
    var code: String
    var acknowledgedControlID: String

    var isPositive: Bool { code == "AA" || code == "CA" }
    var isApplicationError: Bool { code == "AE" || code == "CE" }
}
