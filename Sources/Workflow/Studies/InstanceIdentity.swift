/// What makes two objects with one SOP Instance UID the same instance: the patient, the order and
/// the place in the study hierarchy they were stored under.
public struct InstanceIdentity: Sendable, Hashable, Codable {
    public var patientID: String
    public var issuerOfPatientID: String
    public var accessionNumber: String
    public var studyInstanceUID: String
    public var seriesInstanceUID: String

    public init(_ instance: ReceivedInstance) {
        patientID = instance.patientID
        issuerOfPatientID = instance.issuerOfPatientID
        accessionNumber = instance.accessionNumber
        studyInstanceUID = instance.studyInstanceUID
        seriesInstanceUID = instance.seriesInstanceUID
    }
}

/// How a received object relates to the instance already filed under its SOP Instance UID.
public enum FiledInstanceMatch: Sendable, Equatable {
    /// No instance has this SOP Instance UID.
    case notFiled
    /// The same identity and the same content: keep the filed copy, discard this one.
    case duplicate(path: String)
    /// Another identity, or the same one with other content: never filed over the filed one.
    case conflict(reason: String)
}

extension WorkflowState {
    /// Whether a quarantined instance is kept at this path.
    public func isHeldInstancePath(_ path: String) -> Bool { heldInstancePaths.contains(path) }

    /// The filed instance with this SOP Instance UID, in whichever study.
    public func filedInstance(sopInstanceUID: String) -> (studyInstanceUID: String, instance: StudyRecord.Instance)? {
        guard let study = studyOfFiledInstance[sopInstanceUID],
              let instance = studies[study]?.instances[sopInstanceUID] else { return nil }
        return (study, instance)
    }

    /// Compares a received object with the filed instance of its SOP Instance UID. Identities are
    /// compared as received; content by digest (a filed instance without one matches on identity).
    /// Reasons name UIDs only, never patient identifiers.
    public func match(_ received: ReceivedInstance) -> FiledInstanceMatch {
        guard let (study, filed) = filedInstance(sopInstanceUID: received.sopInstanceUID) else { return .notFiled }
        let uid = received.sopInstanceUID
        if let identity = filed.identity, identity != InstanceIdentity(received) {
            let differing = identity.differences(from: InstanceIdentity(received)).joined(separator: ", ")
            return .conflict(reason: "SOP instance \(uid) is already filed in study \(study) with another \(differing)")
        }
        if filed.identity == nil, study != received.studyInstanceUID || filed.seriesInstanceUID != received.seriesInstanceUID {
            return .conflict(reason: "SOP instance \(uid) is already filed in study \(study), series \(filed.seriesInstanceUID)")
        }
        if let filedDigest = filed.contentDigest, let digest = received.contentDigest, filedDigest != digest {
            return .conflict(reason: "SOP instance \(uid) is already filed in study \(study) with other content")
        }
        return .duplicate(path: filed.path)
    }
}

extension InstanceIdentity {
    /// The names of the attributes that differ.
    func differences(from other: InstanceIdentity) -> [String] {
        [("patient ID", patientID == other.patientID), ("issuer of patient ID", issuerOfPatientID == other.issuerOfPatientID),
         ("accession", accessionNumber == other.accessionNumber), ("study UID", studyInstanceUID == other.studyInstanceUID),
         ("series UID", seriesInstanceUID == other.seriesInstanceUID)].filter { !$0.1 }.map(\.0)
    }
}
