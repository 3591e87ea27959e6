public struct DataElement: Sendable, Equatable {
    public var tag: Tag
    public var vr: VR
    public var value: ElementValue

    public init(tag: Tag, vr: VR, value: ElementValue) {
        self.tag = tag
        self.vr = vr
        self.value = value
    }

    public init(tag: Tag, vr: VR, bytes: [UInt8]) {
        self.init(tag: tag, vr: vr, value: .bytes(bytes))
    }

    public var bytes: [UInt8] {
        if case .bytes(let bytes) = value { return bytes }
        return []
    }

    public var items: [DataSet]? {
        if case .sequence(let items) = value { return items }
        return nil
    }

    public var fragments: EncapsulatedFragments? {
        if case .fragments(let fragments) = value { return fragments }
        return nil
    }
}
