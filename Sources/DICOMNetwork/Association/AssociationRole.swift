public enum AssociationRole: Sendable {
    case requestor
    case acceptor
}
