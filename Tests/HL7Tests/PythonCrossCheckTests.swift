import Foundation
import Testing
@testable import HL7

/// Compares what we read with what the python `hl7` library reads, on every fixture: every field's
/// ER7 text, every leaf value (subcomponent) we find and every component that holds subcomponents,
/// read through the same paths as `radbridge hl7 get`. scripts/bootstrap installs the library.
@Suite struct PythonCrossCheckTests {
    struct Query {
        var file: String
        var location: String
        var ours: String
    }

    @Test func pythonHL7ReadsWhatWeRead() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("radbridge-xcheck-\(getpid())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        var requests: [[String: Any]] = []
        var rawQueries: [[Query]] = []
        var valueQueries: [[Query]] = []
        var skippedFormatting = 0
        var componentsWithSubcomponents = 0
        let folders = Fixtures.wellFormedFiles + Fixtures.files(in: Fixtures.sharedPublic).filter { !$0.lastPathComponent.contains("MALFORMED") }
        for file in folders {
            let batch = try HL7Batch(bytes: Array(Data(contentsOf: file)))
            for (k, message) in batch.messages.enumerated() {
                let path = scratch.appendingPathComponent("\(requests.count).hl7")
                // python-hl7 splits segments on \r only and fails on blank lines: give it the
                // message without them (they carry nothing; occurrences below skip them too).
                let lines = message.segments.filter { !$0.isBlank }.map { Array($0.rawBytes) + [0x0D] }
                try Data(lines.flatMap { $0 }).write(to: path)
                var raw: [[Any]] = [], rawQ: [Query] = [], values: [String] = [], valueQ: [Query] = []
                var occurrences: [String: Int] = [:]
                for segment in message.segments where !segment.isBlank {
                    let name = segment.name
                    occurrences[name, default: 0] += 1
                    let occ = occurrences[name]!
                    let label = "\(file.lastPathComponent)#\(k + 1)"
                    for (f, field) in segment.fields.enumerated() {
                        raw.append([name, occ, f + 1])
                        rawQ.append(Query(file: label, location: "\(name)[\(occ)]-\(f + 1)", ours: field.raw))
                        guard field.level == .field, Self.isSegmentName(name) else { continue }
                        for (r, rep) in field.children.enumerated() {
                            for (c, comp) in rep.children.enumerated() {
                                // Read through the paths `hl7 get` uses: every leaf, and each component
                                // that holds subcomponents (which both read as its first subcomponent).
                                let component = try HL7Path(segment: name, occurrence: occ, field: f + 1, repetition: r + 1, component: c + 1)
                                let subs = comp.children
                                for (s, sub) in subs.enumerated() {
                                    if Self.hasFormattingEscape(sub) { skippedFormatting += 1; continue }
                                    // A lone escape character: python-hl7 drops the rest of the value, we keep it.
                                    if !HL7Escaping.unterminatedEscapes(in: sub.rawBytes, message.delimiters).isEmpty { continue }
                                    var leaf = component
                                    leaf.subcomponent = s + 1
                                    values.append("\(name)\(occ).F\(f + 1).R\(r + 1).C\(c + 1).S\(s + 1)")
                                    valueQ.append(Query(file: label, location: values.last!, ours: message.value(at: leaf) ?? "<absent>"))
                                    if s == 0, subs.count > 1 {
                                        values.append("\(name)\(occ).F\(f + 1).R\(r + 1).C\(c + 1)")
                                        valueQ.append(Query(file: label, location: values.last!, ours: message.value(at: component) ?? "<absent>"))
                                        componentsWithSubcomponents += 1
                                    }
                                }
                            }
                        }
                    }
                }
                requests.append(["message": path.path, "encoding": message.characterSet == .latin1 ? "latin-1" : "utf-8",
                                 "raw": raw, "values": values])
                rawQueries.append(rawQ)
                valueQueries.append(valueQ)
            }
        }

        let payload = try JSONSerialization.data(withJSONObject: requests)
        let output = try await offPool { try Self.runPython(payload) }
        let answers = try JSONSerialization.jsonObject(with: output) as! [[String: Any]]
        try #require(answers.count == requests.count)
        var compared = 0
        for (i, answer) in answers.enumerated() {
            let pyRaw = answer["raw"] as! [String], pyValues = answer["values"] as! [String]
            for (q, py) in zip(rawQueries[i], pyRaw) where !Self.sameModuloStrip(q.ours, py, isLast: q.location == rawQueries[i].last?.location) {
                Issue.record("\(q.file) \(q.location): ours \(q.ours.debugDescription), python \(py.debugDescription)")
            }
            for (q, py) in zip(valueQueries[i], pyValues) where !Self.sameModuloStrip(q.ours, py, isLast: q.location == valueQueries[i].last?.location) {
                Issue.record("\(q.file) \(q.location): ours \(q.ours.debugDescription), python \(py.debugDescription)")
            }
            compared += pyRaw.count + pyValues.count
        }
        #expect(compared > 5_000)
        #expect(componentsWithSubcomponents > 20)
        #expect(skippedFormatting < 60)
    }

    /// python-hl7 strips the whole message, so the very last value loses trailing whitespace.
    static func sameModuloStrip(_ ours: String, _ python: String, isLast: Bool) -> Bool {
        ours == python || (isLast && ours.trimmingCharacters(in: .whitespaces) == python)
    }

    /// `\H\ \N\ \.br\` and the other formatting commands are display hints that python-hl7 maps to
    /// `_` and `\r`, and we to nothing and `\n`: such leaves are compared by the escape tests instead.
    static func hasFormattingEscape(_ element: HL7Element) -> Bool {
        guard let esc = element.message.delimiters.escape else { return false }
        let raw = Array(element.rawBytes)
        var i = 0
        while i < raw.count {
            if raw[i] == esc, let close = raw[(i + 1)...].firstIndex(of: esc) {
                let body = String(decoding: raw[(i + 1)..<close], as: UTF8.self)
                if !["F", "S", "T", "R", "E"].contains(body) && !body.hasPrefix("X") { return true }
                i = close + 1
            } else {
                i += 1
            }
        }
        return false
    }

    /// python-hl7's accessor keys need a three-character segment name.
    static func isSegmentName(_ name: String) -> Bool {
        name.utf8.count == 3 && name.utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) }
    }

    /// The script's JSON answer.
    static func runPython(_ payload: Data) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Fixtures.repositoryRoot.appendingPathComponent("Tests/Interop/python_hl7_extract.py").path]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let writer = Thread { try? input.fileHandleForWriting.write(contentsOf: payload); try? input.fileHandleForWriting.close() }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CrossCheckError(message: "python3 failed (is the hl7 package installed? run scripts/bootstrap): \(stderr)")
        }
        return data
    }

    struct CrossCheckError: Error { let message: String }
}
