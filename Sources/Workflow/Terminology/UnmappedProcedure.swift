/// A local procedure no mapping resolves, waiting for someone to map it; the orders that carry it
/// get the standard code when the mapping is added.
public struct UnmappedProcedure: Sendable, Hashable, Codable {
    public var procedure: CodedValue
    public var orderIDs: [Int]
    /// When it was first seen (`YYYYMMDDHHMMSS`).
    public var firstSeen: String
    /// Standard codes it may mean, when only the contrast is not stated (`MR Shoulder`).
    public var candidates: [CodedValue] = []
    /// The side its description names.
    public var laterality: CodedValue? = nil
}
