import DICOM
import Foundation
import Testing

/// Display values of PS3.3 C.11: stored bits masked and sign-extended, rescaled, windowed.
@Suite struct FrameRendererTests {
    static func image(_ stored: [UInt16], bitsStored: Int, signed: Bool, photometric: String = "MONOCHROME2") -> DataSet {
        var dataSet = DataSet()
        dataSet.set(Tag(0x0028, 0x0002), uint16: 1)
        dataSet.set(Tag(0x0028, 0x0004), .CS, photometric)
        dataSet.set(Tag(0x0028, 0x0010), uint16: 1)
        dataSet.set(Tag(0x0028, 0x0011), uint16: UInt16(stored.count))
        dataSet.set(Tag(0x0028, 0x0100), uint16: 16)
        dataSet.set(Tag(0x0028, 0x0101), uint16: UInt16(bitsStored))
        dataSet.set(Tag(0x0028, 0x0103), uint16: signed ? 1 : 0)
        dataSet[.pixelData] = DataElement(tag: .pixelData, vr: .OW, bytes: stored.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        return dataSet
    }

    @Test func twelveBitSignedValuesIgnoreTheBitsAboveHighBit() throws {
        // 0xF800 is -2048 in 12 bits; 0x1FFF has junk above bit 11 and is 4095 → -1.
        let frame = try FrameRenderer.render(Self.image([0xF800, 0x1FFF, 0x07FF], bitsStored: 12, signed: true),
                                             window: .init(center: 0, width: 4096, function: .linearExact))
        #expect(frame.pixels == [0, 127, 255])  // (-1/4096 + 0.5) · 255 = 127.4
    }

    @Test func windowFunctions() {
        let linear = FrameRenderer.Window(center: 40, width: 400)
        #expect(FrameRenderer.apply(linear, to: -160) == 0)
        #expect(FrameRenderer.apply(linear, to: 240) == 255)
        #expect(FrameRenderer.apply(linear, to: 40) == 128)
        let sigmoid = FrameRenderer.Window(center: 0, width: 100, function: .sigmoid)
        #expect(FrameRenderer.apply(sigmoid, to: 0) == 128)
        #expect(FrameRenderer.apply(sigmoid, to: 1000) == 255)
    }

    @Test func withoutAWindowTheFrameRangeIsShownAndMonochrome1Inverts() throws {
        let frame = try FrameRenderer.render(Self.image([100, 150, 200], bitsStored: 16, signed: false, photometric: "MONOCHROME1"))
        #expect(frame.pixels == [255, 127, 0])  // 255 - round(127.5)
    }

    @Test func refusals() {
        var compressed = Self.image([1], bitsStored: 16, signed: false)
        compressed[.pixelData] = DataElement(tag: .pixelData, vr: .OB, value: .fragments(EncapsulatedFragments(fragments: [[1, 2]])))
        #expect(throws: FrameRenderer.Failure.self) { try FrameRenderer.render(compressed) }
        #expect(throws: FrameRenderer.Failure.frameOutOfRange(2, frames: 1)) {
            try FrameRenderer.render(Self.image([1], bitsStored: 16, signed: false), frame: 2)
        }
        #expect(throws: FrameRenderer.Failure.noPixelData) { try FrameRenderer.render(DataSet()) }
    }

    @Test func pngHasTheSignatureChunksAndChecksums() {
        let png = PNGEncoder.encode(width: 2, height: 1, channels: 1, pixels: [0, 255])
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(String(decoding: png[12..<16], as: UTF8.self) == "IHDR")
        #expect(String(decoding: png.suffix(8).prefix(4), as: UTF8.self) == "IEND")
        #expect(Array(png.suffix(4)) == [0xAE, 0x42, 0x60, 0x82])  // CRC of an empty IEND
    }
}
