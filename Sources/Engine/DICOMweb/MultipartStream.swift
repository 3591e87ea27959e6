import Foundation

extension MultipartRelated {
    /// What `StreamParser` reports, in body order: a part's start (once its headers are read), its
    /// bytes (any number of times, valid only during the call) and its end.
    enum StreamEvent {
        case begin(contentType: String?)
        case bytes(UnsafeRawBufferPointer)
        case end
    }

    /// `multipart/related` parsed as it arrives, chunk by chunk, holding back only what may still
    /// turn out to be a delimiter (fewer bytes than the delimiter) and a part's headers: memory does
    /// not grow with the body or its parts. It finds exactly the parts `ranges(in:boundary:)` finds
    /// in the whole body, and fails where it fails, whatever the chunks (Fuzz/MultipartFuzzer.swift
    /// checks both on random splits); beyond that it refuses a part over `maxPartBytes`
    /// (`partTooLarge`, as soon as the bytes arrive) and headers over `maxHeaderBytes`.
    /// Foundation only (no NIO): the fuzzer compiles it with MultipartRelated.swift.
    struct StreamParser {
        let maxPartBytes: Int
        let maxHeaderBytes: Int
        private let delimiter: [UInt8]
        private var state: State
        /// Bytes of the current part reported so far.
        private var partBytes = 0
        /// Parts begun so far.
        private(set) var parts = 0

        private enum State {
            /// Before the first `--boundary` (anywhere: the preamble is ignored).
            case preamble(Matcher)
            /// Right after a boundary: `--` ends the body, anything else is the rest of its line.
            case afterBoundary([UInt8])
            /// The rest of a boundary line, up to its CRLF.
            case boundaryLine(Matcher)
            /// A part's headers, starting with the CRLF that ended the boundary line.
            case headers(HeaderBuffer)
            /// A part's body, up to the next delimiter.
            case body(Matcher)
            /// After the closing boundary: ignored.
            case epilogue
        }

        /// The header bytes read so far and how far each search has looked.
        private struct HeaderBuffer {
            var bytes: [UInt8] = [0x0D, 0x0A]
            var headerEnd: Int?
            var searchedHeaderEnd = 0
            var searchedDelimiter = 2
        }

        init(boundary: String, maxPartBytes: Int = .max, maxHeaderBytes: Int = 64 * 1024) {
            self.maxPartBytes = maxPartBytes
            self.maxHeaderBytes = maxHeaderBytes
            delimiter = Array("\r\n--\(boundary)".utf8)
            state = .preamble(Matcher(Array("--\(boundary)".utf8)))
        }

        /// Parses `chunk`, the next bytes of the body, reporting what it completes to `handle`.
        mutating func feed(_ chunk: UnsafeRawBufferPointer, _ handle: (StreamEvent) throws -> Void) throws {
            var rest = chunk
            while !rest.isEmpty {
                switch state {
                case .preamble(var matcher):
                    let matched = matcher.scan(rest) { _ in }
                    guard let matched else { state = .preamble(matcher); return }
                    state = .afterBoundary([])
                    rest = UnsafeRawBufferPointer(rebasing: rest[matched...])
                case .afterBoundary(var lead):
                    let taken = min(2 - lead.count, rest.count)
                    lead += rest[0..<taken]
                    rest = UnsafeRawBufferPointer(rebasing: rest[taken...])
                    guard lead.count == 2 else { state = .afterBoundary(lead); return }
                    if lead == [0x2D, 0x2D] { state = .epilogue; return }
                    // Not the closing "--": the two bytes are the start of the boundary line.
                    var line = Matcher([0x0D, 0x0A])
                    if lead.withUnsafeBytes({ line.scan($0) { _ in } }) != nil {
                        state = .headers(HeaderBuffer())  // the two bytes were the CRLF
                    } else {
                        state = .boundaryLine(line)
                    }
                case .boundaryLine(var line):
                    let matched = line.scan(rest) { _ in }
                    guard let matched else { state = .boundaryLine(line); return }
                    state = .headers(HeaderBuffer())
                    rest = UnsafeRawBufferPointer(rebasing: rest[matched...])
                case .headers(var buffer):
                    state = .epilogue  // while `buffer` grows, so that it is not copied
                    // In slices, so that headers that never end are refused at their bound.
                    let appendedAt = buffer.bytes.count
                    buffer.bytes += rest[0..<min(rest.count, 4096)]
                    guard let resume = try headers(&buffer, appendedAt: appendedAt, handle) else {
                        state = .headers(buffer)
                        rest = UnsafeRawBufferPointer(rebasing: rest[(buffer.bytes.count - appendedAt)...])
                        continue
                    }
                    // The part is decided (`headers` set the state): the bytes after `resume` are parsed again.
                    rest = UnsafeRawBufferPointer(rebasing: rest[(resume - appendedAt)...])
                case .body(var matcher):
                    var reported: (any Error)?
                    let matched = matcher.scan(rest) { bytes in
                        guard reported == nil else { return }
                        do { try report(bytes, handle) } catch { reported = error }
                    }
                    if let reported { throw reported }
                    guard let matched else { state = .body(matcher); return }
                    try handle(.end)
                    state = .afterBoundary([])
                    rest = UnsafeRawBufferPointer(rebasing: rest[matched...])
                case .epilogue:
                    return
                }
            }
        }

        /// The body has ended: throws unless it ended with the closing boundary (or after it).
        func finish() throws {
            switch state {
            case .preamble: throw Failure.noOpeningBoundary
            case .afterBoundary, .boundaryLine, .headers, .body: throw Failure.unterminatedPart
            case .epilogue: return
            }
        }

        /// Decides a part once its headers and what follows them are known, or returns nil while
        /// more bytes are needed. Decided, it returns where in `buffer` parsing goes on (never before
        /// the bytes just added), having set the state and reported what came before.
        /// As `ranges`: the body ends at the first delimiter after the boundary line; the headers at
        /// the first blank line (its CRLF may be the boundary line's), which must come before it.
        private mutating func headers(_ buffer: inout HeaderBuffer, appendedAt: Int, _ handle: (StreamEvent) throws -> Void) throws -> Int? {
            let n = delimiter.count
            let count = buffer.bytes.count
            if buffer.headerEnd == nil {
                buffer.headerEnd = Self.find([0x0D, 0x0A, 0x0D, 0x0A], in: buffer.bytes, from: buffer.searchedHeaderEnd)
                buffer.searchedHeaderEnd = max(0, count - 3)
            }
            let end = Self.find(delimiter, in: buffer.bytes, from: buffer.searchedDelimiter)
            buffer.searchedDelimiter = max(2, count - n + 1)
            if let end {
                // The delimiter's last byte was just added: `end + n` is past what was there before.
                guard let headerEnd = buffer.headerEnd, headerEnd < end else { throw Failure.noHeaderEnd }
                try begin(buffer.bytes, headerEnd: headerEnd, handle)
                try buffer.bytes[min(headerEnd + 4, end)..<end].withUnsafeBytes { try report($0, handle) }
                try handle(.end)
                state = .afterBoundary([])
                return end + n
            }
            guard let headerEnd = buffer.headerEnd else {
                if count - 2 > maxHeaderBytes { throw Failure.headersTooLarge(maxHeaderBytes) }
                return nil
            }
            // No delimiter yet; one could still start at headerEnd + 2 (an empty body) until its last
            // byte is here. Starting anywhere later, the body's own search finds it.
            guard count >= headerEnd + 2 + n else { return nil }
            try begin(buffer.bytes, headerEnd: headerEnd, handle)
            var matcher = Matcher(delimiter)
            let start = headerEnd + 4
            if start < appendedAt {
                // Body bytes that were in the buffer before this slice (no delimiter among them).
                var reported: (any Error)?
                let matched = buffer.bytes[start..<appendedAt].withUnsafeBytes { bytes in
                    matcher.scan(bytes) { piece in
                        guard reported == nil else { return }
                        do { try report(piece, handle) } catch { reported = error }
                    }
                }
                if let reported { throw reported }
                precondition(matched == nil, "a delimiter the search did not find")
            }
            state = .body(matcher)
            return max(start, appendedAt)
        }

        private mutating func begin(_ bytes: [UInt8], headerEnd: Int, _ handle: (StreamEvent) throws -> Void) throws {
            parts += 1
            partBytes = 0
            try handle(.begin(contentType: MultipartRelated.contentType(headers: bytes[min(2, headerEnd)..<headerEnd])))
        }

        private mutating func report(_ bytes: UnsafeRawBufferPointer, _ handle: (StreamEvent) throws -> Void) throws {
            guard !bytes.isEmpty else { return }
            partBytes += bytes.count
            if partBytes > maxPartBytes { throw Failure.partTooLarge(maxPartBytes) }
            try handle(.bytes(bytes))
        }

        private static func find(_ needle: [UInt8], in hay: [UInt8], from start: Int) -> Int? {
            hay.withUnsafeBytes { hay in needle.withUnsafeBytes { Matcher.find($0, in: hay, from: start) } }
        }
    }

    /// The first occurrence of a needle in a stream given in chunks: bytes that cannot begin one
    /// are passed on, the rest (a proper prefix of the needle, so fewer bytes than it) held back.
    struct Matcher {
        let needle: [UInt8]
        private var held: [UInt8] = []

        init(_ needle: [UInt8]) {
            precondition(!needle.isEmpty)
            self.needle = needle
        }

        /// Scans the next chunk; every byte before the needle goes to `pass` (in order, in pieces).
        /// Returns the offset in `chunk` just after the needle, or nil when it has not ended in it.
        mutating func scan(_ chunk: UnsafeRawBufferPointer, pass: (UnsafeRawBufferPointer) -> Void) -> Int? {
            let n = needle.count
            if !held.isEmpty {
                // A needle that starts in the held bytes: the earliest start that still fits.
                for start in 0..<held.count {
                    let tail = held.count - start
                    guard held[start...].elementsEqual(needle[0..<tail]) else { continue }
                    let available = min(n - tail, chunk.count)
                    guard needle.withUnsafeBytes({ Self.equal(chunk, 0, $0, tail, available) }) else { continue }
                    if start > 0 { held.withUnsafeBytes { pass(UnsafeRawBufferPointer(rebasing: $0[0..<start])) } }
                    if available == n - tail {
                        held.removeAll(keepingCapacity: true)
                        return available
                    }
                    held.removeFirst(start)
                    held += chunk
                    return nil
                }
                held.withUnsafeBytes { pass($0) }
                held.removeAll(keepingCapacity: true)
            }
            if let found = needle.withUnsafeBytes({ Self.find($0, in: chunk, from: 0) }) {
                if found > 0 { pass(UnsafeRawBufferPointer(rebasing: chunk[0..<found])) }
                return found + n
            }
            // The longest end of the chunk the needle could start with.
            var keep = min(n - 1, chunk.count)
            while keep > 0, !needle.withUnsafeBytes({ Self.equal(chunk, chunk.count - keep, $0, 0, keep) }) { keep -= 1 }
            if chunk.count > keep { pass(UnsafeRawBufferPointer(rebasing: chunk[0..<(chunk.count - keep)])) }
            held += chunk[(chunk.count - keep)...]
            return nil
        }

        private static func equal(_ a: UnsafeRawBufferPointer, _ at: Int, _ b: UnsafeRawBufferPointer, _ from: Int, _ count: Int) -> Bool {
            count == 0 || memcmp(a.baseAddress! + at, b.baseAddress! + from, count) == 0
        }

        /// The first `needle` in `hay` at or after `start`.
        static func find(_ needle: UnsafeRawBufferPointer, in hay: UnsafeRawBufferPointer, from start: Int) -> Int? {
            guard !needle.isEmpty, start >= 0, hay.count - start >= needle.count, let base = hay.baseAddress else { return nil }
            // memchr for the first byte, memcmp for the rest (memmem is not in Glibc's module).
            let first = Int32(needle[0])
            let last = hay.count - needle.count
            var at = start
            while at <= last {
                guard let hit = memchr(base + at, first, last - at + 1) else { return nil }
                at = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + at, needle.baseAddress!, needle.count) == 0 { return at }
                at += 1
            }
            return nil
        }
    }
}
