/// A DICOM Part 10 file: 128-byte preamble, "DICM", File Meta Information (group 0002, always
/// explicit VR little endian) and the data set in the transfer syntax the meta names.
public struct DICOMFile: Sendable, Equatable {
    public var meta: DataSet
    public var dataSet: DataSet
    public var transferSyntax: TransferSyntax
    /// Things the reader tolerated (no preamble, no meta, unsupported character set...).
    public var warnings: [String]

    public static let implementationClassUID = "1.2.826.0.1.3680043.10.1423.1"
    public static let implementationVersionName = "RADBRIDGE_010"

    public init(dataSet: DataSet, transferSyntax: TransferSyntax = .explicitVRLittleEndian, sourceAETitle: String? = nil) {
        self.dataSet = dataSet
        self.transferSyntax = transferSyntax
        self.warnings = []
        self.meta = FileMetaInformation.make(
            sopClassUID: dataSet.string(.sopClassUID) ?? "",
            sopInstanceUID: dataSet.string(.sopInstanceUID) ?? "",
            transferSyntax: transferSyntax, sourceAETitle: sourceAETitle)
    }

    public init(bytes: [UInt8], options: DecodingOptions = .default) throws {
        var warnings: [String] = []
        let parsed = try bytes.withUnsafeBufferPointer { buffer -> (DataSet, DataSet, TransferSyntax, Int) in
            var start = 0
            if buffer.count >= 132, buffer[128] == 0x44, buffer[129] == 0x49, buffer[130] == 0x43, buffer[131] == 0x4D {
                start = 132
            } else if buffer.count >= 4, buffer[0] == 0x44, buffer[1] == 0x49, buffer[2] == 0x43, buffer[3] == 0x4D {
                start = 4
                warnings.append("no preamble")
            } else {
                warnings.append("no preamble")
            }
            var reader = DataSetReader(buffer: buffer, position: start, options: options)
            var meta = DataSet()
            if reader.peekTag(.explicitLittle)?.group == 0x0002 {
                meta = try reader.readDataSet(end: buffer.count, encoding: .explicitLittle, while: { $0.group == 0x0002 })
            } else {
                warnings.append("no file meta information")
            }
            let syntax: TransferSyntax
            if let uid = meta.string(.transferSyntaxUID) {
                guard let known = TransferSyntax(uid: uid) else { throw DICOMError.unsupportedTransferSyntax(uid) }
                syntax = known
            } else {
                if !meta.isEmpty { warnings.append("file meta information has no transfer syntax") }
                syntax = Self.guessSyntax(buffer, at: reader.position)
            }
            if syntax.isDeflated { return (meta, DataSet(), syntax, reader.position) }
            let dataSet = try reader.readDataSet(end: buffer.count, encoding: ElementEncoding(syntax))
            warnings += reader.warnings
            return (meta, dataSet, syntax, reader.position)
        }
        (meta, dataSet, transferSyntax) = (parsed.0, parsed.1, parsed.2)
        if transferSyntax.isDeflated {
            let inflated = try Inflater.inflate(bytes[parsed.3...], maximumOutput: options.maximumInflatedBytes)
            dataSet = try inflated.withUnsafeBufferPointer { buffer in
                var reader = DataSetReader(buffer: buffer, options: options)
                let dataSet = try reader.readDataSet(end: buffer.count, encoding: .explicitLittle)
                warnings += reader.warnings
                return dataSet
            }
        }
        self.warnings = warnings
    }

    /// Without meta information: explicit VR when bytes 4-5 spell a VR, big endian when the
    /// group's high byte comes first (data sets start at low groups such as 0008).
    private static func guessSyntax(_ buffer: UnsafeBufferPointer<UInt8>, at position: Int) -> TransferSyntax {
        guard buffer.count >= position + 6 else { return .implicitVRLittleEndian }
        guard VR(bytes: buffer[position + 4], buffer[position + 5]) != nil else { return .implicitVRLittleEndian }
        return buffer[position] == 0 && buffer[position + 1] != 0 ? .explicitVRBigEndian : .explicitVRLittleEndian
    }

    /// Encodes with a preamble and freshly computed meta information group length.
    public func encoded() throws -> [UInt8] {
        var meta = self.meta
        meta.set(.transferSyntaxUID, .UI, transferSyntax.uid)
        return try Self.part10Header(meta: meta) + dataSet.encoded(transferSyntax: transferSyntax)
    }

    /// Preamble, "DICM" and the meta group with its group length computed: what precedes the data set.
    public static func part10Header(meta: DataSet) throws -> [UInt8] {
        var metaWithoutLength = meta
        metaWithoutLength[.fileMetaInformationGroupLength] = nil
        var metaWriter = DataSetWriter(encoding: .explicitLittle)
        try metaWriter.write(metaWithoutLength)
        var lengthWriter = DataSetWriter(encoding: .explicitLittle)
        try lengthWriter.write(DataElement(tag: .fileMetaInformationGroupLength, vr: .UL, bytes: UInt32(metaWriter.bytes.count).littleEndianBytes))
        return [UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + lengthWriter.bytes + metaWriter.bytes
    }
}
