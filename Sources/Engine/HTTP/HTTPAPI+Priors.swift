import Foundation
import Hummingbird
import Store
import Workflow

/// Priors: the patient's performed exams here and, with `workflow.priorsFrom`, the studies the PACS
/// holds for the same person; and fetching a PACS study on demand.
extension HTTPAPI {
    static func priorsRoutes(workflow: WorkflowService, priors: PriorRetrievalService?) -> RouteCollection<RadBridgeRequestContext> {
        let routes = RouteCollection(context: RadBridgeRequestContext.self)
        // `{id}` is an identifier, `MRN` or `MRN^^^AUTHORITY`. Newest first; local exams carry their order
        // and current report (what QBP^Q11 answers over HL7). A PACS that cannot be asked leaves the
        // list with what could be found and a `Warning` header naming it.
        routes.get("/api/patients/:id/priors") { request, context in
            let text = context.parameters.get("id") ?? ""
            let state = await workflow.state
            guard let patient = patient(identifiedBy: text, in: state), let identifier = patient.primaryIdentifier else {
                throw ProblemDocument(.notFound, "No such patient", detail: "no patient has the identifier '\(text)'")
            }
            let query = request.uri.queryParameters
            var limit = 100
            if let text = query.get("limit") {
                guard let value = Int(text), (1...1000).contains(value) else {
                    throw ProblemDocument(.badRequest, "Invalid limit", detail: "limit must be 1…1000")
                }
                limit = value
            }
            let modality = query.get("modality") ?? "", since = query.get("since") ?? ""
            let local = await workflow.priors(of: identifier, modality: modality, since: since, limit: limit)
            var entries = local.map { PriorEntryView(order: $0.order, report: $0.report, state: state) }
            var headers: HTTPFields = [.contentType: "application/json"]
            if let priors, !priors.sources.isEmpty {
                // The person's identifiers in the domains a PACS files under (not the enterprise ID).
                let identifiers = state.personIdentifiers(ofPatient: patient.id, enterpriseAuthority: nil)
                let answer = await priors.studies(of: identifiers, modality: modality, since: since)
                var byUID = Dictionary(entries.enumerated().map { ($1.studyInstanceUID, $0) }) { a, _ in a }
                for study in answer.studies.sorted(by: { $0.source < $1.source }) {
                    if let index = byUID[study.studyInstanceUID] {
                        if !entries[index].alsoIn.contains(study.source) { entries[index].alsoIn.append(study.source) }
                    } else {
                        byUID[study.studyInstanceUID] = entries.count
                        entries.append(PriorEntryView(study))
                    }
                }
                let pacsOnly = entries.filter { $0.location != "local" }.map(\.studyInstanceUID)
                let retrievals = try await priors.retrievals(of: pacsOnly)
                for index in entries.indices where entries[index].location != "local" {
                    entries[index].retrieved = retrievals.first { $0.studyInstanceUID == entries[index].studyInstanceUID }
                        .map { PriorEntryView.Retrieved(from: $0.source, at: $0.retrievedAt, instances: $0.instances) }
                }
                if !answer.problems.isEmpty {
                    let text = answer.problems.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
                    headers[.warning] = "299 RadBridge \"PACS not asked for priors: \(text.replacingOccurrences(of: "\"", with: "'"))\""
                }
            }
            // Stable: same-date local exams keep the workflow's order.
            let sorted = entries.enumerated().sorted { a, b in
                a.element.performedAt != b.element.performedAt ? a.element.performedAt > b.element.performedAt : a.offset < b.offset
            }.map(\.element).prefix(limit)
            let data = (try? JSONResponse.encoder.encode(Array(sorted))) ?? Data("[]".utf8)
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        // Fetch a study from the PACS (C-MOVE to RadBridge's AE). Body (optional): {"from": "<priorsFrom name>"}.
        routes.post("/api/studies/:uid/retrieve") { request, context in
            let uid = context.parameters.get("uid") ?? ""
            guard !uid.isEmpty, uid.count <= 64, uid.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else {
                throw ProblemDocument(.badRequest, "Invalid Study Instance UID", detail: "a UID is up to 64 digits and dots")
            }
            struct Body: Decodable { let from: String? }
            let data = try await request.body.collect(upTo: 64 * 1024)
            var source: String?
            if data.readableBytes > 0 {
                guard let body = try? JSONDecoder().decode(Body.self, from: Data(buffer: data)) else {
                    throw ProblemDocument(.badRequest, "Invalid body", detail: #"expected {"from": "<PACS name>"} or no body"#)
                }
                source = body.from
            }
            guard let priors else {
                throw ProblemDocument(.conflict, "No PACS for priors", detail: "no PACS is configured in workflow.priorsFrom")
            }
            do {
                let retrieval = try await priors.retrieve(studyInstanceUID: uid, from: source)
                return JSONResponse.make(RetrievalView(retrieval))
            } catch let error as PriorRetrievalError {
                switch error {
                case .unknownSource: throw ProblemDocument(source == nil ? .conflict : .badRequest, "Unknown PACS", detail: error.description)
                case .noInstanceDirectory: throw ProblemDocument(.conflict, "Cannot receive", detail: error.description)
                case .notFound: throw ProblemDocument(.notFound, "Study not in the PACS", detail: error.description)
                case .failed: throw ProblemDocument(.badGateway, "PACS retrieval failed", detail: error.description)
                }
            }
        }
        return routes
    }
}

/// One prior: a local exam (`location: "local"`, with its order and report, `alsoIn` naming the PACS
/// that have it too) or a study only a PACS has (`location`: the PACS name; `retrieved` once fetched).
struct PriorEntryView: Encodable {
    struct Retrieved: Encodable {
        let from: String
        let at: Date
        let instances: Int
    }

    let location: String
    let studyInstanceUID: String
    let performedAt: String
    let accessionNumber: String
    let modalities: [String]
    let instances: Int?
    var alsoIn: [String] = []
    // Local exams
    var order: OrderView?
    var reportStatus: String?
    var impression: String?
    // PACS studies
    var patientId: String?
    var issuerOfPatientId: String?
    var studyDate: String?
    var studyTime: String?
    var studyDescription: String?
    var series: Int?
    var retrieved: Retrieved?

    init(order: Order, report: Report?, state: WorkflowState) {
        let prior = PriorView(order: order, report: report, state: state)
        location = "local"
        studyInstanceUID = prior.studyInstanceUID
        let performed: Set<OrderState> = [.inProgress, .completed, .preliminary, .final]
        performedAt = order.history.first { performed.contains($0.to) }?.at ?? order.steps.first?.startDateTime ?? ""
        accessionNumber = order.accessionNumber
        modalities = order.steps.map(\.modality).reduce(into: []) { if !$0.contains($1) && !$1.isEmpty { $0.append($1) } }
        instances = prior.instances
        self.order = prior.order
        reportStatus = prior.reportStatus
        impression = prior.impression
    }

    init(_ study: PACSStudy) {
        location = study.source
        studyInstanceUID = study.studyInstanceUID
        performedAt = study.performedAt
        accessionNumber = study.accessionNumber
        modalities = study.modalities
        instances = study.instances
        patientId = study.patientID
        issuerOfPatientId = study.issuerOfPatientID
        studyDate = study.studyDate
        studyTime = study.studyTime
        studyDescription = study.studyDescription
        series = study.series
    }
}

struct RetrievalView: Encodable {
    let studyInstanceUID: String
    let from: String
    let instances: Int
    let retrievedAt: Date

    init(_ retrieval: PriorRetrieval) {
        studyInstanceUID = retrieval.studyInstanceUID
        from = retrieval.source
        instances = retrieval.instances
        retrievedAt = retrieval.retrievedAt
    }
}

/// `GET /api/studies/{uid}` for a study RadBridge holds only as a retrieved prior.
struct RetrievedStudyView: Encodable {
    struct InstanceView: Encodable {
        let sopInstanceUID: String
        let seriesInstanceUID: String
        let sopClassUID: String
        let modality: String
    }

    let studyInstanceUID: String
    let location = "retrieved"
    let retrievedFrom: String
    let retrievedAt: Date
    let patientId: String
    let accessionNumber: String
    let studyDate: String
    let series: Int
    let instances: [InstanceView]

    init(_ uid: String, retrievals: [PriorRetrieval], instances: [IndexedInstance]) {
        studyInstanceUID = uid
        retrievedFrom = retrievals.first?.source ?? ""
        retrievedAt = retrievals.first?.retrievedAt ?? Date(timeIntervalSince1970: 0)
        patientId = instances.first?.patientID ?? ""
        accessionNumber = instances.first?.accessionNumber ?? ""
        studyDate = instances.first?.studyDate ?? ""
        series = Set(instances.map(\.seriesInstanceUID)).count
        self.instances = instances.map {
            InstanceView(sopInstanceUID: $0.sopInstanceUID, seriesInstanceUID: $0.seriesInstanceUID, sopClassUID: $0.sopClassUID, modality: $0.modality)
        }
    }
}
