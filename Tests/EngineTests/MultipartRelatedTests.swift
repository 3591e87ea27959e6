@testable import Engine
import Testing

/// The STOW-RS body parsers on what the fuzzer (Fuzz/MultipartFuzzer.swift) found, and the
/// streaming one on chunk edges anywhere, its bounds and truncated bodies.
@Suite struct MultipartRelatedTests {
    struct Streamed: Equatable {
        var contentType: String?
        var body: [UInt8] = []
    }

    /// `body` through `StreamParser` in the pieces given (cut at `cuts`).
    static func stream(_ body: [UInt8], boundary: String, cuts: [Int], maxPartBytes: Int = .max,
                       maxHeaderBytes: Int = 64 * 1024) throws -> [Streamed] {
        var parser = MultipartRelated.StreamParser(boundary: boundary, maxPartBytes: maxPartBytes, maxHeaderBytes: maxHeaderBytes)
        var parts: [Streamed] = []
        for (start, end) in zip([0] + cuts, cuts + [body.count]) where start < end {
            try body[start..<end].withUnsafeBytes { bytes in
                try parser.feed(bytes) { event in
                    switch event {
                    case .begin(let type): parts.append(Streamed(contentType: type))
                    case .bytes(let bytes): parts[parts.count - 1].body += bytes
                    case .end: break
                    }
                }
            }
        }
        try parser.finish()
        return parts
    }

    static func whole(_ body: [UInt8], boundary: String) throws -> [Streamed] {
        try MultipartRelated.parse(body, boundary: boundary).map { Streamed(contentType: $0.contentType, body: Array($0.body)) }
    }

    static let sample = Array(("preamble --b\r\n--b1 junk\r\nContent-Type: application/dicom\r\nX-Other: 1\r\n\r\nONE\r\n--b\r\n"
        + "\r\n--b1\r\n\r\nT\r\nW\r\n-O\r\n--b1\r\nContent-Type: a\r\n\r\n\r\n--b1--\r\nepilogue --b1\r\n").utf8)

    @Test func everySplitOfABodyGivesTheWholeBodysParts() throws {
        let expected = try Self.whole(Self.sample, boundary: "b1")
        #expect(expected.map { String(decoding: $0.body, as: UTF8.self) } == ["ONE\r\n--b\r\n", "T\r\nW\r\n-O", ""])
        #expect(expected.map(\.contentType) == ["application/dicom", nil, "a"])
        for cut in 0...Self.sample.count {
            #expect(try Self.stream(Self.sample, boundary: "b1", cuts: [cut]) == expected, "cut at \(cut)")
        }
        for first in 0...Self.sample.count {
            for second in stride(from: first, through: Self.sample.count, by: 3) {
                #expect(try Self.stream(Self.sample, boundary: "b1", cuts: [first, second]) == expected, "cuts at \(first), \(second)")
            }
        }
        #expect(try Self.stream(Self.sample, boundary: "b1", cuts: Array(1..<Self.sample.count)) == expected, "byte by byte")
    }

    @Test func everyTruncationOfABodyFailsAsTheWholeBodyParserDoes() throws {
        let closed = Self.sample.count - "\r\nepilogue --b1\r\n".utf8.count  // just after the closing "--"
        for end in 0..<Self.sample.count {
            let body = Array(Self.sample[..<end])
            let whole = Result { try Self.whole(body, boundary: "b1") }
            for cuts in [[], [end / 2], Array(1..<max(1, end))] {
                let streamed = Result { try Self.stream(body, boundary: "b1", cuts: cuts) }
                switch (whole, streamed) {
                case (.success(let a), .success(let b)):
                    #expect(a == b && end >= closed, "cut at \(end)")
                case (.failure(let a), .failure(let b)):
                    #expect("\(a)" == "\(b)" && end < closed, "cut at \(end)")
                default:
                    Issue.record("cut at \(end): whole \(whole), streamed \(streamed)")
                }
            }
        }
    }

    @Test func aPartOverTheBoundIsRefusedBeforeItEnds() throws {
        let body = Array("--q\r\n\r\n0123456789\r\n--q\r\n\r\n01234567890\r\n--q--".utf8)
        #expect(try Self.stream(body, boundary: "q", cuts: [], maxPartBytes: 11).map(\.body.count) == [10, 11])
        // Fed a byte at a time, the refusal comes with the 11th byte of the second part, not its delimiter.
        var parser = MultipartRelated.StreamParser(boundary: "q", maxPartBytes: 10)
        var fed = 0
        do {
            for byte in body {
                try [byte].withUnsafeBytes { try parser.feed($0) { _ in } }
                fed += 1
            }
            Issue.record("not refused")
        } catch MultipartRelated.Failure.partTooLarge(let limit) {
            #expect(limit == 10)
            #expect(fed == 26 + 10, "refused at byte \(fed)")  // the second part's body starts at 26
        }
        #expect(throws: MultipartRelated.Failure.self) {
            try Self.stream(Array("--q\r\nX: \(String(repeating: "y", count: 100))\r\n".utf8), boundary: "q", cuts: [7], maxHeaderBytes: 50)
        }
    }

    @Test func headersFollowedStraightByTheDelimiterAreAnEmptyPart() throws {
        // The blank line that ends the headers is the delimiter's own CRLF: this used to trap.
        let parts = try MultipartRelated.parse(Array("--q\r\nContent-Type: application/dicom\r\n\r\n--q--".utf8), boundary: "q")
        #expect(parts.count == 1)
        #expect(parts.first?.contentType == "application/dicom")
        #expect(parts.first?.body.isEmpty == true)
        let bare = try MultipartRelated.parse(Array("--q\r\n\r\n--q--".utf8), boundary: "q")
        #expect(bare.count == 1 && bare.first?.body.isEmpty == true)
    }

    @Test func partsKeepTheirBytes() throws {
        let body = "preamble\r\n--b1\r\nContent-Type: application/dicom\r\n\r\nONE\r\n--b1\r\n\r\nTWO\r\n--b1--\r\n"
        let parts = try MultipartRelated.parse(Array(body.utf8), boundary: "b1")
        #expect(parts.map { String(decoding: $0.body, as: UTF8.self) } == ["ONE", "TWO"])
        #expect(parts.map(\.contentType) == ["application/dicom", nil])
    }
}
