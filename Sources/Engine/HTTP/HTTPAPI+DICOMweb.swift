import DICOM
import Foundation
import Hummingbird
import Store
import Workflow

/// DICOMweb under `/dicomweb` (PS3.18): QIDO-RS search, WADO-RS retrieve, metadata, bulk data and
/// rendered frames, and STOW-RS store through the same reception as C-STORE.
extension HTTPAPI {
    static func dicomwebRoutes(workflow: WorkflowService,
                               index: any InstanceIndexStore, instances directory: URL, maxRequestBytes: Int,
                               maxPartBytes: Int = .max) -> RouteCollection<RadBridgeRequestContext> {
        let routes = RouteCollection(context: RadBridgeRequestContext.self)
        STOWSpool.removeLeftovers(instances: directory)
        let limits = STOWLimits(request: maxRequestBytes, part: min(maxPartBytes, maxRequestBytes))
        let studies = "/dicomweb/studies"
        let series = studies + "/:study/series"
        let instances = series + "/:series/instances"

        // QIDO-RS
        routes.get(RouterPath(studies)) { request, _ in
            try await search(request, workflow: workflow, index: index, level: .study)
        }
        routes.get("/dicomweb/series") { request, _ in
            try await search(request, workflow: workflow, index: index, level: .series)
        }
        routes.get("/dicomweb/instances") { request, _ in
            try await search(request, workflow: workflow, index: index, level: .instance)
        }
        routes.get(RouterPath(series)) { request, context in
            try await search(request, workflow: workflow, index: index, level: .series, study: try uid(context, "study"))
        }
        routes.get(RouterPath(studies + "/:study/instances")) { request, context in
            try await search(request, workflow: workflow, index: index, level: .instance, study: try uid(context, "study"))
        }
        routes.get(RouterPath(instances)) { request, context in
            try await search(request, workflow: workflow, index: index, level: .instance,
                             study: try uid(context, "study"), series: try uid(context, "series"))
        }

        // WADO-RS
        routes.get(RouterPath(studies + "/:study")) { request, context in
            let found = try DICOMwebInstances(state: await workflow.state, directory: directory).locate(study: try uid(context, "study"))
            return try retrieve(found, request: request)
        }
        routes.get(RouterPath(series + "/:series")) { request, context in
            let found = try DICOMwebInstances(state: await workflow.state, directory: directory)
                .locate(study: try uid(context, "study"), series: try uid(context, "series"))
            return try retrieve(found, request: request)
        }
        routes.get(RouterPath(instances + "/:instance")) { request, context in
            let found = try DICOMwebInstances(state: await workflow.state, directory: directory)
                .locate(study: try uid(context, "study"), series: try uid(context, "series"), instance: try uid(context, "instance"))
            return try retrieve(found, request: request)
        }
        routes.get(RouterPath(studies + "/:study/metadata")) { request, context in
            let found = try DICOMwebInstances(state: await workflow.state, directory: directory).locate(study: try uid(context, "study"))
            return try metadata(found, request: request)
        }
        routes.get(RouterPath(series + "/:series/metadata")) { request, context in
            let found = try DICOMwebInstances(state: await workflow.state, directory: directory)
                .locate(study: try uid(context, "study"), series: try uid(context, "series"))
            return try metadata(found, request: request)
        }
        routes.get(RouterPath(instances + "/:instance/metadata")) { request, context in
            let found = try DICOMwebInstances(state: await workflow.state, directory: directory)
                .locate(study: try uid(context, "study"), series: try uid(context, "series"), instance: try uid(context, "instance"))
            return try metadata(found, request: request)
        }
        routes.get(RouterPath(instances + "/:instance/bulkdata/:tag")) { _, context in
            let found = try DICOMwebInstances(state: await workflow.state, directory: directory)
                .locate(study: try uid(context, "study"), series: try uid(context, "series"), instance: try uid(context, "instance"))
            return try bulkData(found[0], tag: context.parameters.get("tag") ?? "")
        }
        routes.get(RouterPath(instances + "/:instance/rendered")) { request, context in
            let found = try DICOMwebInstances(state: await workflow.state, directory: directory)
                .locate(study: try uid(context, "study"), series: try uid(context, "series"), instance: try uid(context, "instance"))
            return try rendered(found[0], frame: 1, request: request)
        }
        routes.get(RouterPath(instances + "/:instance/frames/:frame/rendered")) { request, context in
            let found = try DICOMwebInstances(state: await workflow.state, directory: directory)
                .locate(study: try uid(context, "study"), series: try uid(context, "series"), instance: try uid(context, "instance"))
            guard let frame = context.parameters.get("frame", as: Int.self), frame >= 1 else {
                throw ProblemDocument(.badRequest, "Invalid frame", detail: "the frame number must be a positive integer")
            }
            return try rendered(found[0], frame: frame, request: request)
        }

        // STOW-RS
        routes.post(RouterPath(studies)) { request, _ in
            try await store(request, study: nil, workflow: workflow, index: index, directory: directory, limits: limits)
        }
        routes.post(RouterPath(studies + "/:study")) { request, context in
            try await store(request, study: try uid(context, "study"), workflow: workflow, index: index, directory: directory,
                            limits: limits)
        }
        return routes
    }

    private static func uid(_ context: RadBridgeRequestContext, _ name: String) throws -> String {
        let value = context.parameters.get(name) ?? ""
        guard DICOMwebUID.isValid(value) else {
            throw ProblemDocument(.badRequest, "Invalid UID", detail: "the \(name) UID '\(value.prefix(80))' is not a valid DICOM UID")
        }
        return value
    }

    static func baseURL(_ request: Request) -> String {
        "http://\(request.head.authority ?? "localhost")/dicomweb"
    }

    private static func accepts(_ request: Request, _ types: [String]) -> Bool {
        guard let accept = request.headers[.accept], !accept.isEmpty else { return true }
        return accept.split(separator: ",").contains { entry in
            let type = MultipartRelated.mediaType(String(entry)).type
            return type == "*/*" || types.contains(type) || types.contains { $0.hasPrefix(type.replacingOccurrences(of: "*", with: "")) && type.hasSuffix("/*") }
        }
    }

    private static func search(_ request: Request, workflow: WorkflowService, index: any InstanceIndexStore, level: QIDOQuery.Level,
                               study: String? = nil, series: String? = nil) async throws -> Response {
        guard accepts(request, [DICOMwebMedia.json, "application/json"]) else {
            throw ProblemDocument(.notAcceptable, "Not acceptable", detail: "QIDO-RS answers application/dicom+json")
        }
        var query = try QIDOQuery.parse(request.uri.queryParameters.map { (String($0.key), String($0.value)) })
        let state = await workflow.state
        if let study {
            guard state.studies[study] != nil else { throw ProblemDocument(.notFound, "No such study", detail: "no filed study has Study Instance UID \(study)") }
            if let asked = query.index.studyInstanceUIDs, !asked.contains(study) { query.index.studyInstanceUIDs = [] } else { query.index.studyInstanceUIDs = [study] }
        }
        if let series { query.index.seriesInstanceUID = series }
        // Only filed instances: a quarantined one (even one reusing a filed instance's UIDs) has an
        // index row of its own, at a path no StudyRecord names.
        let rows = try await index.indexedInstances(query.index).filter {
            state.studies[$0.studyInstanceUID]?.instances[$0.sopInstanceUID]?.path == $0.path
        }
        let results = QIDOResults(query: query, baseURL: baseURL(request))
        let objects: [[String: Any]]
        switch level {
        case .study: objects = results.studies(rows)
        case .series: objects = results.series(rows, withStudyAttributes: study == nil)
        case .instance: objects = results.instances(rows, withStudyAttributes: study == nil, withSeriesAttributes: series == nil)
        }
        var headers: HTTPFields = [.contentType: DICOMwebMedia.json]
        if !query.ignored.isEmpty {
            headers[.warning] = "299 RadBridge \"The following query keys are not supported and were ignored: \(query.ignored.joined(separator: ", "))\""
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: DICOMJSON.data(objects))))
    }

    /// `multipart/related; type="application/dicom"`: the Part 10 files, in the transfer syntax asked
    /// for. PS3.18 §8.7.3.5: without a `transfer-syntax` parameter that is Explicit VR Little Endian
    /// (compressed instances then come as stored); `*` means as stored. The parts are written one
    /// by one as they are read: a whole study is never held in memory.
    private static func retrieve(_ found: [DICOMwebInstances.Located], request: Request) throws -> Response {
        let wanted = try wantedTransferSyntax(request)
        if wanted.explicit, let target = wanted.syntax {
            // Known before the first byte is sent, so that it can still be a 406.
            for located in found {
                let stored = try DICOMwebInstances.file(located).transferSyntax
                if stored != target, stored.isEncapsulated || stored.isDeflated {
                    throw ProblemDocument(.notAcceptable, "Transfer syntax not available",
                                          detail: "instance \(located.sopInstanceUID) is stored as \(stored.uid)")
                }
            }
        }
        let boundary = "radbridge-" + UUID().uuidString
        let body = ResponseBody { writer in
            for (number, located) in found.enumerated() {
                let (bytes, syntax) = try part(located, in: wanted.syntax)
                let type = "\(DICOMwebMedia.dicom); transfer-syntax=\(syntax.uid)"
                try await writer.write(ByteBuffer(bytes: MultipartRelated.partHeader(boundary: boundary, contentType: type, first: number == 0)))
                try await writer.write(ByteBuffer(bytes: bytes))
            }
            try await writer.write(ByteBuffer(bytes: MultipartRelated.closing(boundary: boundary)))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "multipart/related; type=\"\(DICOMwebMedia.dicom)\"; boundary=\(boundary)"],
                        body: body)
    }

    /// One instance's file in `target` (nil: as stored); compressed instances stay as stored.
    private static func part(_ located: DICOMwebInstances.Located, in target: TransferSyntax?) throws -> ([UInt8], TransferSyntax) {
        let bytes = try DICOMwebInstances.read(located)
        let file = try DICOMwebInstances.file(located, bytes: bytes)
        guard let target, file.transferSyntax != target, !file.transferSyntax.isEncapsulated, !file.transferSyntax.isDeflated else {
            return (bytes, file.transferSyntax)
        }
        var transcoded = file
        transcoded.transferSyntax = target
        do {
            return (try transcoded.encoded(), target)
        } catch {
            throw ProblemDocument(.internalServerError, "Transcoding failed", detail: "instance \(located.sopInstanceUID): \(error)")
        }
    }

    /// The transfer syntax an Accept header asks for (nil: as stored) and whether it was named.
    private static func wantedTransferSyntax(_ request: Request) throws -> (syntax: TransferSyntax?, explicit: Bool) {
        guard let accept = request.headers[.accept], !accept.isEmpty else { return (.explicitVRLittleEndian, false) }
        var named: [String] = []
        var defaulted = false
        for entry in accept.components(separatedBy: ",") {
            let (type, parameters) = MultipartRelated.mediaType(entry)
            if type == "*/*" || type == "multipart/*" { defaulted = true; continue }
            guard type == "multipart/related" || type == DICOMwebMedia.dicom else { continue }
            if type == "multipart/related", let inner = parameters["type"], inner.lowercased() != DICOMwebMedia.dicom { continue }
            switch parameters["transfer-syntax"] {
            case "*": return (nil, false)
            case nil: defaulted = true
            case let uid?: named.append(uid)
            }
        }
        if let known = named.compactMap(TransferSyntax.init(uid:)).first(where: { !$0.isEncapsulated && !$0.isBigEndian && !$0.isDeflated }) {
            return (known, true)
        }
        if defaulted { return (.explicitVRLittleEndian, false) }
        throw ProblemDocument(.notAcceptable, "Not acceptable",
                              detail: #"WADO-RS serves multipart/related; type="application/dicom" as stored or uncompressed little endian"#)
    }

    private static func metadata(_ found: [DICOMwebInstances.Located], request: Request) throws -> Response {
        guard accepts(request, [DICOMwebMedia.json, "application/json"]) else {
            throw ProblemDocument(.notAcceptable, "Not acceptable", detail: "metadata is served as application/dicom+json")
        }
        let base = baseURL(request)
        let objects = try found.map { located -> [String: Any] in
            let file = try DICOMwebInstances.file(located)
            let path = "\(base)/studies/\(located.studyInstanceUID)/series/\(located.seriesInstanceUID)/instances/\(located.sopInstanceUID)"
            return DICOMJSON.object(file.dataSet, alwaysBulk: [.pixelData]) { tag in "\(path)/bulkdata/\(DICOMJSON.key(tag))" }
        }
        return Response(status: .ok, headers: [.contentType: DICOMwebMedia.json],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: DICOMJSON.data(objects))))
    }

    /// A top-level bulk data element as `multipart/related; type="application/octet-stream"`.
    private static func bulkData(_ located: DICOMwebInstances.Located, tag text: String) throws -> Response {
        guard text.count == 8, let value = UInt32(text, radix: 16) else {
            throw ProblemDocument(.badRequest, "Invalid tag", detail: "the bulk data tag must be GGGGEEEE")
        }
        let file = try DICOMwebInstances.file(located)
        guard let element = file.dataSet[Tag(value)] else {
            throw ProblemDocument(.notFound, "No such bulk data", detail: "instance \(located.sopInstanceUID) has no \(Tag(value))")
        }
        let bytes: [UInt8]
        switch element.value {
        case .bytes(let raw): bytes = raw
        case .fragments(let fragments): bytes = fragments.fragments.flatMap { $0 }
        case .sequence: throw ProblemDocument(.notFound, "Not bulk data", detail: "\(Tag(value)) is a sequence")
        }
        let boundary = "radbridge-" + UUID().uuidString
        let body = MultipartRelated.partHeader(boundary: boundary, contentType: "application/octet-stream", first: true)
            + bytes + MultipartRelated.closing(boundary: boundary)
        return Response(status: .ok, headers: [.contentType: "multipart/related; type=\"application/octet-stream\"; boundary=\(boundary)"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    private static func rendered(_ located: DICOMwebInstances.Located, frame: Int, request: Request) throws -> Response {
        guard accepts(request, ["image/png"]) else {
            throw ProblemDocument(.notAcceptable, "Not acceptable", detail: "rendered frames are served as image/png")
        }
        var window: FrameRenderer.Window?
        if let text = request.uri.queryParameters.get("window") {
            let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard (2...3).contains(parts.count), let center = Double(parts[0]), let width = Double(parts[1]), width >= 1,
                  let function = parts.count == 3 ? FrameRenderer.Window.Function(rawValue: parts[2].lowercased()) : .linear else {
                throw ProblemDocument(.badRequest, "Invalid window", detail: "window must be center,width[,linear|linear-exact|sigmoid] with width ≥ 1")
            }
            window = FrameRenderer.Window(center: center, width: width, function: function)
        }
        let file = try DICOMwebInstances.file(located)
        let image: FrameRenderer.Frame
        do {
            image = try FrameRenderer.render(file.dataSet, frame: frame, window: window)
        } catch let failure as FrameRenderer.Failure {
            if case .frameOutOfRange = failure { throw ProblemDocument(.notFound, "No such frame", detail: failure.description) }
            throw ProblemDocument(.notAcceptable, "Cannot render", detail: failure.description)
        }
        let png = PNGEncoder.encode(width: image.width, height: image.height, channels: image.channels, pixels: image.pixels)
        return Response(status: .ok, headers: [.contentType: "image/png"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: png)))
    }

    /// `dicom.stowMaxBytes` and `dicom.stowMaxPartBytes`.
    struct STOWLimits: Sendable {
        var request: Int
        var part: Int
    }

    /// The body is parsed as it arrives (`MultipartRelated.StreamParser`) into a spool (small parts
    /// in memory, the others in temporary files beside the instance files) and its bounds checked
    /// as the bytes come; only a whole, well-formed body within them is stored, part by part, as
    /// before: a refused body stores nothing. The spool is removed on every way out.
    private static func store(_ request: Request, study: String?, workflow: WorkflowService, index: any InstanceIndexStore,
                              directory: URL, limits: STOWLimits) async throws -> Response {
        let (type, parameters) = MultipartRelated.mediaType(request.headers[.contentType] ?? "")
        guard type == "multipart/related" else {
            throw ProblemDocument(.unsupportedMediaType, "Unsupported media type",
                                  detail: #"STOW-RS takes multipart/related; type="application/dicom""#)
        }
        if let inner = parameters["type"], inner.lowercased() != DICOMwebMedia.dicom {
            throw ProblemDocument(.unsupportedMediaType, "Unsupported media type",
                                  detail: "multipart/related of '\(inner)' is not supported; use application/dicom")
        }
        guard let boundary = parameters["boundary"], !boundary.isEmpty else {
            throw ProblemDocument(.badRequest, "Invalid multipart body", detail: MultipartRelated.Failure.noBoundary.description)
        }
        let tooLarge = ProblemDocument(.contentTooLarge, "Request too large", detail: "the body may be at most \(limits.request) bytes")
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limits.request { throw tooLarge }
        let spool = STOWSpool(instances: directory)
        defer { spool.removeAll() }
        var parser = MultipartRelated.StreamParser(boundary: boundary, maxPartBytes: limits.part)
        var received = 0
        do {
            for try await chunk in request.body {
                received += chunk.readableBytes
                guard received <= limits.request else { throw tooLarge }
                try chunk.withUnsafeReadableBytes { bytes in try parser.feed(bytes) { try spool.handle($0) } }
            }
            try parser.finish()
        } catch let failure as MultipartRelated.Failure {
            if case .partTooLarge(let limit) = failure {
                throw ProblemDocument(.contentTooLarge, "Part too large", detail: "each part may be at most \(limit) bytes")
            }
            throw ProblemDocument(.badRequest, "Invalid multipart body", detail: "\(failure)")
        } catch is STOWSpool.Failure {
            // The path and the errno are the operator's (logged by nothing else here), not the client's.
            throw ProblemDocument(.serviceUnavailable, "Cannot receive the body", detail: "the body could not be buffered; try again later")
        } catch let problem as ProblemDocument {
            throw problem
        } catch {
            // The body stream failed: the client went away, or sent what is not HTTP.
            throw ProblemDocument(.badRequest, "Invalid multipart body", detail: "the body ended early")
        }
        guard !spool.parts.isEmpty else { throw ProblemDocument(.badRequest, "Invalid multipart body", detail: "the body has no parts") }
        let stow = DICOMwebStow(workflow: workflow, directory: directory, index: index, baseURL: baseURL(request))
        return await stow.store(spool, study: study).response()
    }
}
