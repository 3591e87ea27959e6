// libFuzzer entry point for the DICOM data set reader; built and run by scripts/fuzz.
// The first input byte picks how the rest is read: a bare data set in implicit VR LE, explicit
// VR LE, explicit VR BE or deflated explicit VR LE, or a Part 10 file. What was read is then
// dumped, turned into DICOM JSON and re-encoded, as the CLI, DICOMweb and forwarding do.
import CZlib
import DICOM
import Foundation

// Inflation is bounded at 64 KiB, four times max_len: enough to reach every path of the bound (and
// beyond it) without a 16 KiB input spending its time inflating and reading a megabyte of zeros.
private let options = DecodingOptions(maximumNestingDepth: 64, maximumInflatedBytes: 1 << 16)
private let syntaxes: [TransferSyntax] = [.implicitVRLittleEndian, .explicitVRLittleEndian, .explicitVRBigEndian, .deflatedExplicitVRLittleEndian]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let selector = Int(data[0]) % (syntaxes.count + 1)
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let dataSet: DataSet
    if selector == syntaxes.count {
        guard let file = try? DICOMFile(bytes: bytes, options: options) else { return 0 }
        _ = DataSetDumper(maximumValueLength: 64).dump(file)
        dataSet = file.dataSet
    } else {
        guard let decoded = try? DataSet(decoding: bytes, transferSyntax: syntaxes[selector], options: options) else { return 0 }
        dataSet = decoded
    }
    exercise(dataSet)
    return 0
}

private func exercise(_ dataSet: DataSet) {
    _ = DataSetDumper(maximumValueLength: 64).dump(dataSet)
    // The object DICOMweb serializes. Foundation's JSONSerialization (bridging to NSDictionary,
    // sorting keys by NSString comparison) is not our code and took more than half of each run;
    // what could go wrong on our side is a value it cannot write, which `isWritableJSON` finds.
    let object = DICOMJSON.object(dataSet, inlineBinaryLimit: 64)
    precondition(isWritableJSON(object), "DICOM JSON that JSONSerialization cannot write")
    for element in dataSet.elements { _ = dataSet.string(element.tag) }
    let frames = Int((dataSet.string(Tag(0x0028, 0x0008)) ?? "1").trimmingCharacters(in: .whitespaces)) ?? 1
    for frame in Set([1, max(1, frames)]) { _ = try? FrameRenderer.render(dataSet, frame: frame) }
    if let encoded = try? dataSet.encoded(transferSyntax: .explicitVRLittleEndian) {
        _ = try? DataSet(decoding: encoded, transferSyntax: .explicitVRLittleEndian, options: options)
    }
}

/// What JSONSerialization writes: dictionaries with string keys, arrays, strings, finite numbers,
/// booleans and null.
private func isWritableJSON(_ value: Any) -> Bool {
    switch value {
    case let object as [String: Any]: return object.values.allSatisfy(isWritableJSON)
    case let array as [Any]: return array.allSatisfy(isWritableJSON)
    case let number as NSNumber: return number.doubleValue.isFinite
    case is String, is NSNull: return true
    default: return false
    }
}

// MARK: Seeds: RADBRIDGE_FUZZ_SEEDS=DIR RADBRIDGE_FUZZ_FIXTURES=DIR writes one seed per fixture
// and syntax there (scripts/fuzz does, with -runs=0).

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    let environment = ProcessInfo.processInfo.environment
    guard let directory = environment["RADBRIDGE_FUZZ_SEEDS"], let fixtures = environment["RADBRIDGE_FUZZ_FIXTURES"] else { return 0 }
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: fixtures)) ?? []).filter { $0.hasSuffix(".dcm") }
    for name in names {
        guard let contents = FileManager.default.contents(atPath: "\(fixtures)/\(name)") else { continue }
        let bytes = [UInt8](contents)
        write([UInt8(syntaxes.count)] + bytes, to: "\(directory)/\(name).part10")
        guard let file = try? DICOMFile(bytes: bytes) else { continue }
        for (index, syntax) in syntaxes.enumerated() where !syntax.isDeflated && !syntax.isBigEndian {
            if let encoded = try? file.dataSet.encoded(transferSyntax: syntax) { write([UInt8(index)] + encoded, to: "\(directory)/\(name).\(index)") }
        }
        if let explicit = try? file.dataSet.encoded(transferSyntax: .explicitVRLittleEndian), let deflated = rawDeflate(explicit) {
            write([3] + deflated, to: "\(directory)/\(name).3")
        }
        // The bytes as received, for the syntaxes we do not write.
        if let index = syntaxes.firstIndex(of: file.transferSyntax), file.transferSyntax.isDeflated || file.transferSyntax.isBigEndian {
            write([UInt8(index)] + bytes[(dataSetOffset(bytes) ?? 0)...], to: "\(directory)/\(name).\(index)")
        }
    }
    return 0
}

private func write(_ bytes: [UInt8], to path: String) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
}

/// Where the data set of a Part 10 file starts: after the preamble and the meta group.
private func dataSetOffset(_ bytes: [UInt8]) -> Int? {
    guard bytes.count > 144, bytes[128..<132].elementsEqual(Array("DICM".utf8)) else { return nil }
    let length = Int(bytes[140]) | Int(bytes[141]) << 8 | Int(bytes[142]) << 16 | Int(bytes[143]) << 24
    return 144 + length < bytes.count ? 144 + length : nil
}

/// Raw DEFLATE, as Deflated Explicit VR Little Endian carries it.
private func rawDeflate(_ input: [UInt8]) -> [UInt8]? {
    var stream = z_stream()
    guard deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                        ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
    defer { deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))))
    var source = input
    let status = source.withUnsafeMutableBufferPointer { inBuffer in
        output.withUnsafeMutableBufferPointer { outBuffer -> Int32 in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = UInt32(inBuffer.count)
            stream.next_out = outBuffer.baseAddress
            stream.avail_out = UInt32(outBuffer.count)
            return deflate(&stream, Z_FINISH)
        }
    }
    guard status == Z_STREAM_END else { return nil }
    return Array(output[0..<Int(stream.total_out)])
}
