import Foundation
import Workflow

/// What `Patient/$match` is asked: demographics from query parameters (`GET`) or from the
/// `resource` parameter of a Parameters body (`POST`), and how many candidates to return.
public struct PatientMatchRequest: Sendable {
    public var demographics = MPIDemographics()
    public var identifiers: [PatientIdentifier] = []
    public var count = 10

    /// `name` (`Family, Given` or `Given Family`), `family`, `given`, `birthdate`, `gender`, `phone`,
    /// `address-postalcode`, `identifier` (`system|value`), `_count`.
    public init(query items: [(name: String, value: String)], settings: FHIRSettings) throws(FHIRError) {
        for (name, value) in items where !value.isEmpty {
            switch name {
            case "name":
                let (family, given) = Self.split(name: value)
                demographics.family = family
                demographics.given = given
            case "family": demographics.family = value
            case "given": demographics.given = value
            case "birthdate": demographics.birthDate = value.filter(\.isNumber)
            case "gender": demographics.sex = FHIRMapper.sex(value)
            case "phone", "telecom": demographics.phone = value.filter(\.isNumber)
            case "address-postalcode": demographics.postalCode = value
            case "identifier": identifiers.append(Self.identifier(value, settings: settings))
            case "_count":
                guard let number = Int(value), (1...100).contains(number) else { throw .invalid("_count must be 1…100", expression: "_count") }
                count = number
            default:
                throw .invalid("$match does not take the parameter '\(name)'", expression: name)
            }
        }
        try check()
    }

    /// A Parameters resource with `resource` (a Patient) and optionally `count`.
    public init(parameters data: Data, settings: FHIRSettings) throws(FHIRError) {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              object["resourceType"] as? String == "Parameters",
              let parameters = object["parameter"] as? [[String: Any]] else {
            throw .invalid("the body must be a Parameters resource with a 'resource' parameter")
        }
        guard let patient = parameters.first(where: { $0["name"] as? String == "resource" })?["resource"] as? [String: Any],
              patient["resourceType"] as? String == "Patient" else {
            throw .invalid("the 'resource' parameter must hold a Patient", expression: "Parameters.parameter.resource")
        }
        if let count = parameters.first(where: { $0["name"] as? String == "count" })?["valueInteger"] as? Int {
            guard (1...100).contains(count) else { throw .invalid("count must be 1…100", expression: "Parameters.parameter.count") }
            self.count = count
        }
        let name = (patient["name"] as? [[String: Any]])?.first
        demographics.family = name?["family"] as? String ?? ""
        demographics.given = (name?["given"] as? [String])?.first ?? ""
        demographics.birthDate = (patient["birthDate"] as? String ?? "").filter(\.isNumber)
        demographics.sex = FHIRMapper.sex(patient["gender"] as? String)
        let phone = (patient["telecom"] as? [[String: Any]])?.first { $0["system"] as? String == "phone" }
        demographics.phone = (phone?["value"] as? String ?? "").filter(\.isNumber)
        let address = (patient["address"] as? [[String: Any]])?.first
        demographics.street = (address?["line"] as? [String])?.first ?? ""
        demographics.city = address?["city"] as? String ?? ""
        demographics.postalCode = address?["postalCode"] as? String ?? ""
        for identifier in patient["identifier"] as? [[String: Any]] ?? [] {
            guard let value = identifier["value"] as? String, !value.isEmpty else { continue }
            identifiers.append(PatientIdentifier(id: value, issuer: settings.issuer(ofPatientIdentifierSystem: identifier["system"] as? String) ?? ""))
        }
        try check()
    }

    private func check() throws(FHIRError) {
        guard !demographics.family.isEmpty || !demographics.birthDate.isEmpty else {
            throw .invalid("$match needs at least a family name or a birth date")
        }
    }

    /// `Smith, John` or `John Smith` → (family, given).
    static func split(name: String) -> (String, String) {
        if let comma = name.firstIndex(of: ",") {
            return (name[..<comma].trimmingCharacters(in: .whitespaces), name[name.index(after: comma)...].trimmingCharacters(in: .whitespaces))
        }
        let words = name.split(separator: " ").map(String.init)
        return (words.last ?? "", words.dropLast().joined(separator: " "))
    }

    static func identifier(_ token: String, settings: FHIRSettings) -> PatientIdentifier {
        guard let bar = token.firstIndex(of: "|") else { return PatientIdentifier(id: token, issuer: "") }
        let system = String(token[..<bar])
        return PatientIdentifier(id: String(token[token.index(after: bar)...]), issuer: settings.issuer(ofPatientIdentifierSystem: system) ?? "")
    }
}
