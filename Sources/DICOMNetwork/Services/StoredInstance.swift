import DICOM

/// A received C-STORE instance, its data set still as the bytes that came over the wire.
public struct StoredInstance: Sendable {
    public let sopClassUID: String
    public let sopInstanceUID: String
    public let transferSyntax: String
    public let callingAETitle: String
    public let dataSet: [UInt8]

    /// The instance as a Part 10 file: meta information built from the command, data set untouched.
    public func part10() throws -> [UInt8] {
        guard let syntax = TransferSyntax(uid: transferSyntax) else { throw DICOMError.unsupportedTransferSyntax(transferSyntax) }
        let meta = FileMetaInformation.make(sopClassUID: sopClassUID, sopInstanceUID: sopInstanceUID,
                                            transferSyntax: syntax, sourceAETitle: callingAETitle)
        return try DICOMFile.part10Header(meta: meta) + dataSet
    }
}
