import Foundation

/// A prior study fetched from a PACS on demand (C-MOVE to RadBridge): kept as a cached copy
/// (files and index rows), not filed with an order.
public struct PriorRetrieval: Sendable, Equatable {
    public var studyInstanceUID: String
    /// The `dicomDestinations` name of the PACS it came from.
    public var source: String
    /// Instances received for the study by the last retrieval.
    public var instances: Int
    public var retrievedAt: Date

    public init(studyInstanceUID: String, source: String, instances: Int, retrievedAt: Date) {
        self.studyInstanceUID = studyInstanceUID
        self.source = source
        self.instances = instances
        self.retrievedAt = retrievedAt
    }
}

public protocol PriorRetrievalStore: Sendable {
    /// Adds or replaces (same study and source) the record of a retrieval.
    func recordPriorRetrieval(_ retrieval: PriorRetrieval) async throws
    /// The retrievals of these studies, newest first.
    func priorRetrievals(studyInstanceUIDs: [String]) async throws -> [PriorRetrieval]
}
