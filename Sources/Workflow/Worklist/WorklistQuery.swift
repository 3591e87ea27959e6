/// The matching keys of a Modality Worklist C-FIND (PS3.4 annex K). An absent key (nil) or an
/// empty one matches everything (universal matching).
public struct WorklistQuery: Sendable {
    public var patientName: String?
    public var patientID: String?
    public var issuerOfPatientID: String?
    public var accessionNumber: String?
    public var requestedProcedureID: String?
    /// A list of UIDs separated by `\`.
    public var studyInstanceUID: String?
    public var modality: String?
    public var stationAETitle: String?
    public var stepID: String?
    /// `YYYYMMDD`, `A-B`, `A-`, `-B`.
    public var startDate: String?
    /// `HHMM[SS]` or a range of them.
    public var startTime: String?

    public init(patientName: String? = nil, patientID: String? = nil, issuerOfPatientID: String? = nil,
                accessionNumber: String? = nil, requestedProcedureID: String? = nil, studyInstanceUID: String? = nil,
                modality: String? = nil, stationAETitle: String? = nil, stepID: String? = nil,
                startDate: String? = nil, startTime: String? = nil) {
        self.patientName = patientName
        self.patientID = patientID
        self.issuerOfPatientID = issuerOfPatientID
        self.accessionNumber = accessionNumber
        self.requestedProcedureID = requestedProcedureID
        self.studyInstanceUID = studyInstanceUID
        self.modality = modality
        self.stationAETitle = stationAETitle
        self.stepID = stepID
        self.startDate = startDate
        self.startTime = startTime
    }

    public func matches(_ item: WorklistItem) -> Bool {
        typealias M = AttributeMatching
        return M.personName(patientName, item.patientName.dicom)
            && M.single(patientID, item.patientID)
            && M.single(issuerOfPatientID, item.issuerOfPatientID)
            && M.single(accessionNumber, item.accessionNumber)
            && M.single(requestedProcedureID, item.requestedProcedureID)
            && M.uidList(studyInstanceUID, item.studyInstanceUID)
            && M.single(modality, item.step.modality)
            && M.single(stationAETitle, item.step.stationAETitle)
            && M.single(stepID, item.step.id)
            && M.range(startDate, item.step.startDate)
            && M.range(startTime, item.step.startTime)
    }
}

/// PS3.4 C.2.2.2 attribute matching.
enum AttributeMatching {
    static func isUniversal(_ key: String?) -> Bool {
        guard let key else { return true }
        return key.isEmpty || key.allSatisfy { $0 == "*" }
    }

    /// Single value matching, or wildcard matching when the key holds `*` or `?`. Case-sensitive.
    static func single(_ key: String?, _ value: String) -> Bool {
        guard !isUniversal(key), let key else { return true }
        if key.contains("*") || key.contains("?") { return wildcard(Array(key.unicodeScalars), Array(value.unicodeScalars)) }
        return key == value
    }

    /// Person names compare case-insensitively (PS3.4 leaves PN case to the SCP, and people type
    /// names at the modality in any case), with wildcards, on the whole `Family^Given…` value.
    static func personName(_ key: String?, _ value: String) -> Bool {
        guard !isUniversal(key), let key else { return true }
        return wildcard(Array(key.uppercased().unicodeScalars), Array(value.uppercased().unicodeScalars))
    }

    static func uidList(_ key: String?, _ value: String) -> Bool {
        guard !isUniversal(key), let key else { return true }
        return key.split(separator: "\\").contains { $0 == value }
    }

    /// Range matching for DA/TM: `A-B`, `A-`, `-B`, or a single value. Times compare on their
    /// digits padded to HHMMSS.
    static func range(_ key: String?, _ value: String) -> Bool {
        guard !isUniversal(key), let key else { return true }
        guard !value.isEmpty else { return false }
        let parts = key.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let pad = { (s: String) -> String in s.count < value.count ? s + String(repeating: "0", count: value.count - s.count) : s }
        if parts.count == 1 { return value.hasPrefix(key) || pad(key) == value }
        let low = parts[0], high = parts[1]
        if !low.isEmpty, value < pad(low) { return false }
        if !high.isEmpty {
            let top = high.count < value.count ? high + String(repeating: "9", count: value.count - high.count) : high
            if value > top { return false }
        }
        return true
    }

    /// `*` any run, `?` any one character.
    static func wildcard(_ pattern: [Unicode.Scalar], _ text: [Unicode.Scalar]) -> Bool {
        var p = 0, t = 0, star = -1, mark = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                mark = t
                p += 1
            } else if star >= 0 {
                p = star + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
