/// The contents of a file or stream that may hold several messages: each message starts with an
/// `MSH` segment; `FHS`/`BHS`/`BTS`/`FTS` batch envelope segments and blank lines between messages
/// are kept as `other` chunks so the whole input re-encodes as it was. MLLP frame bytes (0x0B,
/// 0x1C) and a UTF-8 byte order mark are dropped.
public struct HL7Batch: Sendable {
    public enum Chunk: Sendable {
        case message(HL7Message)
        /// Envelope segments or blank lines, without their terminators.
        case other([ArraySlice<UInt8>])
    }

    public private(set) var chunks: [Chunk] = []

    public var messages: [HL7Message] {
        chunks.compactMap { if case .message(let m) = $0 { return m } else { return nil } }
    }

    /// Splits and parses. Throws when the input holds no message at all, when something other
    /// than envelope segments or blank lines precedes the first `MSH`, or when a message's
    /// header cannot be read.
    public init(bytes input: [UInt8]) throws(HL7ParseError) {
        let lines = Self.lines(of: input)
        guard lines.contains(where: { !Self.isBlank($0) }) else { throw .empty }
        var other: [ArraySlice<UInt8>] = []
        var messageLines: [ArraySlice<UInt8>] = []
        func flushMessage() throws(HL7ParseError) {
            // Blank lines after a message's last segment belong between messages.
            var trailing: [ArraySlice<UInt8>] = []
            while let last = messageLines.last, Self.isBlank(last) { trailing.insert(messageLines.removeLast(), at: 0) }
            if !messageLines.isEmpty {
                chunks.append(.message(try HL7Message(storage: Self.join(messageLines))))
            }
            messageLines = []
            other.append(contentsOf: trailing)
        }
        func flushOther() {
            if !other.isEmpty { chunks.append(.other(other)) }
            other = []
        }
        for line in lines {
            let name = Self.name(of: line)
            if name == "MSH" {
                try flushMessage()
                flushOther()
                messageLines = [line]
            } else if ["FHS", "BHS", "BTS", "FTS"].contains(name) {
                try flushMessage()
                other.append(line)
            } else if !messageLines.isEmpty {
                messageLines.append(line)
            } else if Self.isBlank(line) {
                other.append(line)
            } else {
                let shown = String(decoding: line.prefix(3), as: UTF8.self)
                throw .noHeader(chunks.isEmpty && !lines.contains(where: { Self.name(of: $0) == "MSH" })
                    ? "the input holds no message header (first segment: '\(Self.printable(shown))')"
                    : "segment '\(Self.printable(shown))' appears outside any message")
            }
        }
        try flushMessage()
        flushOther()
        guard !messages.isEmpty else { throw .noHeader("the input holds only batch envelope segments") }
    }

    /// Every chunk again, each segment terminated by `\r`.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        for chunk in chunks {
            switch chunk {
            case .message(let m): out.append(contentsOf: m.encoded())
            case .other(let lines):
                for line in lines {
                    out.append(contentsOf: line)
                    out.append(0x0D)
                }
            }
        }
        return out
    }

    /// Segments split on `\r`, `\n` or `\r\n`, with frame bytes and a byte order mark removed.
    static func lines(of input: [UInt8]) -> [ArraySlice<UInt8>] {
        var bytes = input
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { bytes.removeFirst(3) }
        if bytes.contains(0x0B) || bytes.contains(0x1C) { bytes.removeAll { $0 == 0x0B || $0 == 0x1C } }
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0D || b == 0x0A {
                lines.append(bytes[start..<i])
                if b == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                start = i + 1
            }
            i += 1
        }
        if start < bytes.count { lines.append(bytes[start...]) }
        return lines
    }

    private static func join(_ lines: [ArraySlice<UInt8>]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(lines.reduce(0) { $0 + $1.count + 1 })
        for line in lines {
            out.append(contentsOf: line)
            out.append(0x0D)
        }
        return out
    }

    private static func name(of line: ArraySlice<UInt8>) -> String {
        guard line.count >= 3 else { return "" }
        return String(decoding: line.prefix(3), as: UTF8.self)
    }

    private static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x00 }
    }

    private static func printable(_ s: String) -> String {
        String(s.unicodeScalars.map { $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" })
    }
}
