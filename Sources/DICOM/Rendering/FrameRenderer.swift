import Foundation

/// Renders one frame of uncompressed pixel data to 8-bit values for display (PS3.3 C.7.6.3 pixel
/// module, C.11.1 modality LUT as rescale slope/intercept, C.11.2 VOI window; MONOCHROME1 inverted).
public enum FrameRenderer {
    public struct Window: Sendable, Equatable {
        public enum Function: String, Sendable { case linear = "linear", linearExact = "linear-exact", sigmoid }
        public var center: Double
        public var width: Double
        public var function: Function
        public init(center: Double, width: Double, function: Function = .linear) {
            self.center = center
            self.width = width
            self.function = function
        }
    }

    public struct Frame: Sendable, Equatable {
        public let width: Int
        public let height: Int
        /// 1 (greyscale) or 3 (RGB, interleaved).
        public let channels: Int
        public let pixels: [UInt8]
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case noPixelData
        case unsupported(String)
        case frameOutOfRange(Int, frames: Int)
        public var description: String {
            switch self {
            case .noPixelData: return "the instance has no pixel data"
            case .unsupported(let what): return "cannot render \(what)"
            case .frameOutOfRange(let frame, let frames): return "frame \(frame) is outside 1…\(frames)"
            }
        }
    }

    /// `frame` counts from 1. `window` overrides the header's first window; with neither, the
    /// frame's own value range is shown.
    public static func render(_ dataSet: DataSet, frame: Int = 1, window requested: Window? = nil) throws -> Frame {
        guard let element = dataSet[.pixelData] else { throw Failure.noPixelData }
        guard case .bytes(let data) = element.value else { throw Failure.unsupported("compressed (encapsulated) pixel data") }
        let rows = Int(dataSet.uint16(Tag(0x0028, 0x0010)) ?? 0), columns = Int(dataSet.uint16(Tag(0x0028, 0x0011)) ?? 0)
        let samples = Int(dataSet.uint16(Tag(0x0028, 0x0002)) ?? 1)
        let allocated = Int(dataSet.uint16(Tag(0x0028, 0x0100)) ?? 0)
        let stored = Int(dataSet.uint16(Tag(0x0028, 0x0101)) ?? UInt16(allocated))
        let signed = dataSet.uint16(Tag(0x0028, 0x0103)) == 1
        let photometric = (dataSet.string(Tag(0x0028, 0x0004)) ?? "").trimmingCharacters(in: .whitespaces)
        let frames = max(1, Int((dataSet.string(Tag(0x0028, 0x0008)) ?? "1").trimmingCharacters(in: .whitespaces)) ?? 1)
        guard rows > 0, columns > 0 else { throw Failure.unsupported("an image without rows and columns") }
        guard (1...frames).contains(frame) else { throw Failure.frameOutOfRange(frame, frames: frames) }
        let pixelCount = rows * columns

        switch (photometric, samples) {
        case ("MONOCHROME1", 1), ("MONOCHROME2", 1):
            guard allocated == 8 || allocated == 16, (1...allocated).contains(stored) else {
                throw Failure.unsupported("\(allocated)-bit allocated, \(stored)-bit stored pixels")
            }
            let frameBytes = pixelCount * allocated / 8
            let start = try frameStart(frame, frameBytes: frameBytes, available: data.count)
            let stored = storedValues(data[start..<(start + frameBytes)], allocated: allocated, stored: stored, signed: signed)
            let slope = decimal(dataSet, Tag(0x0028, 0x1053)) ?? 1, intercept = decimal(dataSet, Tag(0x0028, 0x1052)) ?? 0
            let values = stored.map { Double($0) * slope + intercept }
            let window = requested ?? headerWindow(dataSet) ?? rangeWindow(values)
            let invert = photometric == "MONOCHROME1"
            let pixels = values.map { value -> UInt8 in
                let y = apply(window, to: value)
                return invert ? 255 - y : y
            }
            return Frame(width: columns, height: rows, channels: 1, pixels: pixels)
        case ("RGB", 3):
            guard allocated == 8 else { throw Failure.unsupported("\(allocated)-bit RGB") }
            let frameBytes = pixelCount * 3
            let start = try frameStart(frame, frameBytes: frameBytes, available: data.count)
            var pixels = Array(data[start..<(start + frameBytes)])
            if dataSet.uint16(Tag(0x0028, 0x0006)) == 1 {  // planes RRR…GGG…BBB… → interleaved
                let planar = pixels
                for index in 0..<pixelCount {
                    for channel in 0..<3 { pixels[index * 3 + channel] = planar[channel * pixelCount + index] }
                }
            }
            return Frame(width: columns, height: rows, channels: 3, pixels: pixels)
        default:
            throw Failure.unsupported("photometric interpretation '\(photometric)' with \(samples) samples per pixel")
        }
    }

    /// Where frame `frame` starts; NumberOfFrames comes from the file, so the product is checked.
    private static func frameStart(_ frame: Int, frameBytes: Int, available: Int) throws -> Int {
        let (start, overflow) = (frame - 1).multipliedReportingOverflow(by: frameBytes)
        guard !overflow, frameBytes <= available, start <= available - frameBytes else {
            throw Failure.unsupported("pixel data shorter than its frames")
        }
        return start
    }

    /// PS3.3 C.11.2.1.2 (linear, linear exact) and C.11.2.1.3.1 (sigmoid), output 0…255.
    public static func apply(_ window: Window, to x: Double) -> UInt8 {
        let c = window.center, w = window.width
        let y: Double
        switch window.function {
        case .linear:
            if x <= c - 0.5 - (w - 1) / 2 { y = 0 }
            else if x > c - 0.5 + (w - 1) / 2 { y = 255 }
            else { y = ((x - (c - 0.5)) / (w - 1) + 0.5) * 255 }
        case .linearExact:
            if x <= c - w / 2 { y = 0 }
            else if x > c + w / 2 { y = 255 }
            else { y = ((x - c) / w + 0.5) * 255 }
        case .sigmoid:
            y = 255 / (1 + exp(-4 * (x - c) / w))
        }
        return UInt8(max(0, min(255, y.rounded())))
    }

    private static func storedValues(_ bytes: ArraySlice<UInt8>, allocated: Int, stored: Int, signed: Bool) -> [Int] {
        let bytes = Array(bytes)
        let raw: [Int] = allocated == 8 ? bytes.map(Int.init) : bytes.littleEndianValues(as: UInt16.self).map(Int.init)
        let mask = (1 << stored) - 1, signBit = 1 << (stored - 1)
        return raw.map { value in
            let v = value & mask
            return signed && v & signBit != 0 ? v - (1 << stored) : v
        }
    }

    private static func decimal(_ dataSet: DataSet, _ tag: Tag) -> Double? {
        dataSet.strings(tag).first.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }

    private static func headerWindow(_ dataSet: DataSet) -> Window? {
        guard let center = decimal(dataSet, Tag(0x0028, 0x1050)), let width = decimal(dataSet, Tag(0x0028, 0x1051)), width >= 1 else { return nil }
        let function = dataSet.string(Tag(0x0028, 0x1056)).flatMap { Window.Function(rawValue: $0.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "-")) }
        return Window(center: center, width: width, function: function ?? .linear)
    }

    /// The full value range, for images without a window.
    private static func rangeWindow(_ values: [Double]) -> Window {
        let low = values.min() ?? 0, high = values.max() ?? 0
        return Window(center: (low + high) / 2, width: max(1, high - low), function: .linearExact)
    }
}
