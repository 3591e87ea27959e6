/// Why a prior study could not be retrieved; `HTTPAPI+Priors` turns each into a problem document.
public enum PriorRetrievalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `workflow.priorsFrom` is empty, or the named source is not one of its entries.
    case unknownSource(String)
    case noInstanceDirectory
    /// Every PACS asked answered, none had the study. Per source: what it answered.
    case notFound([String: String])
    /// A PACS could not be reached or failed. Per source: the error.
    case failed([String: String])

    public var description: String {
        switch self {
        case .unknownSource(let name):
            return name.isEmpty ? "no PACS is configured in workflow.priorsFrom" : "'\(name)' is not in workflow.priorsFrom"
        case .noInstanceDirectory: return "RadBridge has no instance directory to receive the study into"
        case .notFound(let answers), .failed(let answers):
            return answers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
        }
    }
}
