/// A site's own procedure code or description and the standard code it means. Configured ones are
/// part of `WorkflowConfiguration.terminology`; ones added at run time live in the workflow state.
public struct LocalProcedureMapping: Sendable, Hashable, Codable {
    /// OBR-4.1 as the sender sends it; empty to match by description only.
    public var localCode: String
    /// OBR-4.2; matched after normalization. Empty to match by code only.
    public var localDescription: String
    public var standard: CodedValue

    public init(localCode: String = "", localDescription: String = "", standard: CodedValue) {
        self.localCode = localCode
        self.localDescription = localDescription
        self.standard = standard
    }

    public init(localCode: String = "", localDescription: String = "", concept: ProcedureConcept) {
        self.init(localCode: localCode, localDescription: localDescription, standard: concept.standardCode)
    }
}
