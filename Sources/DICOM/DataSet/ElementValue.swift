/// The value of a data element. Binary numbers are always held little endian, whatever the
/// transfer syntax they were read from; text is held as the bytes of the file.
public enum ElementValue: Sendable, Equatable {
    case bytes([UInt8])
    case sequence([DataSet])
    /// Encapsulated pixel data: kept as read, never decompressed.
    case fragments(EncapsulatedFragments)
}
