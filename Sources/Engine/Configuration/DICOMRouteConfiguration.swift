/// Sends received instances that match to the listed DICOM destinations (`dicomRoutes`).
public struct DICOMRouteConfiguration: Sendable, Decodable, Equatable {
    public var match: DICOMRouteMatch
    public var to: [String]

    public init(match: DICOMRouteMatch = DICOMRouteMatch(), to: [String]) {
        self.match = match
        self.to = to
    }

    private enum CodingKeys: String, CodingKey { case match, to }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(match: try c.decodeIfPresent(DICOMRouteMatch.self, forKey: .match) ?? DICOMRouteMatch(),
                  to: try c.decode([String].self, forKey: .to))
    }
}

/// Which instances a DICOM route takes; every given criterion must match (`*` and `?` are wildcards).
public struct DICOMRouteMatch: Sendable, Decodable, Equatable {
    public var modality: String?
    /// The AE title of the modality that sent the instance.
    public var callingAET: String?
    /// SOP Class UID.
    public var sopClass: String?

    public init(modality: String? = nil, callingAET: String? = nil, sopClass: String? = nil) {
        self.modality = modality
        self.callingAET = callingAET
        self.sopClass = sopClass
    }

    func matches(modality: String, callingAET: String, sopClass: String) -> Bool {
        [(self.modality, modality), (self.callingAET, callingAET), (self.sopClass, sopClass)].allSatisfy { pattern, value in
            pattern.map { WildcardPattern($0).matches(value) } ?? true
        }
    }
}

extension EngineConfiguration {
    func validateDICOMForwarding() throws {
        for (name, destination) in dicomDestinations { try destination.validate(name: name) }
        for (index, route) in dicomRoutes.enumerated() {
            for name in route.to where dicomDestinations[name] == nil {
                throw ConfigurationError.invalidValue("dicomRoutes[\(index)] names '\(name)', which is not in dicomDestinations")
            }
        }
        for name in workflow.priorsFrom where dicomDestinations[name] == nil {
            throw ConfigurationError.invalidValue("workflow.priorsFrom names '\(name)', which is not in dicomDestinations")
        }
    }

    /// The DICOM destinations a received instance goes to, in configuration order without repeats.
    public func dicomDestinations(modality: String, callingAET: String, sopClass: String) -> [String] {
        var names: [String] = []
        for route in dicomRoutes where route.match.matches(modality: modality, callingAET: callingAET, sopClass: sopClass) {
            for name in route.to where !names.contains(name) { names.append(name) }
        }
        return names
    }
}
