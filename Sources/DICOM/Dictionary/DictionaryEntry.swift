/// One row of the PS3.6 data dictionary.
public struct DictionaryEntry: Sendable, Equatable {
    public let tag: Tag
    /// First VR of the row; rows like "US or SS" list the others in `alternativeVRs`.
    public let vr: VR
    public let alternativeVRs: [VR]
    public let vm: String
    public let keyword: String
    public let name: String
    public let isRetired: Bool
}
