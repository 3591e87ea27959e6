// libFuzzer entry point for the STOW multipart/related parsers; built and run by scripts/fuzz (multipart).
// Compiled with Sources/Engine/DICOMweb/MultipartRelated.swift and MultipartStream.swift alone (they
// need only Foundation).
import Foundation

/// The first input byte picks the boundary (its low nibble is the length, taken from the next bytes);
/// the rest is the body. Parsing must not trap, every part must lie inside the body and hold no
/// delimiter, and the parts written out again must parse back to the same parts. The streaming
/// parser, fed the body in chunks of random sizes (drawn from a hash of the input, so a crash
/// replays), must find the same parts or fail the same way; with a random part bound it may
/// also refuse a part over it, and only then.
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
    let whole = Result { try MultipartRelated.parse(body, boundary: boundary) }
    var random = SplitMix(seed: bytes.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 })
    let streamed = stream(body, boundary: boundary, maxPartBytes: .max, &random)
    switch (whole, streamed) {
    case (.success(let parts), .success(let found)):
        precondition(found.map(\.contentType) == parts.map(\.contentType), "streamed content types differ")
        precondition(found.map(\.body) == parts.map { Array($0.body) }, "streamed bodies differ")
    case (.failure(let error), .failure(let failure)):
        precondition("\(error)" == "\(failure)", "streamed failure '\(failure)' where the whole body gives '\(error)'")
    default:
        preconditionFailure("streamed \(streamed) where the whole body gives \(whole)")
    }
    let bound = Int(random.next() % UInt64(max(1, body.count)))
    switch stream(body, boundary: boundary, maxPartBytes: bound, &random) {
    case .success(let found):
        precondition(found.map(\.body) == ((try? whole.get()) ?? []).map { Array($0.body) }, "bounded parse differs")
        precondition(found.allSatisfy { $0.body.count <= bound }, "a part over the bound")
    case .failure(MultipartRelated.Failure.partTooLarge):
        let parts = (try? whole.get()) ?? []
        precondition(parts.isEmpty || parts.contains { $0.body.count > bound }, "refused a body whose parts fit")
    case .failure(let failure):
        // Until it refuses a part the bounded parse is the unbounded one.
        guard case .failure(let error) = whole else { preconditionFailure("bounded parse failed with \(failure)") }
        precondition("\(error)" == "\(failure)", "bounded parse failed with \(failure), the whole body with \(error)")
    }
    guard let parts = try? whole.get() else { return 0 }
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

private struct StreamedPart: Equatable {
    var contentType: String?
    var body: [UInt8] = []
}

/// `body` through `StreamParser` in chunks of random sizes: mostly small (edges everywhere), some large.
private func stream(_ body: [UInt8], boundary: String, maxPartBytes: Int, _ random: inout SplitMix) -> Result<[StreamedPart], any Error> {
    var parser = MultipartRelated.StreamParser(boundary: boundary, maxPartBytes: maxPartBytes, maxHeaderBytes: .max)
    var parts: [StreamedPart] = []
    var open = false
    let handle: (MultipartRelated.StreamEvent) throws -> Void = { event in
        switch event {
        case .begin(let type):
            precondition(!open, "a part begun inside a part")
            parts.append(StreamedPart(contentType: type))
            open = true
        case .bytes(let bytes):
            precondition(open && !bytes.isEmpty, "bytes outside a part")
            parts[parts.count - 1].body += bytes
        case .end:
            precondition(open, "an end outside a part")
            open = false
        }
    }
    return Result {
        var at = 0
        while at < body.count {
            let roll = random.next()
            let size = roll % 8 == 0 ? Int((roll >> 8) % 4096) + 1 : Int((roll >> 8) % 16) + 1
            let end = min(body.count, at + size)
            try body[at..<end].withUnsafeBytes { try parser.feed($0, handle) }
            at = end
        }
        try parser.finish()
        precondition(!open, "the body ended inside a part yet parsed")
        precondition(parser.parts == parts.count, "parts miscounted")
        return parts
    }
}

private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
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
