extension DataSet {
    /// Decodes a bare data set (no preamble, no file meta), e.g. a DIMSE command or data set.
    public init(decoding bytes: [UInt8], transferSyntax: TransferSyntax, options: DecodingOptions = .default) throws {
        var source = bytes
        if transferSyntax.isDeflated { source = try Inflater.inflate(bytes[...], maximumOutput: options.maximumInflatedBytes) }
        let encoding = ElementEncoding(transferSyntax)
        self = try source.withUnsafeBufferPointer { buffer in
            var reader = DataSetReader(buffer: buffer, options: options)
            return try reader.readDataSet(end: buffer.count, encoding: encoding)
        }
    }

    /// Encodes as a bare data set. Big endian and deflated syntaxes are read-only here. Group length
    /// elements are dropped unless asked for (DIMSE command sets need (0000,0000)).
    public func encoded(transferSyntax: TransferSyntax, keepGroupLengths: Bool = false) throws -> [UInt8] {
        guard !transferSyntax.isBigEndian, !transferSyntax.isDeflated else {
            throw DICOMError.unsupportedTransferSyntax(transferSyntax.uid)
        }
        var writer = DataSetWriter(encoding: ElementEncoding(transferSyntax))
        try writer.write(self, keepGroupLengths: keepGroupLengths)
        return writer.bytes
    }
}
