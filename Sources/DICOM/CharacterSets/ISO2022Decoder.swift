import Foundation

/// ISO 2022 code extension decoding as DICOM uses it (PS3.5 §6.1.2.5): escape sequences switch
/// G0/G1, and the designations return to their initial state at each delimiter.
struct ISO2022Decoder {
    enum G0: Equatable { case ascii, jisRoman, jisX0208 }
    enum G1: Equatable { case none, katakana, latin1 }

    let initialG0: G0
    let initialG1: G1
    let delimiters: Set<UInt8>

    init(terms: [String], delimiters: Set<UInt8>) {
        let first = terms.first ?? ""
        switch first {
        case "ISO 2022 IR 13", "ISO_IR 13": (initialG0, initialG1) = (.jisRoman, .katakana)
        case "ISO 2022 IR 100", "ISO_IR 100": (initialG0, initialG1) = (.ascii, .latin1)
        default: (initialG0, initialG1) = (.ascii, .none)
        }
        self.delimiters = delimiters
    }

    func decode(_ bytes: [UInt8]) -> String {
        var output = ""
        var g0 = initialG0, g1 = initialG1
        var kanji: [UInt8] = []
        func flushKanji() {
            guard !kanji.isEmpty else { return }
            let stream: [UInt8] = [0x1B, 0x24, 0x42] + kanji + [0x1B, 0x28, 0x42]
            output += String(data: Data(stream), encoding: .iso2022JP) ?? String(repeating: "\u{FFFD}", count: kanji.count / 2)
            kanji.removeAll()
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x1B {
                flushKanji()
                let rest = bytes[(index + 1)...].prefix(3)
                switch Array(rest.prefix(2)) {
                case [0x28, 0x42]: g0 = .ascii; index += 3; continue
                case [0x28, 0x4A]: g0 = .jisRoman; index += 3; continue
                case [0x29, 0x49]: g1 = .katakana; index += 3; continue
                case [0x24, 0x42], [0x24, 0x40]: g0 = .jisX0208; index += 3; continue
                case [0x2D, 0x41]: g1 = .latin1; index += 3; continue
                default:
                    output += "\u{FFFD}"; index += 1; continue
                }
            }
            if byte < 0x80 && g0 == .jisX0208 && byte >= 0x21 {
                if index + 1 < bytes.count {
                    kanji += [byte, bytes[index + 1]]
                    index += 2
                } else {
                    output += "\u{FFFD}"; index += 1
                }
                continue
            }
            flushKanji()
            if byte < 0x80 {
                if delimiters.contains(byte) { g0 = initialG0; g1 = initialG1 }
                if g0 == .jisRoman && byte == 0x5C { output += "\u{00A5}" }
                else if g0 == .jisRoman && byte == 0x7E { output += "\u{203E}" }
                else { output += String(UnicodeScalar(byte)) }
            } else {
                switch g1 {
                case .katakana where (0xA1...0xDF).contains(byte):
                    output += UnicodeScalar(0xFF61 + UInt32(byte) - 0xA1).map(String.init) ?? "\u{FFFD}"
                case .latin1: output += String(UnicodeScalar(byte))
                default: output += "\u{FFFD}"
                }
            }
            index += 1
        }
        flushKanji()
        return output
    }
}
