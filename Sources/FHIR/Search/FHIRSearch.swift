import Foundation

/// The search interaction: filters the resources of one type by the query, pages them with
/// `_count`/`_offset`, adds the subject patients for `_include`, and builds the searchset Bundle
/// with self/first/previous/next links. Parameters in the same query item separated by commas
/// are alternatives (OR); repeated parameters must all match (AND).
public struct FHIRSearch: Sendable {
    /// `http://host:port/fhir`, for `fullUrl` and the links.
    public let base: String
    public let zone: String
    public static let defaultCount = 20
    public static let maximumCount = 1000

    public init(base: String, zone: String) {
        self.base = base
        self.zone = zone
    }

    struct Filter<R> {
        let parameter: SearchParameter<R>
        let modifier: String?
        let values: [SearchValue]

        func matches(_ resource: R) -> Bool {
            let targets = parameter.values(resource)
            if modifier == "not" { return !values.contains { v in targets.contains { v.matches($0, modifier: nil) } } }
            return values.contains { v in targets.contains { v.matches($0, modifier: modifier) } }
        }
    }

    public func search<R: FHIRResource>(_ resources: [R], query: SearchQuery, patient: (String) -> Patient?) throws(FHIRError) -> FHIRBundle {
        let parameters = R.searchParameters(zone: zone)
            + [SearchParameter<R>("_id", .token, "The logical id") { SearchTarget.code($0.resourceID) }]
        var filters: [Filter<R>] = []
        var unknown: [String] = []
        var used: [(name: String, value: String)] = []
        var count = Self.defaultCount, offset = 0, include = false
        for (rawName, value) in query.items {
            let parts = rawName.split(separator: ":", maxSplits: 1).map(String.init)
            let name = parts.first ?? rawName, modifier = parts.count > 1 ? parts[1] : nil
            switch name {
            case "_count":
                guard let n = Int(value), (0...Self.maximumCount).contains(n) else {
                    throw .invalid("_count must be an integer 0…\(Self.maximumCount), not '\(value)'", expression: "_count")
                }
                count = n
                continue
            case "_offset":
                guard let n = Int(value), n >= 0 else { throw .invalid("_offset must be a non-negative integer, not '\(value)'", expression: "_offset") }
                offset = n
                continue
            case "_format":
                guard ["json", "application/json", "application/fhir+json"].contains(value.split(separator: ";").first.map(String.init) ?? "") else {
                    throw FHIRError(406, "not-supported", "only JSON is served (_format=json)")
                }
                continue
            case "_include":
                guard R.includes.contains(value) else { unknown.append("_include=\(value)"); continue }
                include = true
                used.append((rawName, value))
                continue
            default:
                break
            }
            guard let parameter = parameters.first(where: { $0.name == name }),
                  modifier.map(parameter.modifiers.contains) ?? true else {
                unknown.append(rawName)
                continue
            }
            let texts = value.split(separator: ",", omittingEmptySubsequences: true).map(String.init)
            guard !texts.isEmpty else { continue }
            var values: [SearchValue] = []
            for text in texts {
                values.append(try SearchValue.parse(text, kind: parameter.kind, name: rawName, zone: zone))
            }
            // A type modifier on a reference (`patient:Patient=1`) names the type.
            if parameter.kind == .reference, let modifier {
                values = values.map { if case .reference(_, let id) = $0 { .reference(type: modifier, id: id) } else { $0 } }
                filters.append(Filter(parameter: parameter, modifier: nil, values: values))
            } else {
                filters.append(Filter(parameter: parameter, modifier: modifier, values: values))
            }
            used.append((rawName, value))
        }
        if query.strict, !unknown.isEmpty {
            throw .invalid("unknown or unsupported search parameters for \(R.resourceType): \(unknown.joined(separator: ", ")) (Prefer: handling=strict)",
                           expression: unknown)
        }
        let matches = resources.filter { r in filters.allSatisfy { $0.matches(r) } }
        // `_offset` is any non-negative Int: every sum with it saturates.
        let end = offset.addingClamped(count)
        let page = offset < matches.count ? Array(matches[offset..<min(matches.count, end)]) : []
        var entries = page.map { FHIRBundle.Entry(fullUrl: "\(base)/\(R.resourceType)/\($0.resourceID)", resource: $0.anyResource,
                                                  search: .init(mode: "match")) }
        if include {
            var seen = Set<String>()
            for id in page.compactMap(\.subjectPatientID) where seen.insert(id).inserted {
                if let p = patient(id) {
                    entries.append(FHIRBundle.Entry(fullUrl: "\(base)/Patient/\(id)", resource: .patient(p), search: .init(mode: "include")))
                }
            }
        }
        if !unknown.isEmpty {
            let outcome = OperationOutcome(issue: [.init(severity: "warning", code: "not-supported",
                                                         diagnostics: "ignored unknown or unsupported search parameters: \(unknown.joined(separator: ", "))")])
            entries.append(FHIRBundle.Entry(fullUrl: nil, resource: .operationOutcome(outcome), search: .init(mode: "outcome")))
        }
        func link(_ relation: String, _ at: Int) -> FHIRBundle.Link {
            FHIRBundle.Link(relation: relation, url: url(R.resourceType, used + [("_count", String(count)), ("_offset", String(at))]))
        }
        var links = [link("self", offset), link("first", 0)]
        if offset > 0, count > 0 { links.append(link("previous", max(0, offset - count))) }
        if count > 0, end < matches.count { links.append(link("next", end)) }
        return FHIRBundle(total: matches.count, link: links, entry: entries)
    }

    func url(_ type: String, _ items: [(name: String, value: String)]) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        let query = items.map { "\($0.name.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.name)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.value)" }
        return "\(base)/\(type)" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }
}

extension Int {
    /// `self + other`, at most `Int.max`.
    func addingClamped(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}

extension FHIRError {
    static func invalid(_ text: String, expression: [String]) -> FHIRError {
        FHIRError(400, "invalid", text, expression: expression)
    }
}
