/// A vendor interface contract, declared per vendor and version: the Z-segments and fields a system
/// sends or expects, their types, which are required, and which domain attribute each carries.
/// Loaded from YAML (one file per profile); see the README's "Interface profiles" section.
public struct InterfaceProfile: Sendable, Codable, Equatable {
    public var name: String
    public var vendor: String
    public var product: String
    public var version: String
    public var description: String
    /// What happens to a Z-segment this profile does not declare.
    public var undeclaredZSegments: UndeclaredSegmentPolicy
    public var identity: IdentityExpectations
    public var segments: [SegmentContract]

    public init(name: String, vendor: String = "", product: String = "", version: String = "", description: String = "",
                undeclaredZSegments: UndeclaredSegmentPolicy = .warn, identity: IdentityExpectations = IdentityExpectations(),
                segments: [SegmentContract] = []) {
        self.name = name
        self.vendor = vendor
        self.product = product
        self.version = version
        self.description = description
        self.undeclaredZSegments = undeclaredZSegments
        self.identity = identity
        self.segments = segments
    }

    private enum CodingKeys: String, CodingKey {
        case name, vendor, product, version, description, undeclaredZSegments, identity, segments
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name),
                  vendor: try c.decodeIfPresent(String.self, forKey: .vendor) ?? "",
                  product: try c.decodeIfPresent(String.self, forKey: .product) ?? "",
                  version: try c.decodeIfPresent(String.self, forKey: .version) ?? "",
                  description: try c.decodeIfPresent(String.self, forKey: .description) ?? "",
                  undeclaredZSegments: try c.decodeIfPresent(UndeclaredSegmentPolicy.self, forKey: .undeclaredZSegments) ?? .warn,
                  identity: try c.decodeIfPresent(IdentityExpectations.self, forKey: .identity) ?? IdentityExpectations(),
                  segments: try c.decodeIfPresent([SegmentContract].self, forKey: .segments) ?? [])
    }

    /// What makes the contract itself wrong whatever the message (bad segment names, field numbers), or nil.
    public var contractProblem: String? {
        if name.isEmpty { return "the profile has no name" }
        for contract in segments {
            let segment = contract.segment
            guard segment.count == 3, segment.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else {
                return "segment '\(segment)' is not a segment name"
            }
            if contract.fields.contains(where: { $0.field < 1 || ($0.component ?? 1) < 1 }) {
                return "\(segment): field and component numbers start at 1"
            }
        }
        if let accession = identity.accession, ProfileValidator.segmentField(accession) == nil {
            return "identity.accession '\(accession)' is not a field like OBR-3"
        }
        return nil
    }

    /// The contract for a segment, if the profile declares it.
    public func contract(for segment: String) -> SegmentContract? { segments.first { $0.segment == segment } }

    /// The Z-segments the profile declares, in declaration order.
    public var zSegments: [SegmentContract] { segments.filter(\.isZSegment) }
}

public enum UndeclaredSegmentPolicy: String, Sendable, Codable {
    /// Kept and passed on silently.
    case keep
    /// Kept and passed on; logged and reported as a warning.
    case warn
    /// The message is refused (AE with ERR at the segment).
    case reject
}

/// Where the profile expects the identifiers of standard segments.
public struct IdentityExpectations: Sendable, Codable, Equatable {
    /// The field that holds the accession number, e.g. `OBR-3` (default) or `OBR-18` (IHE SWF).
    public var accession: String?
    /// The PID-3 identifier type code (CX.5) of the MRN, e.g. `MR`; the first repetition when unset.
    public var mrnIdentifierType: String?

    public init(accession: String? = nil, mrnIdentifierType: String? = nil) {
        self.accession = accession
        self.mrnIdentifierType = mrnIdentifierType
    }
}

/// One segment of the contract: a Z-segment, or the expectations on a standard segment.
public struct SegmentContract: Sendable, Codable, Equatable {
    public var segment: String
    /// Required in every order group (or in the message, for `scope: message`) of the message
    /// types listed in `messages`.
    public var required: Bool
    /// Message codes (`ORM`, `OML`, `ORU`, …) the segment belongs to; empty means order messages.
    public var messages: [String]
    public var scope: Scope
    /// The standard segment an outbound Z-segment is written after (default: the group's OBR).
    public var after: String
    public var fields: [FieldContract]

    public enum Scope: String, Sendable, Codable { case order, message }

    public var isZSegment: Bool { segment.hasPrefix("Z") }

    public init(segment: String, required: Bool = false, messages: [String] = [], scope: Scope = .order,
                after: String = "OBR", fields: [FieldContract] = []) {
        self.segment = segment
        self.required = required
        self.messages = messages
        self.scope = scope
        self.after = after
        self.fields = fields
    }

    private enum CodingKeys: String, CodingKey { case segment, required, messages, scope, after, fields }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(segment: try c.decode(String.self, forKey: .segment),
                  required: try c.decodeIfPresent(Bool.self, forKey: .required) ?? false,
                  messages: try c.decodeIfPresent([String].self, forKey: .messages) ?? [],
                  scope: try c.decodeIfPresent(Scope.self, forKey: .scope) ?? .order,
                  after: try c.decodeIfPresent(String.self, forKey: .after) ?? "OBR",
                  fields: try c.decodeIfPresent([FieldContract].self, forKey: .fields) ?? [])
    }

    /// Whether the segment is expected in a message with this code (`ORM`).
    public func applies(toMessageCode code: String) -> Bool {
        messages.isEmpty ? ["ORM", "OML"].contains(code) : messages.contains(code)
    }
}

/// One field (or component of a field) of a segment contract.
public struct FieldContract: Sendable, Codable, Equatable {
    public var field: Int
    /// A component of the field (1-based); the whole field when unset.
    public var component: Int?
    public var name: String
    public var type: ProfileFieldType
    public var required: Bool
    public var maxLength: Int?
    /// Allowed values (a local table), when the field is coded.
    public var values: [String]?
    /// The domain attribute the field carries in and out.
    public var maps: DomainAttribute?
    /// A fixed value written on outbound messages (e.g. the implementation name in ZDS-1.2).
    public var constant: String?

    public init(field: Int, component: Int? = nil, name: String = "", type: ProfileFieldType = .ST, required: Bool = false,
                maxLength: Int? = nil, values: [String]? = nil, maps: DomainAttribute? = nil, constant: String? = nil) {
        self.field = field
        self.component = component
        self.name = name
        self.type = type
        self.required = required
        self.maxLength = maxLength
        self.values = values
        self.maps = maps
        self.constant = constant
    }

    private enum CodingKeys: String, CodingKey { case field, component, name, type, required, maxLength, values, maps, constant }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(field: try c.decode(Int.self, forKey: .field),
                  component: try c.decodeIfPresent(Int.self, forKey: .component),
                  name: try c.decodeIfPresent(String.self, forKey: .name) ?? "",
                  type: try c.decodeIfPresent(ProfileFieldType.self, forKey: .type) ?? .ST,
                  required: try c.decodeIfPresent(Bool.self, forKey: .required) ?? false,
                  maxLength: try c.decodeIfPresent(Int.self, forKey: .maxLength),
                  values: try c.decodeIfPresent([String].self, forKey: .values),
                  maps: try c.decodeIfPresent(DomainAttribute.self, forKey: .maps),
                  constant: try c.decodeIfPresent(String.self, forKey: .constant))
    }

    /// `ZDS-1.1`-style name of the position, for messages.
    public func position(in segment: String) -> String {
        "\(segment)-\(field)" + (component.map { ".\($0)" } ?? "")
    }
}

/// The domain attributes a vendor field can carry.
public enum DomainAttribute: String, Sendable, Codable, CaseIterable {
    /// (0020,000D) Study Instance UID.
    case studyInstanceUID
    /// (0040,0001) Scheduled Station AE Title.
    case stationAETitle
    /// (0040,0010) Scheduled Station Name.
    case stationName
    /// The vendor's worklist routing key (which worklist a step is published on).
    case worklistRoute
    /// The vendor's scheduling priority (kept beside the HL7 priority, which it does not replace).
    case schedulingPriority
    /// Where the PACS should file the study.
    case pacsRoute
    /// Accession number of the prior study to compare with.
    case priorAccessionNumber
    /// Study Instance UID of that prior study.
    case priorStudyInstanceUID
}

extension DomainAttribute: CodingKeyRepresentable {}
