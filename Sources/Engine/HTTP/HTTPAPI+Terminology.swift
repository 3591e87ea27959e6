import Foundation
import Hummingbird
import Workflow

/// The terminology review queue: procedures no mapping resolves, and mappings added at run time.
extension HTTPAPI {
    static func terminologyRoutes(workflow: WorkflowService) -> RouteCollection<RadBridgeRequestContext> {
        let routes = RouteCollection(context: RadBridgeRequestContext.self)
        routes.get("/api/terminology/unmapped") { _, _ in
            JSONResponse.make(await workflow.state.unmappedProcedures.map(UnmappedProcedureView.init))
        }
        // {"localCode": "XRCH2", "localDescription": "Chest 2 views", "code": "RPID1234"} maps to a
        // concept of the table (RadLex Playbook ID or LOINC code); `standard: {code, system, display}`
        // names any code instead.
        routes.post("/api/terminology/mappings") { request, context in
            struct Body: Decodable {
                struct Standard: Decodable { let code: String; let system: String; let display: String? }
                let localCode: String?
                let localDescription: String?
                let code: String?
                let standard: Standard?
            }
            let body = try await request.command(Body.self, context: context, expected:
                #"expected {"localCode" or "localDescription", and "code" or "standard": {"code", "system", "display"}}"#)
            let localCode = body.localCode ?? "", localDescription = body.localDescription ?? ""
            guard !localCode.isEmpty || !localDescription.isEmpty else {
                throw ProblemDocument(.unprocessableContent, "Nothing to map", detail: "give localCode, localDescription or both")
            }
            let standard: CodedValue
            if let code = body.code {
                guard let concept = await workflow.terminology.concept(code: code) else {
                    throw ProblemDocument(.unprocessableContent, "Unknown code",
                                          detail: "'\(code)' is neither a RadLex Playbook ID nor a LOINC code of the procedure table")
                }
                standard = concept.standardCode
            } else if let given = body.standard, !given.code.isEmpty, !given.system.isEmpty {
                standard = CodedValue(code: given.code, text: given.display ?? "", codingScheme: given.system)
            } else {
                throw ProblemDocument(.unprocessableContent, "No standard code", detail: #"give "code" or "standard": {"code", "system"}"#)
            }
            let mapping = LocalProcedureMapping(localCode: localCode, localDescription: localDescription, standard: standard)
            let outcome = try await workflow.handle(.procedureMappingAdded(mapping))
            struct Created: Encodable {
                let localCode: String, localDescription: String
                let standard: CodedValueView
                let ordersUpdated: [Int]
            }
            return JSONResponse.make(Created(localCode: localCode, localDescription: localDescription,
                                             standard: CodedValueView(standard), ordersUpdated: outcome.changedOrders.sorted()),
                                     status: .created)
        }
        return routes
    }
}

struct UnmappedProcedureView: Encodable {
    let procedure: CodedValueView
    let orderIds: [Int]
    let firstSeen: String
    /// Standard codes it may mean when only the contrast is not stated; a reviewer picks one.
    let candidates: [CodedValueView]
    let laterality: CodedValueView?

    init(_ unmapped: UnmappedProcedure) {
        procedure = CodedValueView(unmapped.procedure)
        orderIds = unmapped.orderIDs
        firstSeen = unmapped.firstSeen
        candidates = unmapped.candidates.map(CodedValueView.init)
        laterality = unmapped.laterality.map(CodedValueView.init)
    }
}
