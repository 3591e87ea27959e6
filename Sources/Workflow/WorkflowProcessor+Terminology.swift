extension WorkflowProcessor {
    /// The configured terminology with the mappings added at run time (later ones win).
    public var terminology: ProcedureTerminology {
        var terminology = configuration.terminology
        for mapping in state.procedureMappings { terminology.add(mapping) }
        return terminology
    }

    /// Adds a local mapping and applies it to the open orders; returns the orders whose standard
    /// code changed. Procedures it resolves leave the review list.
    @discardableResult
    public mutating func addMapping(_ mapping: LocalProcedureMapping) -> [Int] {
        state.procedureMappings.append(mapping)
        let terminology = self.terminology
        var changed: [Int] = []
        for id in state.orders.keys.sorted() {
            guard var order = state.orders[id], order.state.isOpen else { continue }
            let standard = terminology.match(order.procedure)?.standard
            guard let standard, standard != order.standardProcedure else { continue }
            order.standardProcedure = standard
            state.orders[id] = order
            changed.append(id)
        }
        state.unmappedProcedures.removeAll { terminology.match($0.procedure) != nil }
        return changed
    }

    /// Stores the standard code and the laterality beside the local code, or puts the procedure on
    /// the review list with the codes it may mean.
    mutating func resolveStandardProcedure(_ order: inout Order, at time: String) {
        let terminology = self.terminology
        let match = terminology.match(order.procedure)
        order.standardProcedure = match?.standard
        order.laterality = match?.laterality ?? Laterality.named(in: order.procedure.text)
        guard order.standardProcedure == nil else { return }
        if let k = state.unmappedProcedures.firstIndex(where: { $0.procedure == order.procedure }) {
            if !state.unmappedProcedures[k].orderIDs.contains(order.id) { state.unmappedProcedures[k].orderIDs.append(order.id) }
        } else {
            let candidates = terminology.candidates(description: order.procedure.text).map(\.standardCode)
            state.unmappedProcedures.append(UnmappedProcedure(procedure: order.procedure, orderIDs: [order.id], firstSeen: time,
                                                              candidates: candidates, laterality: order.laterality))
        }
    }
}

private extension OrderState {
    /// Not yet finished or withdrawn: a mapping added later still applies.
    var isOpen: Bool {
        switch self {
        case .ordered, .scheduled, .arrived, .inProgress, .held: true
        case .completed, .preliminary, .final, .cancelled, .discontinued: false
        }
    }
}
