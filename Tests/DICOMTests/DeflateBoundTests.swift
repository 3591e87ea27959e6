import DICOM
import TestSupport
import Testing

/// A deflated data set is refused as soon as it inflates past its bound: a few hundred KB of
/// input must not become gigabytes of memory.
@Suite struct DeflateBoundTests {
    /// (0008,0060) CS "CT", then (7FE0,0010) OB whose value is `pixelBytes` zeros: explicit VR LE.
    static func dataSet(pixelBytes: Int) -> [UInt8] {
        let modality: [UInt8] = [0x08, 0x00, 0x60, 0x00, 0x43, 0x53, 0x02, 0x00, 0x43, 0x54]
        let length = UInt32(pixelBytes)
        let pixels: [UInt8] = [0xE0, 0x7F, 0x10, 0x00, 0x4F, 0x42, 0, 0,
                               UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24)]
        return modality + pixels
    }

    @Test func aSmallBombIsRefusedPastTheConfiguredBound() throws {
        let bomb = rawDeflate(Self.dataSet(pixelBytes: 8 << 20), zeros: 8 << 20)
        #expect(bomb.count < 64 << 10)
        let options = DecodingOptions(maximumInflatedBytes: 1 << 20)
        #expect(throws: DICOMError.inflatedTooLarge(limit: 1 << 20)) {
            try DataSet(decoding: bomb, transferSyntax: .deflatedExplicitVRLittleEndian, options: options)
        }
        // Under the bound the same construction reads.
        let small = rawDeflate(Self.dataSet(pixelBytes: 1000), zeros: 1000)
        let read = try DataSet(decoding: small, transferSyntax: .deflatedExplicitVRLittleEndian, options: options)
        #expect(read[Tag(0x7FE0, 0x0010)]?.bytes.count == 1000)
    }

    @Test func aPart10BombIsRefused() throws {
        var meta = DataSet()
        meta.set(.transferSyntaxUID, .UI, TransferSyntax.deflatedExplicitVRLittleEndian.uid)
        let file = try DICOMFile.part10Header(meta: meta) + rawDeflate(Self.dataSet(pixelBytes: 4 << 20), zeros: 4 << 20)
        #expect(throws: DICOMError.inflatedTooLarge(limit: 1 << 20)) {
            try DICOMFile(bytes: file, options: DecodingOptions(maximumInflatedBytes: 1 << 20))
        }
    }

    /// With the default options: 300 MiB of zeros (about 300 KB deflated) is refused, not inflated.
    @Test func theDefaultBoundStopsAHugeBomb() throws {
        let size = 300 << 20
        let bomb = rawDeflate(Self.dataSet(pixelBytes: size), zeros: size)
        #expect(bomb.count < 1 << 20)
        #expect(throws: DICOMError.inflatedTooLarge(limit: DecodingOptions.default.maximumInflatedBytes)) {
            try DataSet(decoding: bomb, transferSyntax: .deflatedExplicitVRLittleEndian)
        }
    }
}
