import Foundation
import HL7
import Hummingbird
import Workflow

/// The workflow's part of the JSON API: patients, orders, the worklist, quarantine and critical results.
extension HTTPAPI {
    /// A patient by identifier (`MRN`, or `MRN^^^AUTHORITY` in the authority's domain), after merges.
    static func patient(identifiedBy text: String, in state: WorkflowState) -> Patient? {
        let parts = text.components(separatedBy: "^^^")
        if parts.count > 1 { return state.patients.resolve(PatientIdentifier(id: parts[0], issuer: parts[1])) }
        return state.patients.patients.values.sorted { $0.id < $1.id }.first { $0.identifiers.contains { $0.id == parts[0] } }
            .flatMap { state.patients.resolve(patientID: $0.id) }
    }

    static func workflowRoutes(workflow: WorkflowService) -> RouteCollection<RadBridgeRequestContext> {
        let routes = RouteCollection(context: RadBridgeRequestContext.self)
        routes.get("/api/patients") { request, _ in
            let state = await workflow.state
            var patients = state.patients.patients.values.filter { $0.mergedInto == nil }
            if let text = request.uri.queryParameters.get("identifier") {
                patients = patient(identifiedBy: text, in: state).map { [$0] } ?? []
            }
            return JSONResponse.make(patients.sorted { $0.id < $1.id }.map(PatientView.init))
        }
        routes.get("/api/orders") { request, _ in
            let query = request.uri.queryParameters
            let state = await workflow.state
            var orders = state.orders.values.sorted { $0.id < $1.id }
            if let accession = query.get("accession") { orders = orders.filter { $0.accessionNumber == accession } }
            if let status = query.get("status") {
                guard OrderState(rawValue: status) != nil else {
                    throw ProblemDocument(.badRequest, "Unknown status",
                                          detail: "status must be one of \(OrderState.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                orders = orders.filter { $0.state.rawValue == status }
            }
            if let patient = query.get("patient") {
                orders = orders.filter { order in
                    state.patients.patients.values.contains { p in
                        p.identifiers.contains { $0.id == patient } && state.patients.resolve(patientID: p.id)?.id == state.patient(of: order)?.id
                    }
                }
            }
            return JSONResponse.make(orders.map { OrderView($0, state: state, withHistory: false) })
        }
        routes.get("/api/orders/:id") { _, context in
            guard let id = context.parameters.get("id", as: Int.self) else {
                throw ProblemDocument(.badRequest, "Invalid order id", detail: "the id must be an integer")
            }
            let state = await workflow.state
            guard let order = state.orders[id] else {
                throw ProblemDocument(.notFound, "No such order", detail: "there is no order \(id)")
            }
            return JSONResponse.make(OrderView(order, state: state, withHistory: true))
        }
        routes.get("/api/worklist") { request, _ in
            let query = request.uri.queryParameters
            let items = await workflow.worklistItems(matching: WorklistQuery(
                modality: query.get("modality"), stationAETitle: query.get("station"), startDate: query.get("date")))
            return JSONResponse.make(items.map(WorklistItemView.init))
        }
        routes.get("/api/studies") { _, _ in
            let state = await workflow.state
            return JSONResponse.make(state.studies.values.sorted { $0.studyInstanceUID < $1.studyInstanceUID }
                .map { StudyView($0, state: state) })
        }
        routes.get("/api/quarantine") { _, _ in
            JSONResponse.make(await workflow.state.quarantine.map {
                ["id": String($0.id), "kind": $0.kind, "reason": $0.reason, "controlId": $0.controlID, "receivedAt": $0.receivedAt]
            })
        }
        routes.get("/api/critical-results") { request, _ in
            let state = await workflow.state
            let now = HL7Timestamp.epochSeconds(HL7Timestamp.now()) ?? 0
            var cases = state.criticalResults.values.sorted { $0.id < $1.id }
            if let wanted = request.uri.queryParameters.get("state") {
                switch wanted {
                case "open": cases = cases.filter { $0.state.isOpen }
                case "overdue": cases = cases.filter { $0.isOverdue(now: now) }
                default:
                    guard CriticalState(rawValue: wanted) != nil else {
                        throw ProblemDocument(.badRequest, "Unknown state", detail: "state must be open, overdue or a case state")
                    }
                    cases = cases.filter { $0.state.rawValue == wanted }
                }
            }
            return JSONResponse.make(cases.map { CriticalResultView($0, state: state, now: now) })
        }
        routes.post("/api/critical-results/:id/acknowledge") { request, context in
            guard let id = context.parameters.get("id", as: Int.self) else {
                throw ProblemDocument(.badRequest, "Invalid case id", detail: "the id must be an integer")
            }
            struct Body: Decodable { let by: String; let note: String? }
            let expected = #"expected {"by": "...", "note": "..."}"#
            let body = try await request.command(Body.self, context: context, expected: expected)
            guard !body.by.isEmpty else { throw ProblemDocument(.badRequest, "Invalid body", detail: expected) }
            do {
                try await workflow.acknowledgeCritical(id: id, by: body.by, note: body.note ?? "")
            } catch {
                let known = await workflow.state.criticalResults[id] != nil
                throw ProblemDocument(known ? .conflict : .notFound, known ? "Case is not open" : "No such case", detail: "\(error)")
            }
            let state = await workflow.state
            let now = HL7Timestamp.epochSeconds(HL7Timestamp.now()) ?? 0
            guard let critical = state.criticalResults[id] else {
                throw ProblemDocument(.notFound, "No such case", detail: "there is no critical result \(id)")
            }
            return JSONResponse.make(CriticalResultView(critical, state: state, now: now))
        }
        return routes
    }
}
