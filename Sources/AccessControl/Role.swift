/// What a caller may do, ordered: `admin` ⊇ `operator` ⊇ `viewer`.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    /// Reads patient data, messages, queues and statistics.
    case viewer
    /// Also changes things: release/reject, acknowledge, resend, terminology mapping, MPI decisions, orders.
    case `operator`
    /// Also administers: tokens, configuration.
    case admin

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .operator: 1
        case .admin: 2
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    /// Everything this role may do, including what the roles below it may.
    public var permissions: Set<Permission> {
        Set(Permission.allCases.filter { $0.minimumRole <= self })
    }

    public func grants(_ permission: Permission) -> Bool {
        permission.minimumRole <= self
    }

    public var description: String { rawValue }

    /// `viewer`, `operator` or `admin` (case-insensitive).
    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }
}

/// What a route needs. One table (in the HTTP layer) maps each route to one of these.
public enum Permission: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Read patient data, messages, queues, statistics, metrics.
    case read
    /// Change the workflow: release/reject, acknowledge, resend, map, MPI link/unlink, orders, C-MOVE.
    case operate
    /// Tokens and configuration.
    case administer

    /// The least role that has it.
    public var minimumRole: Role {
        switch self {
        case .read: .viewer
        case .operate: .operator
        case .administer: .admin
        }
    }

    public var description: String { rawValue }
}
