import Foundation
import HL7
import Hummingbird
import Workflow

/// The master patient index's part of the JSON API: review tasks, a person's linked identifiers,
/// unlinking and the identity audit journal.
extension HTTPAPI {
    static func mpiRoutes(workflow: WorkflowService, configuration: EngineConfiguration) -> RouteCollection<RadBridgeRequestContext> {
        let routes = RouteCollection(context: RadBridgeRequestContext.self)
        let mpi = (try? configuration.workflow.domain().mpi) ?? MPIConfiguration()
        let enterpriseAuthority = mpi.enterpriseAuthority
        routes.get("/api/mpi/reviews") { request, _ in
            let state = await workflow.state
            let status = request.uri.queryParameters.get("status") ?? "open"
            guard status == "all" || MPIReview.Status(rawValue: status) != nil else {
                throw ProblemDocument(.badRequest, "Unknown status", detail: "status must be open, linked, kept-apart, superseded or all")
            }
            let reviews = state.mpi.reviews.values.filter { status == "all" || $0.status.rawValue == status }.sorted { $0.id < $1.id }
            return JSONResponse.make(reviews.map { MPIReviewView($0, state: state, configuration: mpi) })
        }
        routes.post("/api/mpi/reviews/:id") { request, context in
            guard let id = context.parameters.get("id", as: Int.self) else {
                throw ProblemDocument(.badRequest, "Invalid review id", detail: "the id must be an integer")
            }
            struct Body: Decodable { let decision: String; let by: String }
            let expected = #"expected {"decision": "link" | "keep-apart", "by": "..."}"#
            let body = try await request.command(Body.self, context: context, expected: expected)
            guard !body.by.isEmpty, body.decision == "link" || body.decision == "keep-apart" else {
                throw ProblemDocument(.badRequest, "Invalid body", detail: expected)
            }
            guard await workflow.state.mpi.reviews[id] != nil else {
                throw ProblemDocument(.notFound, "No such review", detail: "there is no review task \(id)")
            }
            do {
                _ = try await workflow.decideMPIReview(id: id, decision: body.decision, by: body.by)
            } catch {
                throw ProblemDocument(.conflict, "Review is not open", detail: "\(error)")
            }
            let state = await workflow.state
            guard let review = state.mpi.reviews[id] else {
                throw ProblemDocument(.notFound, "No such review", detail: "there is no review task \(id)")
            }
            return JSONResponse.make(MPIReviewView(review, state: state, configuration: mpi))
        }
        routes.get("/api/mpi/persons") { request, _ in
            guard let text = request.uri.queryParameters.get("identifier"), text.contains("^^^") else {
                throw ProblemDocument(.badRequest, "Missing identifier", detail: "identifier=ID^^^AUTHORITY is required")
            }
            let parts = text.components(separatedBy: "^^^")
            let state = await workflow.state
            guard let patient = state.patients.resolve(PatientIdentifier(id: parts[0], issuer: parts[1])) else {
                throw ProblemDocument(.notFound, "Unknown identifier", detail: "no patient has identifier \(text)")
            }
            return JSONResponse.make(MPIPersonView(patientID: patient.id, state: state, authority: enterpriseAuthority))
        }
        routes.post("/api/mpi/records/:id/unlink") { request, context in
            guard let id = context.parameters.get("id", as: Int.self) else {
                throw ProblemDocument(.badRequest, "Invalid record id", detail: "the id must be an integer")
            }
            struct Body: Decodable { let by: String; let reason: String? }
            let expected = #"expected {"by": "...", "reason": "..."}"#
            let body = try await request.command(Body.self, context: context, expected: expected)
            guard !body.by.isEmpty else { throw ProblemDocument(.badRequest, "Invalid body", detail: expected) }
            guard await workflow.state.mpi.entries[id] != nil else {
                throw ProblemDocument(.notFound, "No such record", detail: "patient record \(id) is not in the master patient index")
            }
            do {
                _ = try await workflow.unlinkMPIRecord(patientID: id, by: body.by, reason: body.reason ?? "")
            } catch {
                throw ProblemDocument(.conflict, "Record is not linked", detail: "\(error)")
            }
            return JSONResponse.make(MPIPersonView(patientID: id, state: await workflow.state, authority: enterpriseAuthority))
        }
        routes.get("/api/mpi/audit") { _, _ in
            JSONResponse.make(await workflow.state.mpi.audit)
        }
        return routes
    }
}

struct MPIRecordView: Encodable {
    let recordId: Int
    let euid: String
    let identifiers: [String]

    init(_ id: Int, state: WorkflowState) {
        recordId = id
        euid = state.mpi.euid(of: id) ?? ""
        identifiers = state.patients.patients[id]?.identifiers.map(\.description) ?? []
    }
}

struct MPIReviewView: Encodable {
    let id: Int
    let status: String
    let score: Double
    let grade: String
    let patient: MPIRecordView
    let candidate: MPIRecordView
    let fields: [String: MatchScore.FieldContribution]
    let blocksAutomaticLink: String?
    let openedAt: String
    let decidedBy: String?
    let decidedAt: String?

    // Not optimized: optimizing this initializer crashes the Swift 6.2 compiler in release builds
    // (ownership verifier, "Found outside of lifetime use" on the score's optional). It runs once per
    // review listed, so the cost does not matter.
    @_optimize(none)
    init(_ review: MPIReview, state: WorkflowState, configuration: MPIConfiguration) {
        let match = review.score
        id = review.id
        status = review.status.rawValue
        score = match.total
        grade = MatchScorer.grade(match, configuration).rawValue
        patient = MPIRecordView(review.patientID, state: state)
        candidate = MPIRecordView(review.candidatePatientID, state: state)
        fields = match.fields
        blocksAutomaticLink = match.blocksAutomaticLink
        openedAt = review.openedAt
        decidedBy = review.decidedBy.isEmpty ? nil : review.decidedBy
        decidedAt = review.decidedAt.isEmpty ? nil : review.decidedAt
    }
}

struct MPIPersonView: Encodable {
    let euid: String
    let records: [MPIRecordView]
    let identifiers: [String]

    init(patientID: Int, state: WorkflowState, authority: String) {
        euid = state.mpi.euid(of: patientID) ?? ""
        records = state.mpi.linkedRecords(of: patientID).map { MPIRecordView($0, state: state) }
        identifiers = state.personIdentifiers(ofPatient: patientID, enterpriseAuthority: authority).map(\.description)
    }
}
