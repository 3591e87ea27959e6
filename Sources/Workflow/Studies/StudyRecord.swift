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
        /// As received (nil for instances filed before it was recorded).
        public var identity: InstanceIdentity?
        public var contentDigest: String?
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
    /// agrees, and quarantined otherwise (kept, reported, never filed under the wrong order). An
    /// object reusing a filed instance's SOP Instance UID never replaces it: an identical copy is a
    /// duplicate (nothing changes), anything else is quarantined.
    public mutating func receive(_ instance: ReceivedInstance, path: String, at time: String) -> WorkflowOutcome {
        var outcome = WorkflowOutcome()
        let decision: StudyLinkDecision
        switch state.match(instance) {
        case .duplicate:
            outcome.duplicateInstance = true
            return outcome
        case .conflict(let reason):
            decision = .quarantined(reason: reason)
        case .notFiled:
            decision = StudyLinker(state: state).decide(instance)
        }
        switch decision {
        case .linked(let orderID, let notes):
            state.file(instance, path: path, orderID: orderID, notes: notes)
        case .quarantined(let reason):
            state.quarantine.append(QuarantineEntry(id: state.quarantine.count + 1, kind: "instance", reason: reason,
                                                    controlID: instance.sopInstanceUID, receivedAt: time))
            state.heldInstances[state.quarantine.count] = HeldInstance(instance: instance, path: path)
            state.heldInstancePaths.insert(path)
            outcome.quarantined = 1
        }
        return outcome
    }
}

extension WorkflowState {
    /// Adds an instance to its study (created for the order when it is the first).
    mutating func file(_ instance: ReceivedInstance, path: String, orderID: Int, notes: [String]) {
        var study = studies[instance.studyInstanceUID] ?? StudyRecord(studyInstanceUID: instance.studyInstanceUID, orderID: orderID)
        study.instances[instance.sopInstanceUID] = StudyRecord.Instance(
            sopInstanceUID: instance.sopInstanceUID, seriesInstanceUID: instance.seriesInstanceUID,
            sopClassUID: instance.sopClassUID, modality: instance.modality, path: path,
            callingAETitle: instance.callingAETitle, identity: InstanceIdentity(instance), contentDigest: instance.contentDigest)
        for note in notes where !study.notes.contains(note) { study.notes.append(note) }
        studies[instance.studyInstanceUID] = study
        studyOfFiledInstance[instance.sopInstanceUID] = instance.studyInstanceUID
    }
}
