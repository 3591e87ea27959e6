import Foundation

/// Small constructors for the JSON objects of an OpenAPI 3.1 document, so that the route tables
/// (`OpenAPIDocument+*.swift`) read as one line per parameter and response.
enum OpenAPIBuilder {
    typealias Object = [String: Any]

    static func string(_ description: String? = nil, pattern: String? = nil, values: [String]? = nil) -> Object {
        var schema: Object = ["type": "string"]
        if let pattern { schema["pattern"] = pattern }
        if let values { schema["enum"] = values }
        if let description { schema["description"] = description }
        return schema
    }

    /// int64, so that generated requests probe the ends of the range (the overflow cases).
    static func integer(minimum: Int? = nil, maximum: Int? = nil) -> Object {
        var schema: Object = ["type": "integer", "format": "int64"]
        if let minimum { schema["minimum"] = minimum }
        if let maximum { schema["maximum"] = maximum }
        return schema
    }

    static func reference(_ component: String) -> Object { ["$ref": "#/components/schemas/\(component)"] }

    static func query(_ name: String, _ description: String, _ schema: Object = string(), required: Bool = false) -> Object {
        ["name": name, "in": "query", "description": description, "required": required, "schema": schema]
    }

    static func path(_ name: String, _ description: String, _ schema: Object = string()) -> Object {
        ["name": name, "in": "path", "description": description, "required": true, "schema": schema]
    }

    /// A JSON object body with these properties (`required` names the mandatory ones).
    static func jsonBody(_ properties: [String: Object], required: [String] = [], optional: Bool = false) -> Object {
        var schema: Object = ["type": "object", "properties": properties]
        if !required.isEmpty { schema["required"] = required }
        return ["required": !optional, "content": ["application/json": ["schema": schema]]]
    }

    static func response(_ description: String, _ mediaType: String? = "application/json", schema: Object = ["type": "object"]) -> Object {
        guard let mediaType else { return ["description": description] }
        return ["description": description, "content": [mediaType: ["schema": schema]]]
    }

    static func problem(_ description: String) -> Object {
        response(description, "application/problem+json", schema: reference("Problem"))
    }

    static func operation(_ summary: String, tag: String, parameters: [Object] = [], body: Object? = nil,
                          responses: [Int: Object]) -> Object {
        var operation: Object = ["summary": summary, "tags": [tag],
                                 "responses": Dictionary(uniqueKeysWithValues: responses.map { (String($0.key), $0.value) })]
        if !parameters.isEmpty { operation["parameters"] = parameters }
        if let body { operation["requestBody"] = body }
        return operation
    }
}
