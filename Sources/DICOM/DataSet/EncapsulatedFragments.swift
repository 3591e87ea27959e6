/// Encapsulated (compressed) pixel data: the Basic Offset Table item and the fragment items, untouched.
public struct EncapsulatedFragments: Sendable, Equatable {
    public var basicOffsetTable: [UInt8]
    public var fragments: [[UInt8]]

    public init(basicOffsetTable: [UInt8] = [], fragments: [[UInt8]]) {
        self.basicOffsetTable = basicOffsetTable
        self.fragments = fragments
    }
}
