import DICOM
import Foundation
import TestSupport
import Testing

@Suite struct BadInputTests {
    @Test(arguments: Fixtures.broken)
    func brokenFixturesThrow(name: String) throws {
        #expect(throws: DICOMError.self) { try DICOMFile(bytes: Fixtures.bytes(name)) }
    }

    @Test func everyTruncationThrowsOrParsesAPrefix() throws {
        let bytes = try Fixtures.bytes("rtplan.dcm")
        var failures = 0
        for length in stride(from: 0, to: bytes.count, by: 7) {
            do { _ = try DICOMFile(bytes: Array(bytes.prefix(length))) } catch is DICOMError { failures += 1 }
        }
        #expect(failures > bytes.count / 7 / 2)
    }

    @Test func lengthPastTheEnd() {
        // (0010,0010) PN with length 0x2000 but 4 bytes of value.
        let bytes: [UInt8] = [0x10, 0x00, 0x10, 0x00, 0x50, 0x4E, 0x00, 0x20, 0x41, 0x42, 0x43, 0x44]
        #expect(throws: DICOMError.lengthPastEnd(tag: .patientName, offset: 0, length: 0x2000)) {
            try DataSet(decoding: bytes, transferSyntax: .explicitVRLittleEndian)
        }
    }

    @Test func hugeLengthsInImplicitVR() {
        let bytes: [UInt8] = [0x10, 0x00, 0x20, 0x00, 0xFE, 0xFF, 0xFF, 0x7F, 0x00, 0x00]
        #expect(throws: DICOMError.self) { try DataSet(decoding: bytes, transferSyntax: .implicitVRLittleEndian) }
    }

    @Test func deepNestingIsRefused() {
        // 10,000 nested undefined-length sequences: a recursive reader without a limit overflows the stack.
        var bytes: [UInt8] = []
        for _ in 0..<10_000 {
            bytes += [0x08, 0x00, 0x15, 0x11, 0x53, 0x51, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF]  // (0008,1115) SQ u/l
            bytes += [0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF]  // item u/l
        }
        #expect(throws: DICOMError.nestingTooDeep(limit: 64)) {
            try DataSet(decoding: bytes, transferSyntax: .explicitVRLittleEndian)
        }
    }

    @Test func unterminatedUndefinedLengthItemThrows() {
        let bytes: [UInt8] = [0x08, 0x00, 0x15, 0x11, 0x53, 0x51, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF,
                              0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF]
        #expect(throws: DICOMError.truncated(offset: 20)) {
            try DataSet(decoding: bytes, transferSyntax: .explicitVRLittleEndian)
        }
    }

    @Test func invalidVRThrows() {
        let bytes: [UInt8] = [0x10, 0x00, 0x10, 0x00, 0x7A, 0x7A, 0x02, 0x00, 0x41, 0x42]
        #expect(throws: DICOMError.invalidVR(tag: .patientName, offset: 0)) {
            try DataSet(decoding: bytes, transferSyntax: .explicitVRLittleEndian)
        }
    }

    @Test func corruptDeflateStreamThrows() throws {
        var bytes = try Fixtures.bytes("image_dfl.dcm")
        let metaEnd = 132 + 12 + Int(bytes[140]) | Int(bytes[141]) << 8
        for index in metaEnd..<min(metaEnd + 64, bytes.count) { bytes[index] = 0xFF }
        #expect(throws: DICOMError.self) { try DICOMFile(bytes: bytes) }
    }

    /// Seeded random mutations of real files: every outcome is a data set or a DICOMError.
    @Test(arguments: ["CT_small.dcm", "rtplan.dcm", "test-SR.dcm", "JPEG2000.dcm", "MR_small_bigendian.dcm", "image_dfl.dcm", "chrH32.dcm"])
    func mutationFuzz(name: String) throws {
        let original = try Fixtures.bytes(name)
        var generator = SplitMix64(seed: 0x5EED_D1C0 ^ UInt64(name.utf8.count))
        var parsed = 0, refused = 0
        for _ in 0..<400 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes[index] = [0x00, 0xFF, 0xFE, 0xE0, 0xDD][Int.random(in: 0..<5, using: &generator)]
                case 2: bytes.removeSubrange(index..<min(bytes.count, index + Int.random(in: 1...64, using: &generator)))
                default: bytes.insert(contentsOf: [0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF], at: index)
                }
                if bytes.isEmpty { bytes = [0] }
            }
            do {
                let file = try DICOMFile(bytes: bytes)
                _ = DataSetDumper().dump(file)
                parsed += 1
            } catch is DICOMError {
                refused += 1
            }
        }
        #expect(parsed + refused == 400)
        #expect(refused > 0)
    }
}

