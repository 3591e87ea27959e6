/// The index of received DICOM instances that DICOMweb searches.
public protocol InstanceIndexStore: Sendable {
    /// Adds the row of an instance file; one at the same path is replaced, or kept when `replacing` is false.
    func indexInstance(_ instance: IndexedInstance, replacing: Bool) async throws
    /// Removes the row of an instance file that was discarded.
    func removeIndexedInstance(path: String) async throws
    /// Matching instances ordered by study, series and SOP Instance UID.
    func indexedInstances(_ query: InstanceIndexQuery) async throws -> [IndexedInstance]
}
