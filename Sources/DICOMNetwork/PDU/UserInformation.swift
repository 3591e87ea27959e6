/// User Information item of A-ASSOCIATE-RQ/AC. Sub-items we do not interpret are kept as (type, bytes).
public struct UserInformation: Sendable, Equatable {
    /// 0 means "no limit" (PS3.8 §D.1).
    public var maximumLength: UInt32
    public var implementationClassUID: String
    public var implementationVersionName: String?
    public var asynchronousOperations: (invoked: UInt16, performed: UInt16)?
    public var roleSelections: [RoleSelection]
    public var otherItems: [(type: UInt8, bytes: [UInt8])]

    public init(maximumLength: UInt32, implementationClassUID: String, implementationVersionName: String? = nil,
                roleSelections: [RoleSelection] = []) {
        self.maximumLength = maximumLength
        self.implementationClassUID = implementationClassUID
        self.implementationVersionName = implementationVersionName
        self.asynchronousOperations = nil
        self.roleSelections = roleSelections
        self.otherItems = []
    }

    public static func == (lhs: UserInformation, rhs: UserInformation) -> Bool {
        lhs.maximumLength == rhs.maximumLength && lhs.implementationClassUID == rhs.implementationClassUID
            && lhs.implementationVersionName == rhs.implementationVersionName
            && lhs.asynchronousOperations?.invoked == rhs.asynchronousOperations?.invoked
            && lhs.asynchronousOperations?.performed == rhs.asynchronousOperations?.performed
            && lhs.roleSelections == rhs.roleSelections
            && lhs.otherItems.map(\.type) == rhs.otherItems.map(\.type)
            && lhs.otherItems.map(\.bytes) == rhs.otherItems.map(\.bytes)
    }
}
