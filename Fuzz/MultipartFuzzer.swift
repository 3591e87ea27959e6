// libFuzzer entry point for the STOW multipart/related parser; built and run by scripts/fuzz (multipart).
// Compiled with Sources/Engine/DICOMweb/MultipartRelated.swift alone (it needs only Foundation).
import Foundation

/// The first input byte picks the boundary (its low nibble is the length, taken from the next bytes);
/// the rest is the body. Parsing must not trap, every part must lie inside the body and hold no
/// delimiter, and the parts written out again must parse back to the same parts.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = bytes.first else { return 0 }
    let boundaryLength = Int(first & 0x0F) + 1
    guard bytes.count > boundaryLength else { return 0 }
    let boundaryBytes = bytes[1...boundaryLength]
    let boundary = String(decoding: boundaryBytes, as: UTF8.self)
    let body = Array(bytes[(boundaryLength + 1)...])
    _ = MultipartRelated.mediaType(String(decoding: body.prefix(256), as: UTF8.self))
    guard let parts = try? MultipartRelated.parse(body, boundary: boundary) else { return 0 }
    let delimiter = Array("\r\n--\(boundary)".utf8)
    for part in parts {
        precondition(part.body.startIndex >= 0 && part.body.endIndex <= body.count, "a part outside the body")
        precondition(!contains(Array(part.body), delimiter), "a part holds the delimiter")
    }
    // Round trip only with RFC 2046 boundary characters, where a boundary cannot overlap itself
    // across a part's edge.
    guard boundaryBytes.allSatisfy({ isBoundaryCharacter($0) }) else { return 0 }
    let again = try! MultipartRelated.parse(encode(parts, boundary: boundary), boundary: boundary)
    precondition(again.map(\.contentType) == parts.map(\.contentType), "content types changed in the round trip")
    precondition(again.map { Array($0.body) } == parts.map { Array($0.body) }, "bodies changed in the round trip")
    return 0
}

private func isBoundaryCharacter(_ byte: UInt8) -> Bool {
    (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
}

private func encode(_ parts: [MultipartRelated.Part], boundary: String) -> [UInt8] {
    var out: [UInt8] = []
    for (index, part) in parts.enumerated() {
        out += Array(((index == 0 ? "" : "\r\n") + "--\(boundary)\r\n").utf8)
        if let type = part.contentType { out += Array("Content-Type: \(type)\r\n".utf8) }
        out += Array("\r\n".utf8)
        out += part.body
    }
    out += parts.isEmpty ? Array("--\(boundary)--".utf8) : Array("\r\n--\(boundary)--\r\n".utf8)
    return out
}

private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard haystack.count >= needle.count else { return false }
    for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
        return true
    }
    return false
}
