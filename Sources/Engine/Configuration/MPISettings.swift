import Workflow

/// `workflow.mpi`: the master patient index's thresholds and domains.
///
///     mpi:
///       upperThreshold: 24          # link automatically at or above
///       lowerThreshold: 12          # review task between the two; new enterprise ID below
///       enterpriseAuthority: RADBRIDGE-EUID
///       nationalTypes: [SS, NI]     # PID-3 type codes shared across domains
public struct MPISettings: Sendable, Decodable, Equatable {
    public var upperThreshold: Double?
    public var lowerThreshold: Double?
    public var enterpriseAuthority: String?
    public var nationalTypes: [String]?

    func domain() throws -> MPIConfiguration {
        var configuration = MPIConfiguration()
        if let upperThreshold { configuration.upperThreshold = upperThreshold }
        if let lowerThreshold { configuration.lowerThreshold = lowerThreshold }
        guard configuration.lowerThreshold <= configuration.upperThreshold else {
            throw ConfigurationError.invalidValue("workflow.mpi.lowerThreshold (\(configuration.lowerThreshold)) must not exceed upperThreshold (\(configuration.upperThreshold))")
        }
        if let enterpriseAuthority {
            guard !enterpriseAuthority.isEmpty else { throw ConfigurationError.invalidValue("workflow.mpi.enterpriseAuthority must not be empty") }
            configuration.enterpriseAuthority = enterpriseAuthority
        }
        if let nationalTypes { configuration.nationalTypes = Set(nationalTypes) }
        return configuration
    }
}
