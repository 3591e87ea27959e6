import DICOM

/// Which transfer syntaxes a service takes for a SOP class.
public enum TransferSyntaxSupport: Sendable {
    /// Implicit and explicit VR little endian, explicit big endian: what a service that reads the data set needs.
    case uncompressed
    /// Every syntax the codec recognises, compressed ones included: for services that keep the bytes as they come.
    case any
    case only([String])

    public func contains(_ uid: String) -> Bool {
        switch self {
        case .uncompressed: TransferSyntax.uncompressed.map(\.uid).contains(uid)
        case .any: TransferSyntax(uid: uid) != nil
        case .only(let list): list.contains(uid)
        }
    }
}
