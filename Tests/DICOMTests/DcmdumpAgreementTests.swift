import DICOM
import Foundation
import TestSupport
import Testing

/// Our dump and DCMTK's dcmdump must list the same elements with the same VRs and values.
@Suite struct DcmdumpAgreementTests {
    struct Line: Equatable, CustomStringConvertible {
        let tag: String
        let vr: String
        let value: String
        var description: String { "\(tag) \(vr) \(value)" }
    }

    static let dcmdump = "/usr/bin/dcmdump"

    @Test(arguments: Fixtures.readable)
    func fixtureAgreesWithDcmdump(name: String) async throws {
        try await compare(Fixtures.url(name))
    }

    @Test(.enabled(if: !Fixtures.sharedWorklists.isEmpty, "needs ../shared (GPL worklists are not copied into the repository)"))
    func sharedWorklistsAgreeWithDcmdump() async throws {
        for url in Fixtures.sharedWorklists { try await compare(url) }
    }

    private func compare(_ url: URL) async throws {
        let file = try DICOMFile(bytes: [UInt8](Data(contentsOf: url)))
        let ours = Self.parse(DataSetDumper(maximumValueLength: nil).dump(file))
        // +U8 converts text to UTF-8 as we decode it; DCMTK's iconv cannot do ISO 2022 IR 87 or
        // charsets we keep as bytes, so those files are compared in raw form (non-ASCII values skipped).
        let terms = file.dataSet.characterSet.terms
        let convert = !terms.isEmpty && file.dataSet.characterSet.unsupportedTerms.isEmpty && !terms.contains { $0.contains("2022") }
        let result = try await ExternalTool.run(Self.dcmdump, ["-Un", "+L"] + (convert ? ["+U8"] : []) + [url.path])
        #expect(result.status == 0, "dcmdump failed on \(url.lastPathComponent): \(result.stderr)")
        let theirs = Self.parse(String(decoding: result.stdout, as: UTF8.self))
        #expect(ours.count > 5, "\(url.lastPathComponent): too few elements to compare")
        #expect(ours.count == theirs.count, "\(url.lastPathComponent): \(ours.count) elements vs dcmdump \(theirs.count)")
        for (mine, reference) in zip(ours, theirs) {
            #expect(mine.tag == reference.tag, "\(url.lastPathComponent): \(mine) vs \(reference)")
            guard mine.tag == reference.tag else { return }
            let privateTag = (Int(mine.tag.dropFirst().prefix(4), radix: 16) ?? 0) % 2 == 1
            if !privateTag || file.transferSyntax.isExplicitVR {
                #expect(mine.vr == reference.vr, "\(url.lastPathComponent): \(mine) vs \(reference)")
            }
            if privateTag && mine.vr != reference.vr { continue }
            if convert && mine.tag == "(0008,0005)" { continue }  // +U8 rewrites it to ISO_IR 192
            #expect(Self.sameValue(mine, reference), "\(url.lastPathComponent): \(mine) vs \(reference)")
        }
    }

    static func sameValue(_ a: Line, _ b: Line) -> Bool {
        if a.value == b.value { return true }
        if !a.value.allSatisfy(\.isASCII) || !b.value.allSatisfy(\.isASCII) { return true }
        if a.value.hasPrefix("(") && b.value.hasPrefix("(") { return true }  // structure lines: (Sequence ...), (Item ...)
        if a.vr == "FL" || a.vr == "FD" || a.vr == "OF" || a.vr == "OD" {
            let x = a.value.split(separator: "\\").compactMap { Double($0) }
            let y = b.value.split(separator: "\\").compactMap { Double($0) }
            return x.count == y.count && zip(x, y).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($0)) }
        }
        return false
    }

    /// Element lines of either dump; delimitation items (which we do not print) are dropped.
    static func parse(_ text: String) -> [Line] {
        text.split(separator: "\n").compactMap { raw -> Line? in
            let line = raw.drop { $0 == " " }
            guard line.hasPrefix("("), line.count > 15, let hash = line.range(of: " #", options: .backwards) else { return nil }
            let tag = String(line.prefix(11)).lowercased()
            if tag == "(fffe,e00d)" || tag == "(fffe,e0dd)" { return nil }
            let vr = String(line.dropFirst(12).prefix(2))
            let value = line[line.index(line.startIndex, offsetBy: 15)..<hash.lowerBound].trimmingCharacters(in: .whitespaces)
            return Line(tag: tag, vr: vr, value: value)
        }
    }
}
