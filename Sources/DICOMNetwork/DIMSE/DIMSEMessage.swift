import DICOM

/// A DIMSE message: a command set (always implicit VR little endian) and, for some commands, a data
/// set kept as the bytes of the negotiated transfer syntax, so a C-STORE payload is never re-encoded.
public struct DIMSEMessage: Sendable, Equatable {
    public var contextID: UInt8
    public var command: DataSet
    public var dataSet: [UInt8]?

    /// Command Data Set Type (0000,0800) value meaning "no data set".
    public static let noDataSet: UInt16 = 0x0101

    public init(contextID: UInt8, command: DataSet, dataSet: [UInt8]? = nil) {
        self.contextID = contextID
        self.command = command
        self.dataSet = dataSet
        self.command.set(.commandDataSetType, uint16: dataSet == nil ? Self.noDataSet : 0x0000)
    }

    public var commandField: CommandField? { command.uint16(.commandField).flatMap(CommandField.init(rawValue:)) }
    public var messageID: UInt16? { command.uint16(.messageID) }
    public var respondedMessageID: UInt16? { command.uint16(.messageIDBeingRespondedTo) }
    public var status: DIMSEStatus? { command.uint16(.status).map(DIMSEStatus.init(rawValue:)) }
    public var affectedSOPClassUID: String? { command.string(.affectedSOPClassUID) }
    public var affectedSOPInstanceUID: String? { command.string(.affectedSOPInstanceUID) }
    public var requestedSOPClassUID: String? { command.string(.requestedSOPClassUID) }
    public var requestedSOPInstanceUID: String? { command.string(.requestedSOPInstanceUID) }

    /// Whether the command announces a data set that follows (PS3.7 §E.1).
    public static func announcesDataSet(_ command: DataSet) -> Bool {
        (command.uint16(.commandDataSetType) ?? noDataSet) != noDataSet
    }

    /// The command set bytes, with Command Group Length first.
    public func encodedCommand() throws -> [UInt8] {
        var body = command
        body[.commandGroupLength] = nil
        let encoded = try body.encoded(transferSyntax: .implicitVRLittleEndian)
        var header = DataSet()
        header.set(.commandGroupLength, uint32: UInt32(encoded.count))
        return try header.encoded(transferSyntax: .implicitVRLittleEndian, keepGroupLengths: true) + encoded
    }

    public func decodedDataSet(transferSyntax: TransferSyntax, options: DecodingOptions = .default) throws -> DataSet? {
        guard let dataSet else { return nil }
        return try DataSet(decoding: dataSet, transferSyntax: transferSyntax, options: options)
    }
}
