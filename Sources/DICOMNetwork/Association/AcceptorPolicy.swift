import DICOM
import NIOCore

/// What an SCP accepts: its AE title, the AE titles allowed to call it, limits and timers.
public struct AcceptorPolicy: Sendable {
    public var aeTitle: String
    /// Refuse requests whose Called AE Title is not ours (PS3.8 reject reason 7).
    public var requireCalledAETitle: Bool = true
    /// nil accepts any calling AE title; otherwise the caller must be listed (reject reason 3).
    public var allowedCallingAETitles: Set<String>?
    /// Maximum PDU length we receive, announced in A-ASSOCIATE-AC; larger PDUs are aborted.
    public var maximumPDULength: UInt32 = 65_536
    /// Association Request/Reject/Release Timer: how long we wait for a request, or for the peer to
    /// close after reject/release/abort.
    public var artimTimeout: TimeAmount = .seconds(30)
    public var maximumAssociations: Int = 32
    /// Requests being served at once on one association; beyond it a request is answered
    /// Out of Resources (0xA700) instead of starting yet another task for a flooding peer.
    public var maximumOutstandingOperations: Int = 16
    /// Largest data set accepted in one DIMSE message.
    public var maximumMessageSize: Int = 1 << 30
    public var implementationClassUID: String = DICOMFile.implementationClassUID
    public var implementationVersionName: String = DICOMFile.implementationVersionName

    public init(aeTitle: String) {
        self.aeTitle = aeTitle
    }
}
