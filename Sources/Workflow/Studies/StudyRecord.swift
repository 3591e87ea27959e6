/// A study received from modalities and filed with its order.
public struct StudyRecord: Sendable, Codable {
    public struct Instance: Sendable, Codable, Hashable {
        public let sopInstanceUID: String
        public let seriesInstanceUID: String
        public let sopClassUID: String
        public let modality: String
        /// Where the file is, relative to the instance directory.
        public let path: String
        /// The AE title that stored it (DICOM routing matches on it).
        public var callingAETitle: String = ""
    }

    public let studyInstanceUID: String
    public let orderID: Int
    public internal(set) var instances: [String: Instance] = [:]
    /// Accepted discrepancies (e.g. a study UID the modality generated).
    public internal(set) var notes: [String] = []

    public var seriesCount: Int { Set(instances.values.map(\.seriesInstanceUID)).count }
}

extension WorkflowProcessor {
    /// C-STORE reception: the instance is filed with its order when the study-link safety rule
    /// agrees, and quarantined otherwise (kept, reported, never filed under the wrong order).
    public mutating func receive(_ instance: ReceivedInstance, path: String, at time: String) -> WorkflowOutcome {
        var outcome = WorkflowOutcome()
        switch StudyLinker(state: state).decide(instance) {
        case .linked(let orderID, let notes):
            var study = state.studies[instance.studyInstanceUID] ?? StudyRecord(studyInstanceUID: instance.studyInstanceUID, orderID: orderID)
            study.instances[instance.sopInstanceUID] = StudyRecord.Instance(
                sopInstanceUID: instance.sopInstanceUID, seriesInstanceUID: instance.seriesInstanceUID,
                sopClassUID: instance.sopClassUID, modality: instance.modality, path: path,
                callingAETitle: instance.callingAETitle)
            for note in notes where !study.notes.contains(note) { study.notes.append(note) }
            state.studies[instance.studyInstanceUID] = study
        case .quarantined(let reason):
            state.quarantine.append(QuarantineEntry(id: state.quarantine.count + 1, kind: "instance", reason: reason,
                                                    controlID: instance.sopInstanceUID, receivedAt: time))
            state.heldInstances[state.quarantine.count] = HeldInstance(instance: instance, path: path)
            outcome.quarantined = 1
        }
        return outcome
    }
}
