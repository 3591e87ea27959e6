import DICOM
import Engine
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// STOW-RS bodies stream in (issue 15, "Memory"): over real sockets, a body of hundreds of
/// megabytes made on the fly goes through with the engine's memory growing by a fraction of it;
/// delimiters split across reads; the part and request bounds are answered 413 while the bytes
/// arrive; truncated or malformed bodies are 400; a client that goes away mid-part leaves no
/// temporary file. A refused body stores nothing; the engine serves on after each.
@Suite(.serialized) struct STOWStreamingTests {
    static let studyUID = "1.2.840.113619.2.55.3.2831164356.789.1732264700.1"  // the GE order's
    static let boundary = "stow-streaming-test"
    static let contentType = #"multipart/related; type="application/dicom"; boundary=stow-streaming-test"#

    /// The ADT and the GE order, so that the instances below are filed with it.
    static func start(_ yaml: String) async throws -> RunningEngine {
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: yaml))
        for name in ["adt_a04_register.hl7", "orm_o01_new_ge_zds.hl7"] {
            let reply = try await engine.send(try String(contentsOfFile: Paths.fixture(name), encoding: .utf8))
            #expect(reply.contains("MSA|AA|") || reply.contains("MSA|CA|"), "\(name): \(reply)")
        }
        return engine
    }

    /// CT_small as an instance of the GE order, `pixelBytes` of pixel data when not 0.
    static func instance(sop: String, pixelBytes: Int = 0, study: String = studyUID) throws -> [UInt8] {
        let url = Paths.repository.appendingPathComponent("Tests/Fixtures/dicom/CT_small.dcm")
        var file = try DICOMFile(bytes: [UInt8](Data(contentsOf: url)))
        file.dataSet.set(.patientID, .LO, "MRN100234")
        file.dataSet.set(.accessionNumber, .SH, "ACC20261122001")
        file.dataSet.set(.studyInstanceUID, .UI, study)
        file.dataSet.set(.sopInstanceUID, .UI, sop)
        if pixelBytes > 0 {
            let columns = 512, rows = pixelBytes / 2 / columns
            file.dataSet.set(Tag(0x0028, 0x0010), uint16: UInt16(rows))
            file.dataSet.set(Tag(0x0028, 0x0011), uint16: UInt16(columns))
            file.dataSet[.pixelData] = DataElement(tag: .pixelData, vr: .OW,
                                                   bytes: (0..<(rows * columns * 2)).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        }
        return try DICOMFile(dataSet: file.dataSet, transferSyntax: file.transferSyntax).encoded()
    }

    static func sop(_ number: Int) -> String { "1.2.826.0.1.3680043.10.999.16.\(100_000 + number)" }

    static func partHead(first: Bool, type: String = "application/dicom") -> [UInt8] {
        Array(((first ? "" : "\r\n") + "--\(boundary)\r\nContent-Type: \(type)\r\n\r\n").utf8)
    }

    static let closing = Array("\r\n--\(boundary)--\r\n".utf8)

    static func spool(_ engine: RunningEngine) -> URL {
        engine.directory.appendingPathComponent("instances/.stow-incoming")
    }

    static func spoolFiles(_ engine: RunningEngine) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: spool(engine).path)) ?? []
    }

    static func filedInstances(_ engine: RunningEngine) async throws -> Int {
        let (_, studies) = try await engine.http("GET", "/api/studies")
        return ((studies as? [[String: Any]]) ?? []).compactMap { $0["instances"] as? Int }.reduce(0, +)
    }

    static func expectAlive(_ engine: RunningEngine, after what: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        #expect(try await RawHTTPClient(port: engine.httpPort).send("GET", "/healthz").status == 200, "healthz after \(what)",
                sourceLocation: sourceLocation)
        let reply = try await engine.send(Messages.adt("ALIVE\(UUID().uuidString.prefix(8))", patient: "ALIVE1"))
        #expect(reply.contains("MSA|AA|") || reply.contains("MSA|CA|"), "MLLP after \(what): \(reply)", sourceLocation: sourceLocation)
    }

    static func expectProblem(_ answer: RawHTTPClient.Answer?, _ status: Int, _ title: String, _ what: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        guard let answer else {
            Issue.record("\(what): no answer", sourceLocation: sourceLocation)
            return
        }
        #expect(answer.status == status, "\(what): \(String(decoding: answer.body, as: UTF8.self))", sourceLocation: sourceLocation)
        #expect(answer.contentType == "application/problem+json", "\(what)", sourceLocation: sourceLocation)
        #expect(answer.json["status"] as? Int == status, "\(what)", sourceLocation: sourceLocation)
        #expect(answer.json["title"] as? String == title, "\(what): \(answer.json)", sourceLocation: sourceLocation)
    }

    /// Kilobytes of the process's resident set (`VmRSS`) or its peak (`VmHWM`).
    static func memory(_ field: String) -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.components(separatedBy: "\n").first { $0.hasPrefix(field + ":") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    // MARK: Memory

    /// 220 instances of 1 MiB of pixels, made as they are sent. Every part is spooled, read back and
    /// decoded; one in ten is of the study the URL names and filed, the others are refused as not
    /// of it (0xA900): the content digest of a filed instance is a SHA-256 that takes about a
    /// second a megabyte in a debug build, which would make this test minutes long. (All 220
    /// filed: 232 MB, the same growth, 17 MiB, in 214-255 s on a loaded machine.)
    @Test func aBodyOfHundredsOfMegabytesStreamsThroughInLittleMemory() async throws {
        let count = 220, filedEvery = 10
        let engine = try await Self.start("dicom: { stowMaxBytes: 400000000 }")
        defer { Task { await engine.stop() } }
        // Each part is a copy of a template with its own SOP Instance UID (of the same length).
        let uid = Array(Self.sop(0).utf8)
        func template(study: String) throws -> (bytes: [UInt8], offsets: [Int]) {
            let bytes = try Self.instance(sop: Self.sop(0), pixelBytes: 1 << 20, study: study)
            var offsets: [Int] = []
            while let found = bytes[(offsets.last.map { $0 + uid.count } ?? 0)...].firstRange(of: uid) { offsets.append(found.lowerBound) }
            return (bytes, offsets)
        }
        let filed = try template(study: Self.studyUID), other = try template(study: "1.2.826.0.1.3680043.10.999.16.7")
        #expect(filed.offsets.count == 2 && other.offsets.count == 2)  // the meta header's and the data set's
        let head = Self.partHead(first: false).count
        let length = (0..<count).map { head + ($0 % filedEvery == 0 ? filed : other).bytes.count }.reduce(0, +) - 2 + Self.closing.count
        #expect(length > 220_000_000)
        let next = Locked(0), bodySent = Locked(ContinuousClock.now)
        let source = StreamingHTTPClient.Source {
            let number = next.withLock { value -> Int in
                defer { value += 1 }
                return value
            }
            if number == count {
                bodySent.withLock { $0 = ContinuousClock.now }
                return Self.closing
            }
            if number > count { return nil }
            let template = number % filedEvery == 0 ? filed : other
            var part = template.bytes
            let replacement = Array(Self.sop(number).utf8)
            for offset in template.offsets { part.replaceSubrange(offset..<(offset + uid.count), with: replacement) }
            return Self.partHead(first: number == 0) + part
        }

        // The peak resident set while the body is received and stored: sampled, and the kernel's
        // own high-water mark reset first (clear_refs 5) when that is allowed.
        let before = Self.memory("VmRSS")
        let resetPeak = (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil
        let sampling = Locked(true), sampled = Locked(before)
        let sampler = Thread {
            while sampling.withLock({ $0 }) {
                let now = Self.memory("VmRSS")
                sampled.withLock { $0 = max($0, now) }
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
        sampler.start()
        let started = ContinuousClock.now
        let outcome = try await StreamingHTTPClient(port: engine.httpPort)
            .post("/dicomweb/studies/\(Self.studyUID)", contentType: Self.contentType, contentLength: length, body: source, timeout: 900)
        let elapsed = ContinuousClock.now - started
        sampling.withLock { $0 = false }
        let peak = max(sampled.withLock { $0 }, resetPeak ? Self.memory("VmHWM") : 0)
        let growth = (peak - before) * 1024
        print("STOW of \(length) bytes (\(count) instances) in \(elapsed) (body sent after \(bodySent.withLock { $0 } - started)): resident \(before / 1024) MiB before, peak \(peak / 1024) MiB, "
              + "growth \(growth / 1_048_576) MiB (\(growth * 100 / length)% of the body; kernel peak reset: \(resetPeak))")

        let answer = try #require(outcome.answer)
        #expect(answer.status == 202, "\(String(decoding: answer.body.prefix(500), as: UTF8.self))")
        #expect(outcome.sent == length)
        let referenced = ((answer.json["00081199"] as? [String: Any])?["Value"] as? [[String: Any]]) ?? []
        #expect(referenced.compactMap { ($0["00081155"] as? [String: Any])?["Value"] as? [String] }.flatMap { $0 }
                == stride(from: 0, to: count, by: filedEvery).map(Self.sop))
        let failed = ((answer.json["00081198"] as? [String: Any])?["Value"] as? [[String: Any]]) ?? []
        #expect(failed.count == count - count / filedEvery)
        #expect(failed.allSatisfy { ($0["00081197"] as? [String: Any])?["Value"] as? [Int] == [0xA900] })
        #expect(try await Self.filedInstances(engine) == count / filedEvery)
        // Well below the body: a few parts' worth (the part being stored is held a few times over).
        #expect(growth < length / 8, "resident memory grew by \(growth) bytes for a body of \(length)")
        #expect(Self.spoolFiles(engine).isEmpty)
        try await Self.expectAlive(engine, after: "a large STOW")
    }

    // MARK: Delimiters across reads

    @Test func delimitersAndHeadersSplitAcrossReadsAreFound() async throws {
        let engine = try await Self.start("dicom: { stowMaxBytes: 10000000 }")
        defer { Task { await engine.stop() } }
        // Each piece ends inside a delimiter, a header name or a part's first bytes; sent apart.
        let instances = try (1...3).map { try Self.instance(sop: Self.sop($0)) }
        var body: [UInt8] = Array("a preamble\r\n".utf8)
        var cuts: [Int] = [4]
        for (index, instance) in instances.enumerated() {
            let head = Self.partHead(first: index == 0)
            cuts += [body.count + 3, body.count + head.count - 10, body.count + head.count + 1]
            body += head + instance
        }
        cuts.append(body.count + 5)
        body += Self.closing + Array("an epilogue".utf8)
        let pieces = zip([0] + cuts, cuts + [body.count]).map { Array(body[$0.0..<$0.1]) }
        #expect(pieces.joined().elementsEqual(body))
        let outcome = try await StreamingHTTPClient(port: engine.httpPort)
            .post("/dicomweb/studies", contentType: Self.contentType, contentLength: body.count,
                  body: StreamingHTTPClient.Source(pieces: pieces), pause: 0.05)
        let answer = try #require(outcome.answer)
        #expect(answer.status == 200, "\(String(decoding: answer.body, as: UTF8.self))")
        let referenced = ((answer.json["00081199"] as? [String: Any])?["Value"] as? [[String: Any]]) ?? []
        #expect(referenced.compactMap { ($0["00081155"] as? [String: Any])?["Value"] as? [String] }.flatMap { $0 }
                == (1...3).map(Self.sop))
        #expect(try await Self.filedInstances(engine) == 3)

        // Chunked, one byte a piece through the first part's delimiter and headers.
        let more = try Self.instance(sop: Self.sop(4))
        let second = Self.partHead(first: true) + more + Self.closing
        let split = Self.partHead(first: true).count
        let bytewise = second[..<split].map { [$0] } + [Array(second[split..<(second.count - 30)])] + second[(second.count - 30)...].map { [$0] }
        let chunked = try await StreamingHTTPClient(port: engine.httpPort)
            .post("/dicomweb/studies", contentType: Self.contentType, contentLength: nil, body: StreamingHTTPClient.Source(pieces: bytewise))
        #expect(chunked.answer?.status == 200, "\(chunked.answer.map { String(decoding: $0.body, as: UTF8.self) } ?? "no answer")")
        #expect(try await Self.filedInstances(engine) == 4)
        #expect(Self.spoolFiles(engine).isEmpty)
    }

    // MARK: Bounds

    @Test func aPartOverThePartBoundIsRefusedAsItArrives() async throws {
        let engine = try await Self.start("dicom: { stowMaxBytes: 50000000, stowMaxPartBytes: 200000 }")
        defer { Task { await engine.stop() } }
        // A small instance, then a part of 8 MB announced within the request bound.
        let small = Self.partHead(first: true) + (try Self.instance(sop: Self.sop(1)))
        let large = 8_000_000
        let length = small.count + Self.partHead(first: false).count + large + Self.closing.count
        var pieces = [small, Self.partHead(first: false)]
        pieces += Array(repeating: [UInt8](repeating: 0x41, count: 64 * 1024), count: large / (64 * 1024))
        pieces += [[UInt8](repeating: 0x41, count: large % (64 * 1024)), Self.closing]
        let outcome = try await StreamingHTTPClient(port: engine.httpPort)
            .post("/dicomweb/studies", contentType: Self.contentType, contentLength: length,
                  body: StreamingHTTPClient.Source(pieces: pieces), pause: 0.002)
        Self.expectProblem(outcome.answer, 413, "Part too large", "an 8 MB part over 200 kB")
        #expect((outcome.answer?.json["detail"] as? String)?.contains("200000") == true)
        #expect(outcome.sent < length / 2, "the answer came after \(outcome.sent) of \(length) bytes")
        #expect(try await Self.filedInstances(engine) == 0)  // the small instance before it is not stored either
        #expect(Self.spoolFiles(engine).isEmpty)
        try await Self.expectAlive(engine, after: "a part over the bound")
    }

    @Test func aChunkedBodyOverTheRequestBoundIsRefusedAsItArrives() async throws {
        let engine = try await Self.start("dicom: { stowMaxBytes: 1000000 }")
        defer { Task { await engine.stop() } }
        // No Content-Length to check first: parts of 300 kB until the bound is passed.
        let instance = try Self.instance(sop: Self.sop(1), pixelBytes: 300 * 1024)
        let next = Locked(0)
        let source = StreamingHTTPClient.Source {
            let number = next.withLock { value -> Int in
                defer { value += 1 }
                return value
            }
            return number < 40 ? Self.partHead(first: number == 0) + instance : nil
        }
        let outcome = try await StreamingHTTPClient(port: engine.httpPort)
            .post("/dicomweb/studies", contentType: Self.contentType, contentLength: nil, body: source, pause: 0.01)
        Self.expectProblem(outcome.answer, 413, "Request too large", "a chunked body over 1 MB")
        #expect(outcome.sent < 40 * instance.count / 2, "the answer came after \(outcome.sent) bytes")
        #expect(try await Self.filedInstances(engine) == 0)
        #expect(Self.spoolFiles(engine).isEmpty)
        try await Self.expectAlive(engine, after: "a chunked body over the bound")
    }

    // MARK: Broken bodies

    @Test func truncatedAndMalformedBodiesAre400AndStoreNothing() async throws {
        let engine = try await Self.start("dicom: { stowMaxBytes: 50000000 }")
        defer { Task { await engine.stop() } }
        // Large enough that the parts went to temporary files before the body turned out broken.
        let instance = try Self.instance(sop: Self.sop(1), pixelBytes: 2 << 20)
        let whole = Self.partHead(first: true) + instance + Self.partHead(first: false) + instance
        let bodies: [(String, [UInt8], String)] = [
            ("no closing delimiter", whole, "not closed"),
            ("cut inside the second part", Array(whole.dropLast(1000)), "not closed"),
            ("cut inside a delimiter", Array((Self.partHead(first: true) + instance + Self.closing).dropLast(8)), "not closed"),
            ("headers that never end", Array("--\(Self.boundary)\r\nContent-Type: application/dicom\r\n".utf8) + instance, "headers"),
            ("no boundary at all", instance, "does not start with the boundary"),
        ]
        for (what, body, detail) in bodies {
            for chunked in [false, true] {
                let pieces = stride(from: 0, to: body.count, by: 256 * 1024).map { Array(body[$0..<min(body.count, $0 + 256 * 1024)]) }
                let outcome = try await StreamingHTTPClient(port: engine.httpPort)
                    .post("/dicomweb/studies", contentType: Self.contentType, contentLength: chunked ? nil : body.count,
                          body: StreamingHTTPClient.Source(pieces: pieces))
                Self.expectProblem(outcome.answer, 400, "Invalid multipart body", "\(what), chunked: \(chunked)")
                #expect((outcome.answer?.json["detail"] as? String)?.contains(detail) == true,
                        "\(what): \(outcome.answer.map { String(decoding: $0.body, as: UTF8.self) } ?? "")")
                #expect(Self.spoolFiles(engine).isEmpty, "\(what)")
            }
        }
        #expect(try await Self.filedInstances(engine) == 0)
        try await Self.expectAlive(engine, after: "broken bodies")
    }

    @Test func aClientThatGoesAwayMidPartLeavesNoTemporaryFile() async throws {
        let engine = try await Self.start("dicom: { stowMaxBytes: 50000000 }")
        defer { Task { await engine.stop() } }
        let spool = Self.spool(engine)
        let instance = try Self.instance(sop: Self.sop(1), pixelBytes: 4 << 20)
        let first = Self.partHead(first: true) + (try Self.instance(sop: Self.sop(2)))
        let second = Self.partHead(first: false) + instance
        // The first part whole, then the second's first 3 MiB (past the memory budget: in a file)
        // in pieces; the source waits for the temporary file to appear before it goes on.
        let seen = Locked<(file: String?, mode: Int, directoryMode: Int)>((nil, 0, 0))
        let next = Locked(0)
        let piece = 256 * 1024
        let source = StreamingHTTPClient.Source {
            let number = next.withLock { value -> Int in
                defer { value += 1 }
                return value
            }
            if number == 0 { return first }
            let start = (number - 1) * piece
            if start >= 3 << 20 {
                let deadline = Date().addingTimeInterval(20)
                while Date() < deadline {
                    if let name = ((try? FileManager.default.contentsOfDirectory(atPath: spool.path)) ?? []).first {
                        func mode(_ path: String) -> Int {
                            ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue ?? -1
                        }
                        seen.withLock { $0 = (name, mode(spool.appendingPathComponent(name).path), mode(spool.path)) }
                        break
                    }
                    Thread.sleep(forTimeInterval: 0.05)
                }
            }
            return Array(second[start..<min(second.count, start + piece)])
        }
        let length = first.count + second.count + Self.closing.count
        let outcome = try await StreamingHTTPClient(port: engine.httpPort)
            .post("/dicomweb/studies", contentType: Self.contentType, contentLength: length, body: source,
                  disconnectAfter: first.count + (3 << 20) + 1000)
        #expect(outcome.answer == nil)
        let held = seen.withLock { $0 }
        #expect(held.file?.hasSuffix(".part") == true, "no temporary file while the part arrived")
        #expect(held.mode == 0o600 && held.directoryMode == 0o700, "modes \(String(held.mode, radix: 8)), \(String(held.directoryMode, radix: 8))")
        // Once the server has seen the connection go, the temporary file is gone.
        let deadline = ContinuousClock.now + .seconds(20)
        while !Self.spoolFiles(engine).isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(Self.spoolFiles(engine).isEmpty, "left: \(Self.spoolFiles(engine))")
        #expect(try await Self.filedInstances(engine) == 0)
        try await Self.expectAlive(engine, after: "a client that went away")
    }

    @Test func temporaryFilesACrashLeftAreRemovedAtStart() async throws {
        let engine = try await Self.start("dicom: { stowMaxBytes: 50000000 }")
        let spool = Self.spool(engine)
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        let leftover = spool.appendingPathComponent("1-0b1c9a8e-0000-4000-8000-000000000000.part")  // pid 1 is never the engine
        try Data([1, 2, 3]).write(to: leftover)
        let restarted = try await engine.restart()
        defer { Task { await restarted.stop() } }
        #expect(!FileManager.default.fileExists(atPath: leftover.path))
    }
}

/// A value behind a lock, for the source closures and the sampler (they run on threads of their own).
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
