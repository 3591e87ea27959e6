import DICOM

/// An accepted presentation context: what both sides agreed to use for one abstract syntax.
public struct NegotiatedContext: Sendable, Equatable {
    public let id: UInt8
    public let abstractSyntax: String
    public let transferSyntax: String

    public init(id: UInt8, abstractSyntax: String, transferSyntax: String) {
        self.id = id
        self.abstractSyntax = abstractSyntax
        self.transferSyntax = transferSyntax
    }

    /// The transfer syntax as a codec value (any DICOM-rooted UID decodes as explicit VR LE).
    public var syntax: TransferSyntax { TransferSyntax(uid: transferSyntax) ?? .implicitVRLittleEndian }
}
