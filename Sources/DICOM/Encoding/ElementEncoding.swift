/// The two choices that shape element headers and binary values.
struct ElementEncoding: Equatable {
    var explicitVR: Bool
    var bigEndian: Bool

    static let implicitLittle = ElementEncoding(explicitVR: false, bigEndian: false)
    static let explicitLittle = ElementEncoding(explicitVR: true, bigEndian: false)

    init(explicitVR: Bool, bigEndian: Bool) {
        self.explicitVR = explicitVR
        self.bigEndian = bigEndian
    }

    init(_ syntax: TransferSyntax) {
        self.init(explicitVR: syntax.isExplicitVR, bigEndian: syntax.isBigEndian)
    }
}
