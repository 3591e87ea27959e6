import Foundation

/// Specific Character Set (0008,0005): how the bytes of SH, LO, ST, LT, PN, UC and UT decode to text.
/// Supported: the default repertoire, ISO_IR 100 (Latin-1), ISO_IR 192 (UTF-8) and the Japanese
/// ISO 2022 code extensions (IR 13 half-width katakana, IR 87 JIS X 0208). Anything else decodes
/// its ASCII bytes only, and `unsupportedTerms` names it so a reader can warn.
public struct SpecificCharacterSet: Sendable, Equatable {
    public let terms: [String]
    /// Terms this decoder cannot handle (computed once: `decode` runs for every text value read).
    public let unsupportedTerms: [String]
    private let usesCodeExtensions: Bool

    public static let `default` = SpecificCharacterSet(terms: [])

    public init(terms: [String]) {
        self.terms = terms.map { $0.trimmingCharacters(in: .whitespaces) }
        self.unsupportedTerms = self.terms.filter { !Self.knownTerms.contains($0) }
        self.usesCodeExtensions = self.terms.contains { $0.hasPrefix("ISO 2022") } || self.terms.count > 1
    }

    static let knownTerms: Set<String> = [
        "", "ISO_IR 6", "ISO 2022 IR 6", "ISO_IR 100", "ISO 2022 IR 100", "ISO_IR 192",
        "ISO_IR 13", "ISO 2022 IR 13", "ISO 2022 IR 87",
    ]

    /// Decoded text with trailing padding removed, and a warning when bytes could not be decoded.
    public func decode(_ bytes: [UInt8], vr: VR) -> (text: String, warning: String?) {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x00 { end -= 1 }
        let value = Array(bytes[0..<end])
        guard vr.usesSpecificCharacterSet, !terms.isEmpty else { return (String(decoding: value, as: UTF8.self), nil) }
        if let unsupported = unsupportedTerms.first {
            let ascii = String(decoding: value.map { $0 < 0x80 ? $0 : 0x3F }, as: UTF8.self)
            let warning = value.contains { $0 >= 0x80 } ? "unsupported Specific Character Set '\(unsupported)'; bytes kept undecoded" : nil
            return (ascii, warning)
        }
        let first = terms.first ?? ""
        if first == "ISO_IR 192" {
            return (String(decoding: value, as: UTF8.self), nil)
        }
        if usesCodeExtensions || first == "ISO_IR 13" {
            return (ISO2022Decoder(terms: terms, delimiters: vr == .PN ? [0x5E, 0x3D] : [0x5C, 0x0D, 0x0A, 0x09, 0x0C]).decode(value), nil)
        }
        if first == "ISO_IR 100" {
            return (String(value.map { Character(Unicode.Scalar($0)) }), nil)
        }
        return (String(decoding: value, as: UTF8.self), nil)
    }
}
