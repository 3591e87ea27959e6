/// A service's failure, carried to the peer as a DIMSE status.
public struct DIMSEServiceError: Error, Sendable, Equatable {
    public let status: DIMSEStatus
    /// Goes into Error Comment (0000,0902): no patient data.
    public let comment: String?

    public init(status: DIMSEStatus, comment: String? = nil) {
        self.status = status
        self.comment = comment
    }
}
