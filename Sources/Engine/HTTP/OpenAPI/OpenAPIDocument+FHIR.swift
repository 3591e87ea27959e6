import FHIR
import Foundation

/// FHIR R4 under `/fhir`, from the CapabilityStatement: one path per resource type with its search
/// parameters, and the interactions each type supports. Every error is an OperationOutcome.
extension OpenAPIDocument {
    private static let fhirJSON = "application/fhir+json"

    private static func outcome(_ description: String) -> [String: Any] {
        B.response(description, fhirJSON, schema: B.reference("OperationOutcome"))
    }

    private static var paging: [[String: Any]] {
        [B.query("_count", "Page size (at most \(FHIRSearch.maximumCount))", B.integer(minimum: 0)),
         B.query("_offset", "Skip this many matches", B.integer(minimum: 0)),
         B.query("_format", "json or application/fhir+json"),
         B.query("_id", "The logical id")]
    }

    private static func resourceBody(_ type: String) -> [String: Any] {
        ["required": true, "content": [fhirJSON: ["schema": ["type": "object", "required": ["resourceType"],
                                                              "properties": ["resourceType": ["const": type]]]]]]
    }

    /// A date parameter is a prefix and a FHIR date or dateTime; the pattern lets generated values be dates.
    private static func schema(of parameter: CapabilityStatement.SearchParam) -> [String: Any] {
        guard parameter.type == "date" else { return B.string() }
        return B.string(pattern: "^(eq|ne|gt|lt|ge|le|sa|eb|ap)?[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})?)?)?)?$")
    }

    static func fhirPaths() -> [String: Any] {
        let capability = CapabilityStatement.make(base: "", date: "")
        let bundle = B.response("A searchset Bundle", fhirJSON)
        let resource = B.response("The resource", fhirJSON)
        let invalid = outcome("A parameter or the body is not valid")
        let missing = outcome("No such resource")
        let id = B.path("id", "The logical id")
        var paths: [String: Any] = [
            "/fhir/metadata": ["get": B.operation("The CapabilityStatement", tag: "fhir", responses: [200: resource])],
            // Interactions no type supports, and unknown types: 405 or 404 OperationOutcomes.
            "/fhir/{type}": Dictionary(uniqueKeysWithValues: ["delete", "patch", "put"].map { method in
                (method, B.operation("Not supported on a type", tag: "fhir", parameters: [B.path("type", "A resource type")],
                                     responses: [404: missing, 405: outcome("Not supported")]))
            }),
            "/fhir/{type}/{id}": Dictionary(uniqueKeysWithValues: ["delete", "patch", "post"].map { method in
                (method, B.operation("Not supported on a resource", tag: "fhir", parameters: [B.path("type", "A resource type"), id],
                                     responses: [404: missing, 405: outcome("Not supported")]))
            }),
        ]
        for served in capability.rest.flatMap(\.resource) {
            let type = served.type
            let interactions = Set(served.interaction.map(\.code))
            let search = paging + served.searchParam.filter { $0.name != "_id" }.map { B.query($0.name, "\($0.type): \($0.documentation)", schema(of: $0)) }
            var typeItem: [String: Any] = [
                "get": B.operation("Search \(type)", tag: "fhir", parameters: search, responses: [200: bundle, 400: invalid]),
            ]
            if interactions.contains("create") {
                typeItem["post"] = B.operation("Create a \(type)", tag: "fhir", body: resourceBody(type),
                                               responses: [201: resource, 400: invalid, 413: outcome("The body is too large"),
                                                           415: outcome("The body is not FHIR JSON"), 422: outcome("The resource cannot be applied")])
            }
            paths["/fhir/\(type)"] = typeItem
            paths["/fhir/\(type)/_search"] = ["post": B.operation("Search \(type) with a form body", tag: "fhir",
                body: ["required": false, "content": ["application/x-www-form-urlencoded": ["schema": ["type": "object"]]]],
                responses: [200: bundle, 400: invalid])]
            var idItem: [String: Any] = ["get": B.operation("Read a \(type)", tag: "fhir", parameters: [id],
                                                            responses: [200: resource, 404: missing])]
            if interactions.contains("update") {
                idItem["put"] = B.operation("Update a \(type)", tag: "fhir", parameters: [id], body: resourceBody(type),
                                            responses: [200: resource, 400: invalid, 404: missing, 409: outcome("The change is not allowed"),
                                                        415: outcome("The body is not FHIR JSON"), 422: outcome("The resource cannot be applied")])
            }
            paths["/fhir/\(type)/{id}"] = idItem
            if interactions.contains("vread") {
                paths["/fhir/\(type)/{id}/_history/{version}"] = ["get": B.operation("Read a version of a \(type)", tag: "fhir",
                    parameters: [id, B.path("version", "Version number", B.integer(minimum: 1))], responses: [200: resource, 404: missing])]
            }
        }
        let match = [B.query("name", "Any part of the name"), B.query("family", "Family name"), B.query("given", "Given name"),
                     B.query("birthdate", "YYYY-MM-DD", B.string(pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")), B.query("gender", "administrative-gender"), B.query("phone", "Phone"),
                     B.query("address-postalcode", "Postal code"), B.query("identifier", "system|value"),
                     B.query("_count", "At most this many candidates", B.integer(minimum: 1))]
        paths["/fhir/Patient/$match"] = [
            "get": B.operation("Master patient index candidates", tag: "fhir", parameters: match, responses: [200: bundle, 400: invalid]),
            "post": B.operation("Master patient index candidates for a Parameters resource", tag: "fhir", body: resourceBody("Parameters"),
                                responses: [200: bundle, 400: invalid, 415: outcome("The body is not FHIR JSON")]),
        ]
        return paths
    }
}
