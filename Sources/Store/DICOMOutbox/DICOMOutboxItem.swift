import Foundation

/// Where one instance stands with one DICOM destination.
public enum DICOMDeliveryState: String, Sendable, Codable, CaseIterable {
    /// Waiting for its (next) attempt; `lastError` says why an earlier one failed.
    case queued
    /// The destination answered the C-STORE with success (or a warning).
    case sent
    /// The destination committed it (storage commitment).
    case committed
    /// Given up: attempts exhausted, or the destination can never take it (e.g. no transfer syntax fits).
    case failed
}

/// An instance to send to a DICOM destination.
public struct NewDICOMOutboxItem: Sendable, Equatable {
    public var destination: String
    public var sopInstanceUID: String
    public var studyInstanceUID: String
    /// Relative to the instance directory.
    public var path: String

    public init(destination: String, sopInstanceUID: String, studyInstanceUID: String, path: String) {
        self.destination = destination
        self.sopInstanceUID = sopInstanceUID
        self.studyInstanceUID = studyInstanceUID
        self.path = path
    }
}

/// A queued instance as the forwarder reads it.
public struct DICOMOutboxItem: Sendable, Equatable {
    public var id: Int64
    public var destination: String
    public var sopInstanceUID: String
    public var studyInstanceUID: String
    public var path: String
    public var state: DICOMDeliveryState
    public var attempts: Int
    public var lastError: String?
    /// The coerced patient/accession header values last sent (to tell when a re-send is due).
    public var sentHeaders: String?

    public init(id: Int64, destination: String, sopInstanceUID: String, studyInstanceUID: String, path: String,
                state: DICOMDeliveryState, attempts: Int, lastError: String?, sentHeaders: String?) {
        self.id = id
        self.destination = destination
        self.sopInstanceUID = sopInstanceUID
        self.studyInstanceUID = studyInstanceUID
        self.path = path
        self.state = state
        self.attempts = attempts
        self.lastError = lastError
        self.sentHeaders = sentHeaders
    }
}

/// One DICOM outbox as `radbridge dicom queue` shows it.
public struct DICOMOutboxStatistics: Sendable, Codable, Equatable {
    public var destination: String
    /// Instances waiting to be sent.
    public var depth: Int
    /// When the oldest waiting instance was queued.
    public var oldest: Date?
    public var sent: Int
    public var committed: Int
    public var failed: Int
    public var lastError: String?
    public var lastErrorAt: Date?

    public init(destination: String, depth: Int, oldest: Date?, sent: Int, committed: Int, failed: Int,
                lastError: String?, lastErrorAt: Date?) {
        self.destination = destination
        self.depth = depth
        self.oldest = oldest
        self.sent = sent
        self.committed = committed
        self.failed = failed
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
    }
}
