import Foundation
import Store
import Workflow

/// The OpenAPI 3.1 description of every HTTP route, served at `GET /openapi.json` and committed as
/// `docs/openapi.json` (`radbridge openapi` prints it; a test keeps the two equal and checks that
/// every route the router serves is described). The FHIR part is built from the CapabilityStatement's
/// tables, so it lists the search parameters search really understands.
public enum OpenAPIDocument {
    typealias B = OpenAPIBuilder

    /// The document as pretty-printed JSON with sorted keys (stable, so the committed copy diffs well).
    public static func json() -> Data {
        let document: [String: Any] = [
            "openapi": "3.1.0",
            "info": ["title": "RadBridge", "version": "1",
                     "description": "The JSON API, FHIR R4 (/fhir) and DICOMweb (/dicomweb) of a RadBridge node. Errors are RFC 9457 problem documents (FHIR: OperationOutcome)."],
            "paths": paths(),
            "components": ["schemas": schemas],
        ]
        let data = try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return (data ?? Data()) + Data("\n".utf8)
    }

    static func paths() -> [String: Any] {
        var paths = apiPaths
        for (path, item) in dicomwebPaths { paths[path] = item }
        for (path, item) in fhirPaths() { paths[path] = item }
        return paths
    }

    static var schemas: [String: Any] { [
        "Problem": ["type": "object", "required": ["type", "title", "status"],
                    "properties": ["type": ["type": "string"], "title": ["type": "string"], "status": ["type": "integer"],
                                   "detail": ["type": "string"]]],
        "OperationOutcome": ["type": "object", "required": ["resourceType", "issue"],
                             "properties": ["resourceType": ["const": "OperationOutcome"], "issue": ["type": "array"]]],
    ] }

    private static var id: [String: Any] { B.path("id", "A numeric id", B.integer()) }
    private static var by: [String: Any] { B.string("Who decides (the operator's name)") }
    private static var list: [String: Any] { B.response("The list", schema: ["type": "array"]) }
    private static var item: [String: Any] { B.response("The item") }
    private static var invalid: [String: Any] { B.problem("A parameter or the body is not valid") }
    private static var missing: [String: Any] { B.problem("No such item") }
    private static var conflict: [String: Any] { B.problem("The item is not in a state that allows this") }
    private static var unsupportedBody: [String: Any] { B.problem("The body is not application/json") }

    static var apiPaths: [String: Any] {
        [
            "/healthz": ["get": B.operation("Liveness", tag: "api", responses: [200: B.response("The node is up")])],
            "/openapi.json": ["get": B.operation("This document", tag: "api", responses: [200: B.response("OpenAPI 3.1")])],
            "/api/messages": ["get": B.operation("Journal entries, newest first", tag: "messages", parameters: [
                B.query("status", "Journal status", B.string(values: JournalStatus.allCases.map(\.rawValue))),
                B.query("type", "Message type, e.g. ORM^O01"),
                B.query("controlId", "MSH-10"),
                B.query("limit", "At most this many", B.integer(minimum: 1, maximum: 10_000)),
            ], responses: [200: list, 400: invalid])],
            "/api/messages/{id}": ["get": B.operation("A journal entry with its raw text and segments", tag: "messages",
                                                      parameters: [id], responses: [200: item, 400: invalid, 404: missing])],
            "/api/messages/{id}/resend": ["post": B.operation("Queue a message again for the named destinations (default: every destination it was routed to); one still queued there is not queued twice", tag: "messages",
                parameters: [id], body: B.jsonBody(["destinations": ["type": "array", "items": B.string()]], optional: true),
                responses: [202: B.response("Queued: {queued, alreadyQueued}"), 200: B.response("Every destination still had it queued"), 400: invalid, 404: missing, 409: conflict, 415: unsupportedBody])],
            "/api/senders": ["get": B.operation("Per sender: message counts and validation warnings by kind", tag: "messages",
                                                 responses: [200: list])],
            "/api/destinations": ["get": B.operation("Destinations and their queues", tag: "messages", responses: [200: list])],
            "/api/patients": ["get": B.operation("Patients (not merged away)", tag: "workflow", parameters: [
                B.query("identifier", "MRN, or MRN^^^AUTHORITY"),
            ], responses: [200: list])],
            "/api/patients/{id}/priors": ["get": B.operation("Performed exams of a patient, newest first", tag: "workflow", parameters: [
                B.path("id", "MRN or MRN^^^AUTHORITY"),
                B.query("modality", "DICOM modality"),
                B.query("since", "YYYYMMDD"),
                B.query("limit", "At most this many", B.integer(minimum: 1, maximum: 1000)),
            ], responses: [200: list, 400: invalid, 404: missing])],
            "/api/orders": ["get": B.operation("Orders", tag: "workflow", parameters: [
                B.query("accession", "Accession number"),
                B.query("status", "Order state", B.string(values: OrderState.allCases.map(\.rawValue))),
                B.query("patient", "A patient identifier"),
            ], responses: [200: list, 400: invalid])],
            "/api/orders/{id}": ["get": B.operation("An order with its history and reports", tag: "workflow", parameters: [id],
                                                    responses: [200: item, 400: invalid, 404: missing])],
            "/api/worklist": ["get": B.operation("Scheduled procedure steps", tag: "workflow", parameters: [
                B.query("modality", "DICOM modality"),
                B.query("station", "Scheduled station AE title"),
                B.query("date", "YYYYMMDD or a range YYYYMMDD-YYYYMMDD"),
            ], responses: [200: list, 400: invalid])],
            "/api/studies": ["get": B.operation("Received studies", tag: "dicom", responses: [200: list])],
            "/api/studies/{uid}": ["get": B.operation("A study and where its instances stand with each DICOM destination", tag: "dicom",
                                                      parameters: [B.path("uid", "Study Instance UID")],
                                                      responses: [200: item, 400: invalid, 404: missing])],
            "/api/studies/{uid}/retrieve": ["post": B.operation("Retrieve a study from a PACS (C-MOVE or C-GET)", tag: "dicom",
                parameters: [B.path("uid", "Study Instance UID")], body: B.jsonBody(["from": B.string("A workflow.priorsFrom name")], optional: true),
                responses: [200: item, 400: invalid, 404: missing, 409: conflict, 415: unsupportedBody,
                            502: B.problem("The PACS failed the retrieval")])],
            "/api/quarantine": ["get": B.operation("Quarantined messages and instances", tag: "dicom", responses: [200: list])],
            "/api/quarantine/{id}": ["get": B.operation("A quarantine entry and its decision", tag: "dicom", parameters: [id],
                                                        responses: [200: item, 400: invalid, 404: missing])],
            "/api/quarantine/{id}/release": ["post": B.operation("File a quarantined instance with an order", tag: "dicom",
                parameters: [id],
                body: B.jsonBody(["patientId": B.string(), "accessionNumber": B.string(), "by": by], required: ["patientId", "accessionNumber", "by"]),
                responses: [200: item, 400: invalid, 404: missing, 409: conflict, 415: unsupportedBody])],
            "/api/quarantine/{id}/reject": ["post": B.operation("Reject a quarantined instance", tag: "dicom", parameters: [id],
                body: B.jsonBody(["by": by, "reason": B.string()], required: ["by"]),
                responses: [200: item, 400: invalid, 404: missing, 409: conflict, 415: unsupportedBody])],
            "/api/critical-results": ["get": B.operation("Critical-result cases", tag: "workflow", parameters: [
                B.query("state", "open, overdue or a case state", B.string(values: ["open", "overdue"] + CriticalState.allCases.map(\.rawValue))),
            ], responses: [200: list, 400: invalid])],
            "/api/critical-results/{id}/acknowledge": ["post": B.operation("Acknowledge a critical result", tag: "workflow",
                parameters: [id], body: B.jsonBody(["by": by, "note": B.string()], required: ["by"]),
                responses: [200: item, 400: invalid, 404: missing, 409: conflict, 415: unsupportedBody])],
            "/api/mpi/reviews": ["get": B.operation("Master patient index review tasks", tag: "mpi", parameters: [
                B.query("status", "Review status", B.string(values: ["open", "linked", "kept-apart", "superseded", "all"])),
            ], responses: [200: list, 400: invalid])],
            "/api/mpi/reviews/{id}": ["post": B.operation("Decide a review task", tag: "mpi", parameters: [id],
                body: B.jsonBody(["decision": B.string(values: ["link", "keep-apart"]), "by": by], required: ["decision", "by"]),
                responses: [200: item, 400: invalid, 404: missing, 409: conflict, 415: unsupportedBody])],
            "/api/mpi/persons": ["get": B.operation("A person's linked records and identifiers", tag: "mpi", parameters: [
                B.query("identifier", "ID^^^AUTHORITY", required: true),
            ], responses: [200: item, 400: invalid, 404: missing])],
            "/api/mpi/records/{id}/unlink": ["post": B.operation("Unlink a record from its person", tag: "mpi", parameters: [id],
                body: B.jsonBody(["by": by, "reason": B.string()], required: ["by"]),
                responses: [200: item, 400: invalid, 404: missing, 409: conflict, 415: unsupportedBody])],
            "/api/mpi/audit": ["get": B.operation("The identity audit journal", tag: "mpi", responses: [200: list])],
            "/api/terminology/unmapped": ["get": B.operation("Procedures no mapping resolves", tag: "terminology", responses: [200: list])],
            "/api/terminology/mappings": ["post": B.operation("Map a local procedure to a standard code", tag: "terminology",
                body: B.jsonBody(["localCode": B.string(), "localDescription": B.string(), "code": B.string("RadLex Playbook ID or LOINC code"),
                                  "standard": ["type": "object", "required": ["code", "system"],
                                               "properties": ["code": B.string(), "system": B.string(), "display": B.string()]]]),
                responses: [201: item, 400: invalid, 415: unsupportedBody, 422: B.problem("Nothing to map or an unknown code")])],
        ]
    }
}
