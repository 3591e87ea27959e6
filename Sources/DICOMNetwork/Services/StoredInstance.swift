import DICOM

/// A received C-STORE instance, its data set still as the bytes that came over the wire.
public struct StoredInstance: Sendable {
    public let sopClassUID: String
    public let sopInstanceUID: String
    public let transferSyntax: String
    public let callingAETitle: String
    public let dataSet: [UInt8]
    /// The receiving side's bounds for decoding `dataSet` (a C-STORE's are the listener's, e.g. how
    /// far a deflated data set may inflate: `dicom.maxMessageBytes`).
    public var decodingOptions: DecodingOptions

    public init(sopClassUID: String, sopInstanceUID: String, transferSyntax: String, callingAETitle: String, dataSet: [UInt8],
                decodingOptions: DecodingOptions = .default) {
        self.sopClassUID = sopClassUID
        self.sopInstanceUID = sopInstanceUID
        self.transferSyntax = transferSyntax
        self.callingAETitle = callingAETitle
        self.dataSet = dataSet
        self.decodingOptions = decodingOptions
    }

    /// The instance as a Part 10 file: meta information built from the command, data set untouched.
    public func part10() throws -> [UInt8] {
        guard let syntax = TransferSyntax(uid: transferSyntax) else { throw DICOMError.unsupportedTransferSyntax(transferSyntax) }
        let meta = FileMetaInformation.make(sopClassUID: sopClassUID, sopInstanceUID: sopInstanceUID,
                                            transferSyntax: syntax, sourceAETitle: callingAETitle)
        return try DICOMFile.part10Header(meta: meta) + dataSet
    }
}
