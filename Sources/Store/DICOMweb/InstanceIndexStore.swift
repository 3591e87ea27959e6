/// The index of received DICOM instances that DICOMweb searches.
public protocol InstanceIndexStore: Sendable {
    /// Adds or replaces (same SOP Instance UID) an instance.
    func indexInstance(_ instance: IndexedInstance) async throws
    /// Matching instances ordered by study, series and SOP Instance UID.
    func indexedInstances(_ query: InstanceIndexQuery) async throws -> [IndexedInstance]
}
