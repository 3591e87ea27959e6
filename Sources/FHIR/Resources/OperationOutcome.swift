/// `OperationOutcome`: what went wrong (or a warning about what was ignored).
public struct OperationOutcome: Codable, Sendable, Error {
    public var resourceType = "OperationOutcome"
    public var issue: [Issue]

    public struct Issue: Codable, Sendable {
        /// fatal | error | warning | information
        public var severity: String
        /// The IssueType code: invalid, structure, required, value, not-found, not-supported, too-long, business-rule, conflict, processing, exception, informational.
        public var code: String
        public var diagnostics: String?
        public var expression: [String]?

        public init(severity: String = "error", code: String, diagnostics: String?, expression: [String]? = nil) {
            self.severity = severity
            self.code = code
            self.diagnostics = diagnostics
            self.expression = expression
        }
    }

    public init(issue: [Issue]) { self.issue = issue }
}

/// An error a FHIR interaction answers with: an HTTP status and the OperationOutcome.
public struct FHIRError: Error, Sendable, CustomStringConvertible {
    public var status: Int
    public var outcome: OperationOutcome

    public init(_ status: Int, _ code: String, _ diagnostics: String, expression: [String]? = nil) {
        self.status = status
        outcome = OperationOutcome(issue: [.init(code: code, diagnostics: diagnostics, expression: expression)])
    }

    public var description: String { "\(status): " + outcome.issue.compactMap(\.diagnostics).joined(separator: "; ") }

    public static func invalid(_ text: String, expression: String? = nil) -> FHIRError {
        FHIRError(400, "invalid", text, expression: expression.map { [$0] })
    }
    public static func notFound(_ text: String) -> FHIRError { FHIRError(404, "not-found", text) }
    public static func notSupported(_ text: String, status: Int = 405) -> FHIRError { FHIRError(status, "not-supported", text) }
    public static func unprocessable(_ code: String = "processing", _ text: String, expression: String? = nil) -> FHIRError {
        FHIRError(422, code, text, expression: expression.map { [$0] })
    }
}
