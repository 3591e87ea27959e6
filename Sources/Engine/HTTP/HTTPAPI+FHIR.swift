import FHIR
import Foundation
import HL7
import Hummingbird
import MLLP
import Workflow

/// FHIR R4 REST under `/fhir`: metadata, read and search of the workflow's patients, orders,
/// studies, reports, critical results and scheduled steps; ServiceRequest create and update go
/// through the inbound HL7 path as the ORM^O01 they stand for.
extension HTTPAPI {
    /// Bodies larger than this are refused with 413.
    static let fhirBodyLimit = 1 << 20

    static let fhirTypes: Set<String> = ["Patient", "ServiceRequest", "ImagingStudy", "DiagnosticReport", "Observation", "Appointment"]

    static func fhirRoutes(workflow: WorkflowService, inbound: InboundProcessor?,
                           settings: FHIRSettings) -> RouteCollection<RadBridgeRequestContext> {
        let routes = RouteCollection(context: RadBridgeRequestContext.self)
        let started = FHIRTime.dateTime(fromHL7: HL7Timestamp.now(), zone: "Z") ?? "2026"
        let api = FHIRAPI(workflow: workflow, inbound: inbound, settings: settings)
        routes.get("/fhir/:type") { request, context in
            await FHIRResponse.answer {
                let type = context.parameters.get("type") ?? ""
                if type == "metadata" { return FHIRResponse.make(CapabilityStatement.make(base: api.base(request), date: started)) }
                return try await api.search(type: type, items: request.uri.queryParameters.map { (String($0.key), String($0.value)) },
                                            request: request)
            }
        }
        routes.post("/fhir/:type/_search") { request, context in
            await FHIRResponse.answer {
                var request = request
                let body = try await request.collectBody(upTo: fhirBodyLimit)
                let form = String(buffer: body).split(separator: "&").map { pair -> (String, String) in
                    let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
                    return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
                }
                let items = request.uri.queryParameters.map { (String($0.key), String($0.value)) } + form
                return try await api.search(type: context.parameters.get("type") ?? "", items: items, request: request)
            }
        }
        // The router does not backtrack from a constant path segment to a parameter, so
        // Patient/$match (the master patient index's candidates with match grades) is told apart here.
        routes.get("/fhir/:type/:id") { request, context in
            await FHIRResponse.answer {
                let type = context.parameters.get("type") ?? "", id = context.parameters.get("id") ?? ""
                if type == "Patient", id == "$match" {
                    let items = request.uri.queryParameters.map { (name: String($0.key), value: String($0.value)) }
                    return try await api.match(PatientMatchRequest(query: items, settings: settings), request: request)
                }
                return try await api.read(type: type, id: id, version: nil)
            }
        }
        routes.get("/fhir/:type/:id/_history/:version") { request, context in
            await FHIRResponse.answer {
                let version = context.parameters.get("version") ?? ""
                guard let number = Int(version), number >= 1 else { throw FHIRError.notFound("there is no version '\(version)'") }
                return try await api.read(type: context.parameters.get("type") ?? "", id: context.parameters.get("id") ?? "", version: number)
            }
        }
        routes.post("/fhir/:type") { request, context in
            await FHIRResponse.answer {
                try await api.create(type: context.parameters.get("type") ?? "", request: request, principal: context.principal)
            }
        }
        routes.put("/fhir/:type/:id") { request, context in
            await FHIRResponse.answer {
                try await api.update(type: context.parameters.get("type") ?? "", id: context.parameters.get("id") ?? "", request: request,
                                     principal: context.principal)
            }
        }
        // Everything else under /fhir: the interaction is not supported (405) or the type unknown (404).
        for method in [HTTPRequest.Method.delete, .patch, .put] {
            routes.on("/fhir/:type", method: method) { _, context in
                await FHIRResponse.answer { throw api.unsupported(type: context.parameters.get("type") ?? "", method) }
            }
        }
        for method in [HTTPRequest.Method.delete, .patch, .post] {
            routes.on("/fhir/:type/:id", method: method) { request, context in
                await FHIRResponse.answer {
                    let type = context.parameters.get("type") ?? ""
                    if method == .post, type == "Patient", context.parameters.get("id") == "$match" {
                        return try await api.match(PatientMatchRequest(parameters: try await api.body(request), settings: settings), request: request)
                    }
                    throw api.unsupported(type: type, method)
                }
            }
        }
        return routes
    }
}

/// The FHIR interactions over one engine's workflow.
struct FHIRAPI: Sendable {
    let workflow: WorkflowService
    let inbound: InboundProcessor?
    let settings: FHIRSettings

    /// `http://<Host>/fhir`, for absolute URLs in Bundles.
    func base(_ request: Request) -> String {
        "http://\(request.head.authority ?? "localhost")/fhir"
    }

    func mapper() async -> FHIRMapper { FHIRMapper(state: await workflow.state, settings: settings) }

    func checkType(_ type: String) throws(FHIRError) {
        guard HTTPAPI.fhirTypes.contains(type) else {
            throw .notFound("resource type '\(type)' is not served (\(HTTPAPI.fhirTypes.sorted().joined(separator: ", ")))")
        }
    }

    func unsupported(type: String, _ method: HTTPRequest.Method) -> FHIRError {
        guard HTTPAPI.fhirTypes.contains(type) else { return .notFound("resource type '\(type)' is not served") }
        return .notSupported("\(method.rawValue) is not supported on \(type) (see /fhir/metadata)")
    }

    func search(type: String, items: [(String, String)], request: Request) async throws -> Response {
        try checkType(type)
        let mapper = await mapper()
        let query = SearchQuery(items: items.map { (name: $0.0, value: $0.1) }, strict: SearchQuery.isStrict(prefer: request.headers[.init("Prefer")!]))
        let search = FHIRSearch(base: base(request), zone: settings.localTimeZone)
        let patient = { (id: String) in mapper.patient(id: id) }
        let bundle: FHIRBundle = switch type {
        case "Patient": try search.search(mapper.patients, query: query, patient: patient)
        case "ServiceRequest": try search.search(mapper.serviceRequests, query: query, patient: patient)
        case "ImagingStudy": try search.search(mapper.imagingStudies, query: query, patient: patient)
        case "DiagnosticReport": try search.search(mapper.diagnosticReports, query: query, patient: patient)
        case "Observation": try search.search(mapper.observations, query: query, patient: patient)
        default: try search.search(mapper.appointments, query: query, patient: patient)
        }
        return FHIRResponse.make(bundle)
    }

    func match(_ match: PatientMatchRequest, request: Request) async throws -> Response {
        let bundle = await mapper().match(match.demographics, identifiers: match.identifiers,
                                          configuration: await workflow.mpiConfiguration, base: base(request), count: match.count)
        return FHIRResponse.make(bundle)
    }

    func read(type: String, id: String, version: Int?) async throws -> Response {
        try checkType(type)
        let mapper = await mapper()
        if let version {
            guard type == "DiagnosticReport" else { throw FHIRError.notSupported("vread is supported for DiagnosticReport only") }
            guard let report = mapper.diagnosticReport(id: id, version: version) else {
                throw FHIRError.notFound("there is no DiagnosticReport/\(id)/_history/\(version)")
            }
            return FHIRResponse.make(report)
        }
        let resource: AnyResource? = switch type {
        case "Patient": mapper.patient(id: id).map(AnyResource.patient)
        case "ServiceRequest": mapper.serviceRequest(id: id).map(AnyResource.serviceRequest)
        case "ImagingStudy": mapper.imagingStudy(id: id).map(AnyResource.imagingStudy)
        case "DiagnosticReport": mapper.diagnosticReport(id: id).map(AnyResource.diagnosticReport)
        case "Observation": mapper.observation(id: id).map(AnyResource.observation)
        default: mapper.appointment(id: id).map(AnyResource.appointment)
        }
        guard let resource else { throw FHIRError.notFound("there is no \(type)/\(id)") }
        return FHIRResponse.make(resource)
    }

    /// The body of a create or update: JSON (fhir+json or json), at most `fhirBodyLimit` bytes.
    func body(_ request: Request) async throws -> Data {
        if let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces),
           !["application/fhir+json", "application/json"].contains(type.lowercased()) {
            throw FHIRError(415, "not-supported", "the body must be application/fhir+json (got \(type))")
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > HTTPAPI.fhirBodyLimit {
            throw FHIRError(413, "too-long", "the body is larger than \(HTTPAPI.fhirBodyLimit) bytes")
        }
        var request = request
        return Data(buffer: try await request.collectBody(upTo: HTTPAPI.fhirBodyLimit))
    }

    func create(type: String, request: Request, principal: Principal) async throws -> Response {
        try checkType(type)
        guard type == "ServiceRequest" else { throw FHIRError.notSupported("create is supported for ServiceRequest only") }
        let data = try await body(request)
        let (controlID, time) = Self.messageIdentity()
        let message = try OrderMessageFactory(state: await workflow.state, settings: settings).newOrder(data, controlID: controlID, at: time)
        let reply = try await apply(message, request: request, principal: principal)
        guard let accession = reply["ORC-3.1"], let order = await workflow.state.order(accession: accession) else {
            throw FHIRError(500, "exception", "the order was accepted but cannot be found")
        }
        let resource = FHIRMapper(state: await workflow.state, settings: settings).serviceRequest(order)
        return FHIRResponse.make(resource, status: .created, location: "\(base(request))/ServiceRequest/\(order.id)")
    }

    func update(type: String, id: String, request: Request, principal: Principal) async throws -> Response {
        try checkType(type)
        guard type == "ServiceRequest" else { throw FHIRError.notSupported("update is supported for ServiceRequest only") }
        guard let orderID = Int(id) else { throw FHIRError.notFound("there is no ServiceRequest/\(id)") }
        let data = try await body(request)
        let (controlID, time) = Self.messageIdentity()
        let message = try OrderMessageFactory(state: await workflow.state, settings: settings).update(orderID: orderID, data, controlID: controlID, at: time)
        _ = try await apply(message, request: request, principal: principal)
        guard let resource = FHIRMapper(state: await workflow.state, settings: settings).serviceRequest(id: id) else {
            throw FHIRError.notFound("there is no ServiceRequest/\(id)")
        }
        return FHIRResponse.make(resource)
    }

    /// Submits the order message through the inbound path (journal, workflow, routes) as the
    /// caller: anything but AA is a 422 with the workflow's reasons. Returns the ORR^O02.
    func apply(_ message: HL7Message, request: Request, principal: Principal) async throws -> HL7Message {
        guard let inbound else { throw FHIRError(503, "transient", "orders cannot be placed: the inbound path is not running") }
        let source = InboundSource(peer: "fhir " + (request.head.authority ?? ""), principal: principal)
        let result = await inbound.submit(message.encoded(), from: source)
        guard result.code == .AA, let response = result.response else {
            let reasons = result.issues.filter { $0.severity == .error }.map(\.text)
            throw FHIRError(422, "business-rule", reasons.isEmpty ? "the order was refused (\(result.code))" : reasons.joined(separator: "; "))
        }
        return response
    }

    /// MSH-10 (20 characters, unique) and MSH-7 for a message made from a FHIR request.
    static func messageIdentity() -> (String, String) {
        let id = "F" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(19)
        return (id, HL7Timestamp.format(epochSeconds: Int64(Date().timeIntervalSince1970)))
    }
}

extension FHIRSettings {
    /// The engine's settings: MSH-3 of what RadBridge sends as the namespace, and this machine's
    /// time zone for local timestamps.
    static func engine(application: String) -> FHIRSettings {
        let seconds = TimeZone.current.secondsFromGMT()
        let zone = seconds == 0 ? "Z" : String(format: "%@%02d:%02d", seconds < 0 ? "-" : "+", abs(seconds) / 3600, (abs(seconds) % 3600) / 60)
        return FHIRSettings(application: application, localTimeZone: zone)
    }
}
