import Foundation

/// Reads a resource a client sent: JSON, an object, the expected `resourceType`, then the
/// Codable model. Each failure is a 400 OperationOutcome that says where.
enum ResourceDecoder {
    static func decode<T: Decodable>(_ type: T.Type, named resourceType: String, from data: Data) throws(FHIRError) -> T {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw FHIRError(400, "structure", "the body is not valid JSON: \(Self.describe(error))")
        }
        guard let dictionary = object as? [String: Any] else {
            throw FHIRError(400, "structure", "the body must be a JSON object (a \(resourceType) resource)")
        }
        guard let given = dictionary["resourceType"] as? String else {
            throw FHIRError(400, "structure", "the resource has no resourceType", expression: ["resourceType"])
        }
        guard given == resourceType else {
            throw FHIRError(400, "invalid", "expected a \(resourceType), got resourceType '\(given)'", expression: ["resourceType"])
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            let (path, text) = Self.explain(error)
            throw FHIRError(400, "structure", "\(resourceType).\(path): \(text)", expression: ["\(resourceType).\(path)"])
        } catch {
            throw FHIRError(400, "structure", "the \(resourceType) cannot be read: \(error)")
        }
    }

    private static func describe(_ error: Error) -> String {
        (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            .replacingOccurrences(of: ".[", with: "[").trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    private static func explain(_ error: DecodingError) -> (String, String) {
        switch error {
        case .typeMismatch(let type, let context):
            return (path(context.codingPath), "expected \(Self.name(of: type))")
        case .valueNotFound(let type, let context):
            return (path(context.codingPath), "expected \(Self.name(of: type)), found null")
        case .keyNotFound(let key, let context):
            return (path(context.codingPath + [key]), "required element missing")
        case .dataCorrupted(let context):
            return (path(context.codingPath), context.debugDescription)
        @unknown default:
            return ("", "\(error)")
        }
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type: "an integer"
        case is [Any].Type: "an array"
        default: type is any Collection.Type ? "an array" : "an object"
        }
    }
}
