import Workflow

extension FHIRMapper {
    /// One study per order (its study instance UID, `registered` until images arrive), plus the
    /// received studies filed with an order under a UID the modality generated.
    public var imagingStudies: [ImagingStudy] {
        var studies: [ImagingStudy] = []
        for order in state.orders.values.sorted(by: { $0.id < $1.id }) {
            studies.append(imagingStudy(order: order, uid: order.studyInstanceUID))
        }
        for record in state.studies.values.sorted(by: { $0.studyInstanceUID < $1.studyInstanceUID }) {
            guard let order = state.orders[record.orderID], order.studyInstanceUID != record.studyInstanceUID else { continue }
            studies.append(imagingStudy(order: order, uid: record.studyInstanceUID))
        }
        return studies
    }

    public func imagingStudy(id: String) -> ImagingStudy? {
        if let order = state.order(studyInstanceUID: id) { return imagingStudy(order: order, uid: id) }
        if let record = state.studies[id], let order = state.orders[record.orderID] { return imagingStudy(order: order, uid: id) }
        return nil
    }

    /// The study a report or finding is about: the one received, else the ordered one.
    func studyUID(of order: Order) -> String {
        if state.studies[order.studyInstanceUID] != nil { return order.studyInstanceUID }
        return state.studies.values.filter { $0.orderID == order.id }.map(\.studyInstanceUID).min() ?? order.studyInstanceUID
    }

    func imagingStudy(order: Order, uid: String) -> ImagingStudy {
        let record = state.studies[uid]
        let instances = record.map { Array($0.instances.values) } ?? []
        let status: String
        if !instances.isEmpty {
            status = "available"
        } else if order.state == .cancelled || order.state == .discontinued {
            status = "cancelled"
        } else {
            status = "registered"
        }
        var study = ImagingStudy(id: uid, status: status, subject: patientReference(order))
        study.identifier = [Identifier(system: FHIRSystems.dicomUID, value: "urn:oid:" + uid), accessionIdentifier(order)]
        let received = Set(instances.map(\.modality).filter { !$0.isEmpty })
        let modalities = received.isEmpty ? Set(order.steps.map(\.modality).filter { !$0.isEmpty }) : received
        study.modality = modalities.isEmpty ? nil : modalities.sorted().map(modalityCoding)
        study.started = time(of: order, reaching: [.inProgress])
        study.basedOn = [serviceRequestReference(order)]
        study.procedureCode = [procedureConcept(order)]
        study.description = order.procedure.text.isEmpty ? nil : order.procedure.text
        if let notes = record?.notes, !notes.isEmpty { study.note = notes.map(Annotation.init) }
        if !instances.isEmpty {
            let bySeries = Dictionary(grouping: instances, by: \.seriesInstanceUID)
            study.series = bySeries.keys.sorted().map { seriesUID in
                let members = bySeries[seriesUID]!.sorted { $0.sopInstanceUID < $1.sopInstanceUID }
                let modality = members.first { !$0.modality.isEmpty }?.modality ?? modalities.sorted().first ?? "OT"
                let items = members.filter { !$0.sopClassUID.isEmpty }.map {
                    ImagingStudy.Instance(uid: $0.sopInstanceUID, sopClass: Coding(system: FHIRSystems.uri, code: "urn:oid:" + $0.sopClassUID))
                }
                return ImagingStudy.Series(uid: seriesUID, modality: modalityCoding(modality), numberOfInstances: members.count,
                                           instance: items.isEmpty ? nil : items)
            }
            study.numberOfSeries = bySeries.count
            study.numberOfInstances = instances.count
        }
        return study
    }
}
