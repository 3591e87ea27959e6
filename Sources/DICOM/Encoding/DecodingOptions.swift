public struct DecodingOptions: Sendable {
    /// Sequences nested deeper than this are refused (recursion is bounded, so is the stack).
    public var maximumNestingDepth: Int = 64

    public init(maximumNestingDepth: Int = 64) {
        self.maximumNestingDepth = maximumNestingDepth
    }

    public static let `default` = DecodingOptions()
}
