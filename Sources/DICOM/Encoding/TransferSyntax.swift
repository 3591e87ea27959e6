/// How a data set is encoded on the wire or in a file (PS3.5 §10).
public struct TransferSyntax: Hashable, Sendable, CustomStringConvertible {
    public let uid: String
    public let isExplicitVR: Bool
    public let isBigEndian: Bool
    public let isDeflated: Bool
    /// Pixel data is encapsulated (compressed); everything else is explicit VR little endian.
    public let isEncapsulated: Bool

    public static let implicitVRLittleEndian = TransferSyntax(known: "1.2.840.10008.1.2", explicit: false)
    public static let explicitVRLittleEndian = TransferSyntax(known: "1.2.840.10008.1.2.1")
    public static let deflatedExplicitVRLittleEndian = TransferSyntax(known: "1.2.840.10008.1.2.1.99", deflated: true)
    public static let explicitVRBigEndian = TransferSyntax(known: "1.2.840.10008.1.2.2", bigEndian: true)

    public static let uncompressed: [TransferSyntax] = [.implicitVRLittleEndian, .explicitVRLittleEndian, .explicitVRBigEndian]

    private init(known uid: String, explicit: Bool = true, bigEndian: Bool = false, deflated: Bool = false, encapsulated: Bool = false) {
        self.uid = uid
        self.isExplicitVR = explicit
        self.isBigEndian = bigEndian
        self.isDeflated = deflated
        self.isEncapsulated = encapsulated
    }

    /// Any UID of the DICOM root that is not one of the four native syntaxes is taken to be
    /// an encapsulated (compressed pixel data) syntax, which PS3.5 defines as explicit VR LE.
    public init?(uid rawUID: String) {
        let uid = rawUID.trimmingCharacters(in: " \0")
        switch uid {
        case Self.implicitVRLittleEndian.uid: self = .implicitVRLittleEndian
        case Self.explicitVRLittleEndian.uid: self = .explicitVRLittleEndian
        case Self.deflatedExplicitVRLittleEndian.uid: self = .deflatedExplicitVRLittleEndian
        case Self.explicitVRBigEndian.uid: self = .explicitVRBigEndian
        default:
            guard uid.hasPrefix("1.2.840.10008.1.2."), uid.allSatisfy({ $0.isNumber || $0 == "." }) else { return nil }
            self.init(known: uid, encapsulated: true)
        }
    }

    public var description: String { uid }
}

extension String {
    func trimmingCharacters(in characters: String) -> String {
        let set = Set(characters)
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, set.contains(last) { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
