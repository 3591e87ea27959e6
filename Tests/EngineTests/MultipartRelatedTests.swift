@testable import Engine
import Testing

/// The STOW-RS body parser on what the fuzzer (Fuzz/MultipartFuzzer.swift) found.
@Suite struct MultipartRelatedTests {
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
