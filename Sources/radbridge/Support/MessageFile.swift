/// Reading HL7 messages out of files written by people: any line ending, several messages per file.
enum MessageFile {
    /// The messages in the file, each starting at an MSH line, with segments ended by CR.
    static func split(_ bytes: [UInt8]) -> [[UInt8]] {
        let text = String(decoding: bytes, as: UTF8.self)
        var messages: [[String]] = []
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\r" || $0 == "\n" }) {
            if line.hasPrefix("MSH") { messages.append([]) }
            guard !messages.isEmpty else { continue }  // batch headers or text before the first MSH
            if line.hasPrefix("BTS") || line.hasPrefix("FTS") { continue }
            messages[messages.count - 1].append(String(line))
        }
        return messages.map { Array(($0.joined(separator: "\r") + "\r").utf8) }
    }

    static func segment(_ name: String, in bytes: [UInt8]) -> String? {
        String(decoding: bytes, as: UTF8.self)
            .split(whereSeparator: { $0 == "\r" || $0 == "\n" })
            .first { $0.hasPrefix(name) }
            .map(String.init)
    }
}
