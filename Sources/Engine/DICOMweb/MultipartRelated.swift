import Foundation

/// `multipart/related` bodies (RFC 2387) as DICOMweb sends and receives them.
struct MultipartRelated {
    struct Part {
        var contentType: String?
        var body: ArraySlice<UInt8>
    }

    enum Failure: Error, CustomStringConvertible {
        case noBoundary, noOpeningBoundary, unterminatedPart, noHeaderEnd
        /// Only from `StreamParser`, whose bounds they are.
        case headersTooLarge(Int), partTooLarge(Int)
        var description: String {
            switch self {
            case .noBoundary: return "the Content-Type has no boundary parameter"
            case .noOpeningBoundary: return "the body does not start with the boundary"
            case .unterminatedPart: return "a part is not closed by the boundary"
            case .noHeaderEnd: return "a part's headers do not end with an empty line"
            case .headersTooLarge(let limit): return "a part's headers are longer than \(limit) bytes"
            case .partTooLarge(let limit): return "a part is larger than \(limit) bytes"
            }
        }
    }

    /// A media type and its parameters, names lower-cased and quotes removed.
    static func mediaType(_ header: String) -> (type: String, parameters: [String: String]) {
        var pieces = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        let type = pieces.isEmpty ? "" : pieces.removeFirst().lowercased()
        var parameters: [String: String] = [:]
        for piece in pieces {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            var value = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            parameters[piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()] = value
        }
        return (type, parameters)
    }

    /// A part of a body: its Content-Type and where its bytes are, as offsets into the body.
    struct PartRange {
        var contentType: String?
        var range: Range<Int>
    }

    /// The parts between `--boundary` lines; a preamble and an epilogue are ignored. `parse` and
    /// `ranges` take a whole body; STOW-RS reads its body with `StreamParser`, which finds the same
    /// parts (the fuzzer holds it to these).
    static func parse(_ body: [UInt8], boundary: String) throws -> [Part] {
        try body.withUnsafeBytes { try ranges(in: $0, boundary: boundary) }.map { Part(contentType: $0.contentType, body: body[$0.range]) }
    }

    /// Where the parts are, without copying any: a STOW body may be hundreds of megabytes.
    static func ranges(in body: UnsafeRawBufferPointer, boundary: String) throws -> [PartRange] {
        let marker = Array("--\(boundary)".utf8)
        let delimiter = Array("\r\n--\(boundary)".utf8)
        guard var position = find(marker, in: body, from: 0) else { throw Failure.noOpeningBoundary }
        position += marker.count
        var parts: [PartRange] = []
        while true {
            if body.count >= position + 2, body[position] == 0x2D, body[position + 1] == 0x2D { return parts }  // closing "--"
            guard let lineEnd = find([0x0D, 0x0A], in: body, from: position) else { throw Failure.unterminatedPart }
            let start = lineEnd + 2
            guard let end = find(delimiter, in: body, from: start) else { throw Failure.unterminatedPart }
            guard let headerEnd = find([0x0D, 0x0A, 0x0D, 0x0A], in: body, from: start - 2), headerEnd < end else { throw Failure.noHeaderEnd }
            let contentType = contentType(headers: body[min(start, headerEnd)..<headerEnd])
            // Headers followed straight by the delimiter: the blank line's CRLF is the delimiter's, the body is empty.
            parts.append(PartRange(contentType: contentType, range: min(headerEnd + 4, end)..<end))
            position = end + delimiter.count
        }
    }

    /// The (last) Content-Type of a part's header lines.
    static func contentType<Bytes: Collection<UInt8>>(headers: Bytes) -> String? {
        var contentType: String?
        for line in String(decoding: headers, as: UTF8.self).components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if line[..<colon].trimmingCharacters(in: .whitespaces).lowercased() == "content-type" {
                contentType = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return contentType
    }

    /// A part's bytes framed for a response: boundary line, Content-Type, blank line, body.
    static func partHeader(boundary: String, contentType: String, first: Bool) -> [UInt8] {
        Array(((first ? "" : "\r\n") + "--\(boundary)\r\nContent-Type: \(contentType)\r\n\r\n").utf8)
    }

    static func closing(boundary: String) -> [UInt8] { Array("\r\n--\(boundary)--\r\n".utf8) }

    private static func find(_ needle: [UInt8], in hay: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard !needle.isEmpty, hay.count >= needle.count, start <= hay.count - needle.count else { return nil }
        let first = needle[0]
        var index = max(0, start)
        let last = hay.count - needle.count
        while index <= last {
            if hay[index] == first {
                var matched = true
                for offset in 1..<needle.count where hay[index + offset] != needle[offset] { matched = false; break }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}
