public struct DecodingOptions: Sendable {
    /// Sequences nested deeper than this are refused (recursion is bounded, so is the stack).
    public var maximumNestingDepth: Int = 64
    /// A deflated data set that inflates beyond this many bytes is refused before the excess is
    /// allocated. The default equals the DICOM listener's default message bound (256 MiB).
    public var maximumInflatedBytes: Int = 256 << 20

    public init(maximumNestingDepth: Int = 64, maximumInflatedBytes: Int = 256 << 20) {
        self.maximumNestingDepth = maximumNestingDepth
        self.maximumInflatedBytes = maximumInflatedBytes
    }

    public static let `default` = DecodingOptions()
}
