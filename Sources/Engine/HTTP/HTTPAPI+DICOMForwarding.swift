import Foundation
import HL7
import Hummingbird
import Store
import Workflow

/// A study with where each of its instances stands with each DICOM destination, and the operator's
/// decisions on quarantined instances.
extension HTTPAPI {
    static func dicomForwardingRoutes(store: any DICOMOutboxStore, workflow: WorkflowService,
                                      priors: PriorRetrievalService? = nil) -> RouteCollection<RadBridgeRequestContext> {
        let routes = RouteCollection(context: RadBridgeRequestContext.self)
        routes.get("/api/studies/:uid") { _, context in
            let uid = context.parameters.get("uid") ?? ""
            let state = await workflow.state
            guard let study = state.studies[uid] else {
                if let retrieved = try await priors?.retrievedStudy(uid) {
                    return JSONResponse.make(RetrievedStudyView(uid, retrievals: retrieved.retrievals, instances: retrieved.instances))
                }
                throw ProblemDocument(.notFound, "No such study", detail: "no received study has Study Instance UID \(uid)")
            }
            return JSONResponse.make(StudyDetailView(study, state: state, outbox: try await store.dicomItems(studyInstanceUID: uid)))
        }
        routes.get("/api/quarantine/:id") { _, context in
            let id = try quarantineID(context)
            let state = await workflow.state
            guard let entry = state.quarantine.first(where: { $0.id == id }) else {
                throw ProblemDocument(.notFound, "No such quarantine entry", detail: "there is no quarantine entry \(id)")
            }
            return JSONResponse.make(HeldInstanceView(entry, held: state.heldInstances[id]))
        }
        routes.post("/api/quarantine/:id/release") { request, context in
            let id = try quarantineID(context)
            struct Body: Decodable {
                let patientId: String?, patientID: String?, accessionNumber: String?, by: String?
            }
            let expected = #"expected {"patientId": "...", "accessionNumber": "...", "by": "..."}"#
            let body = try await request.command(Body.self, context: context, expected: expected)
            guard let patient = body.patientId ?? body.patientID, !patient.isEmpty,
                  let accession = body.accessionNumber, !accession.isEmpty, let by = body.by, !by.isEmpty else {
                throw ProblemDocument(.badRequest, "Invalid body", detail: expected)
            }
            return try await decide(.quarantineReleased(id: id, patientID: patient, accessionNumber: accession, by: by, at: HL7Timestamp.now()),
                                    id: id, workflow: workflow)
        }
        routes.post("/api/quarantine/:id/reject") { request, context in
            let id = try quarantineID(context)
            struct Body: Decodable { let by: String?, reason: String? }
            let expected = #"expected {"by": "...", "reason": "..."}"#
            let body = try await request.command(Body.self, context: context, expected: expected)
            guard let by = body.by, !by.isEmpty else { throw ProblemDocument(.badRequest, "Invalid body", detail: expected) }
            return try await decide(.quarantineRejected(id: id, by: by, reason: body.reason ?? "", at: HL7Timestamp.now()),
                                    id: id, workflow: workflow)
        }
        return routes
    }

    private static func quarantineID(_ context: RadBridgeRequestContext) throws -> Int {
        guard let id = context.parameters.get("id", as: Int.self) else {
            throw ProblemDocument(.badRequest, "Invalid quarantine id", detail: "the id must be an integer")
        }
        return id
    }

    /// Applies the operator's decision as a workflow event (durable, replayed, and so audited).
    private static func decide(_ event: WorkflowEvent, id: Int, workflow: WorkflowService) async throws -> Response {
        let state = await workflow.state
        guard let entry = state.quarantine.first(where: { $0.id == id }) else {
            throw ProblemDocument(.notFound, "No such quarantine entry", detail: "there is no quarantine entry \(id)")
        }
        do {
            _ = try await workflow.handle(event)
        } catch let error as WorkflowEventError {
            throw ProblemDocument(.conflict, "Cannot decide on this entry", detail: error.description)
        }
        return JSONResponse.make(HeldInstanceView(entry, held: await workflow.state.heldInstances[id]))
    }
}

struct HeldInstanceView: Encodable {
    let id: Int
    let kind: String
    let reason: String
    let controlId: String
    let receivedAt: String
    let status: String
    let decidedBy: String?
    let decidedAt: String?
    let note: String?

    init(_ entry: QuarantineEntry, held: HeldInstance?) {
        id = entry.id
        kind = entry.kind
        reason = entry.reason
        controlId = entry.controlID
        receivedAt = entry.receivedAt
        status = held?.status.rawValue ?? "held"
        decidedBy = held?.decidedBy
        decidedAt = held?.decidedAt
        note = held?.note
    }
}

struct StudyDetailView: Encodable {
    struct InstanceView: Encodable {
        let sopInstanceUID: String
        let seriesInstanceUID: String
        let modality: String
        /// Destination name → queued, sent, committed or failed.
        let destinations: [String: String]
    }

    struct DestinationView: Encodable {
        var queued = 0, sent = 0, committed = 0, failed = 0
        var lastError: String?
    }

    let studyInstanceUID: String
    let accessionNumber: String
    let patient: String
    let series: Int
    let notes: [String]
    let instances: [InstanceView]
    let destinations: [String: DestinationView]

    init(_ study: StudyRecord, state: WorkflowState, outbox: [DICOMOutboxItem]) {
        let summary = StudyView(study, state: state)
        studyInstanceUID = summary.studyInstanceUID
        accessionNumber = summary.accessionNumber
        patient = summary.patient
        series = summary.series
        notes = summary.notes
        var byInstance: [String: [String: String]] = [:]
        var destinations: [String: DestinationView] = [:]
        for item in outbox {
            byInstance[item.sopInstanceUID, default: [:]][item.destination] = item.state.rawValue
            var view = destinations[item.destination] ?? DestinationView()
            switch item.state {
            case .queued: view.queued += 1
            case .sent: view.sent += 1
            case .committed: view.committed += 1
            case .failed: view.failed += 1
            }
            if let error = item.lastError { view.lastError = error }
            destinations[item.destination] = view
        }
        self.destinations = destinations
        instances = study.instances.values.sorted { $0.sopInstanceUID < $1.sopInstanceUID }.map {
            InstanceView(sopInstanceUID: $0.sopInstanceUID, seriesInstanceUID: $0.seriesInstanceUID, modality: $0.modality,
                         destinations: byInstance[$0.sopInstanceUID] ?? [:])
        }
    }
}
