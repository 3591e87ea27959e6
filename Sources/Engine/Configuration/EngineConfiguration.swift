import Foundation
import Workflow
import Yams

/// The `--config` file: destinations and the routes to them.
public struct EngineConfiguration: Sendable, Decodable, Equatable {
    public var destinations: [String: DestinationConfiguration]
    public var routes: [RouteConfiguration]
    public var workflow: WorkflowSettings
    /// `dicom: { aeTitle: RADBRIDGE }`: the AE title of the DICOM listener.
    public var dicom: DICOMSettings
    /// DICOM peers received instances are forwarded to, and the rules that pick them.
    public var dicomDestinations: [String: DICOMDestinationConfiguration] = [:]
    public var dicomRoutes: [DICOMRouteConfiguration] = []
    /// `profiles: { directory, inbound: [...] }`: vendor interface profiles.
    public var profiles = ProfileSettings()
    public var http = HTTPSettings()
    /// `validation: { default: lenient, senders: [...] }`: the validation policy per sender.
    public var validation = ValidationSettings()
    /// `mllp: { maxConnections, idleTimeout, frameTimeout, maxFrameBytes }`: the listener's bounds.
    public var mllp = MLLPSettings()
    /// `security: { oidc: {...} }`: who may authenticate besides the local API tokens.
    public var security = SecuritySettings()

    public struct DICOMSettings: Sendable, Decodable, Equatable {
        public var aeTitle = "RADBRIDGE"
        /// `dicom.stowMaxBytes`: the largest STOW-RS request body accepted (413 beyond it).
        public var stowMaxBytes = 512 * 1024 * 1024
        /// `dicom.stowMaxPartBytes`: the largest part (one instance) of a STOW-RS body (413 beyond it).
        public var stowMaxPartBytes = 256 * 1024 * 1024
        /// `dicom.maxProcedureSteps`: MPPS steps in progress kept (the oldest evicted beyond it), and ended ones remembered.
        public var maxProcedureSteps = 10_000
        /// `dicom.maxAssociations`, `idleTimeout`, `maxMessageBytes`, …: the listener's bounds.
        public var limits = DICOMListenerLimits()
        public init() {}
        private enum CodingKeys: String, CodingKey { case aeTitle, stowMaxBytes, stowMaxPartBytes, maxProcedureSteps }
        public init(from decoder: any Decoder) throws {
            aeTitle = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .aeTitle) ?? "RADBRIDGE"
            stowMaxBytes = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Int.self, forKey: .stowMaxBytes) ?? stowMaxBytes
            stowMaxPartBytes = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Int.self, forKey: .stowMaxPartBytes) ?? stowMaxPartBytes
            maxProcedureSteps = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Int.self, forKey: .maxProcedureSteps) ?? maxProcedureSteps
            limits = try DICOMListenerLimits(from: decoder)
        }
    }

    public init(destinations: [String: DestinationConfiguration] = [:], routes: [RouteConfiguration] = [],
                workflow: WorkflowSettings = WorkflowSettings(), dicom: DICOMSettings = DICOMSettings()) {
        self.destinations = destinations
        self.routes = routes
        self.workflow = workflow
        self.dicom = dicom
    }

    private enum CodingKeys: String, CodingKey { case destinations, routes, workflow, dicom, dicomDestinations, dicomRoutes, profiles, validation, mllp }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(destinations: try c.decodeIfPresent([String: DestinationConfiguration].self,
                                                      forKey: .destinations) ?? [:],
                  routes: try c.decodeIfPresent([RouteConfiguration].self, forKey: .routes) ?? [],
                  workflow: try c.decodeIfPresent(WorkflowSettings.self, forKey: .workflow) ?? WorkflowSettings(),
                  dicom: try c.decodeIfPresent(DICOMSettings.self, forKey: .dicom) ?? DICOMSettings())
        dicomDestinations = try c.decodeIfPresent([String: DICOMDestinationConfiguration].self, forKey: .dicomDestinations) ?? [:]
        dicomRoutes = try c.decodeIfPresent([DICOMRouteConfiguration].self, forKey: .dicomRoutes) ?? []
        profiles = try c.decodeIfPresent(ProfileSettings.self, forKey: .profiles) ?? ProfileSettings()
        http = try HTTPSettings.decode(from: decoder)
        validation = try c.decodeIfPresent(ValidationSettings.self, forKey: .validation) ?? ValidationSettings()
        mllp = try c.decodeIfPresent(MLLPSettings.self, forKey: .mllp) ?? MLLPSettings()
        security = try SecuritySettings.decode(from: decoder)
    }

    public init(yaml: String) throws {
        guard try Yams.compose(yaml: yaml) != nil else {  // an empty file, or only comments
            self.init()
            return
        }
        let decoded: EngineConfiguration
        do {
            decoded = try YAMLDecoder().decode(EngineConfiguration.self, from: yaml)
        } catch let DecodingError.dataCorrupted(context) {
            if let underlying = context.underlyingError as? ConfigurationError { throw underlying }
            throw DecodingError.dataCorrupted(context)
        }
        try decoded.validate()
        self = decoded
    }

    /// The workflow's domain configuration, with the interface profiles it applies.
    public func workflowConfiguration() throws -> WorkflowConfiguration {
        var configuration = try workflow.domain()
        configuration.profiles = try profileCatalog()
        return configuration
    }

    /// Every known profile and the inbound rules; a rule or destination naming an unknown profile is an error.
    public func profileCatalog() throws -> ProfileCatalog {
        let catalog: ProfileCatalog
        do {
            catalog = ProfileCatalog(profiles: try profiles.catalog(), inboundRules: profiles.inbound)
        } catch let error as ProfileLibrary.LoadError {
            throw ConfigurationError.invalidValue("profiles: \(error.description)")
        }
        let known = catalog.profiles.keys.sorted().joined(separator: ", ")
        for rule in profiles.inbound where catalog.profile(named: rule.profile) == nil {
            throw ConfigurationError.invalidValue("profiles.inbound names '\(rule.profile)', which is not a profile (\(known))")
        }
        for (name, destination) in destinations {
            if let profile = destination.profile, catalog.profile(named: profile) == nil {
                throw ConfigurationError.invalidValue("destination '\(name)' names profile '\(profile)', which is not a profile (\(known))")
            }
        }
        return catalog
    }

    public init(contentsOf url: URL) throws {
        try self.init(yaml: try String(contentsOf: url, encoding: .utf8))
    }

    public func validate() throws {
        for (index, route) in routes.enumerated() {
            for name in route.to where destinations[name] == nil {
                throw ConfigurationError.unknownDestination(route: index, name: name)
            }
        }
        for (role, names) in workflow.destinations {
            for name in names where destinations[name] == nil {
                throw ConfigurationError.invalidValue("workflow.\(role.rawValue) names '\(name)', which is not a destination")
            }
        }
        _ = try workflowConfiguration()
        let ae = dicom.aeTitle
        guard !ae.isEmpty, ae.count <= 16, !ae.contains("\\") else {
            throw ConfigurationError.invalidValue("dicom.aeTitle '\(ae)' must be 1 to 16 characters without a backslash")
        }
        guard dicom.stowMaxBytes > 0, dicom.stowMaxPartBytes > 0 else {
            throw ConfigurationError.invalidValue("dicom.stowMaxBytes and dicom.stowMaxPartBytes must be positive")
        }
        guard dicom.maxProcedureSteps > 0 else { throw ConfigurationError.invalidValue("dicom.maxProcedureSteps must be positive") }
        try dicom.limits.validate()
        try validateDICOMForwarding()
        for (name, destination) in destinations {
            guard destination.ackTimeout > 0, destination.backoff.initial > 0,
                  destination.backoff.max >= destination.backoff.initial, destination.aeRetries >= 0
            else { throw ConfigurationError.invalidValue("destination '\(name)': timeouts and retries must be positive") }
        }
    }
}
