import DICOM

/// What an SCP accepts: its AE title, the AE titles allowed to call it, limits and timers.
/// Durations are Swift `Duration`s so the policy (and what decides with it) stays free of NIO.
public struct AcceptorPolicy: Sendable {
    public var aeTitle: String
    /// Refuse requests whose Called AE Title is not ours (PS3.8 reject reason 7).
    public var requireCalledAETitle: Bool = true
    /// nil accepts any calling AE title; otherwise the caller must be listed (reject reason 3).
    public var allowedCallingAETitles: Set<String>?
    /// Maximum PDU length we receive, announced in A-ASSOCIATE-AC; larger PDUs are aborted.
    public var maximumPDULength: UInt32 = 65_536
    /// Association Request/Reject/Release Timer: how long a new connection may take to send its
    /// A-ASSOCIATE-RQ, and how long we wait for the peer to close after reject/release/abort.
    public var artimTimeout: Duration = .seconds(10)
    /// An established association with no PDU received and no request being served for this long
    /// is aborted (A-ABORT), so an idle peer cannot keep its association slot forever.
    public var idleTimeout: Duration = .seconds(300)
    /// Established associations at once. A slot is taken only when a request is accepted; beyond
    /// the limit the request gets A-ASSOCIATE-RJ transient, "local limit exceeded".
    public var maximumAssociations: Int = 32
    /// TCP connections that have not (yet) been accepted as an association. Beyond it the oldest
    /// such connection is closed, so silent connections cannot lock out a peer that speaks at once.
    public var maximumPendingConnections: Int = 64
    /// Requests being served at once on one association; beyond it a request is answered
    /// Out of Resources (0xA700) instead of starting yet another task for a flooding peer.
    public var maximumOutstandingOperations: Int = 16
    /// Largest data set accepted in one DIMSE message, checked as its fragments arrive: beyond it
    /// the association is aborted. Deflated data sets may not inflate beyond it either.
    public var maximumMessageSize: Int = AcceptorPolicy.defaultMaximumMessageSize
    /// Bytes of DIMSE data sets held at once by all associations of a listener (being received
    /// or being served). A message that does not fit is read to its end, discarded and answered
    /// Out of Resources (0xA700).
    public var maximumBufferedBytes: Int = 1 << 30
    public var implementationClassUID: String = DICOMFile.implementationClassUID
    public var implementationVersionName: String = DICOMFile.implementationVersionName

    /// 256 MiB: a 500-frame 512×512 16-bit enhanced CT, a compressed tomosynthesis or
    /// whole-slide level; four such messages fit in the default buffered-bytes budget.
    public static let defaultMaximumMessageSize = 256 << 20

    public init(aeTitle: String) {
        self.aeTitle = aeTitle
    }

    /// How data sets received under this policy are decoded.
    var decodingOptions: DecodingOptions {
        DecodingOptions(maximumInflatedBytes: maximumMessageSize)
    }
}
