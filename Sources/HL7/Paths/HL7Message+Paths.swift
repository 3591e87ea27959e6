extension HL7Message {
    /// The element a path addresses, or nil when the message has no such element (see `HL7Path`:
    /// `PID-5.1` is the component's first subcomponent when it has subcomponents, `PID-5.1.*` the component).
    public func element(at path: HL7Path) -> HL7Element? {
        guard let position = position(ofPackedName: path.packedName, occurrence: path.occurrence) else { return nil }
        guard var element = HL7Segment(message: self, position: position).field(path.field) else { return nil }
        if element.level == .literal {
            return path.repetition ?? 1 == 1 && path.component ?? 1 == 1 && path.subcomponent ?? 1 == 1 ? element : nil
        }
        guard path.repetition != nil || path.component != nil else { return element }
        guard let repetition = element.child(path.repetition ?? 1) else { return nil }
        element = repetition
        guard let component = path.component else { return element }
        guard let c = element.child(component) else { return nil }
        if let subcomponent = path.subcomponent { return c.child(subcomponent) }
        // As HAPI's Terser and python `hl7` read it: a component with subcomponents is its first one.
        return path.wholeComponent || !c.isComposite ? c : c.child(1)
    }

    /// The value at a path (see `HL7Element.value`), or nil when the element is absent.
    public func value(at path: HL7Path) -> String? { element(at: path)?.value }

    /// `message["PID-3.1"]`: the value at a path given as text; nil when absent or the path is invalid.
    public subscript(path: String) -> String? {
        guard let p = try? HL7Path(path) else { return nil }
        return value(at: p)
    }
}
