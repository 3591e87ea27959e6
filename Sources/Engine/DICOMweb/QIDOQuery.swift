import DICOM
import Store

/// A QIDO-RS request's query parameters (PS3.18 §8.3.4): matching keys, `includefield`,
/// `limit` and `offset`. Attribute keys given as keywords or as `GGGGEEEE`.
struct QIDOQuery {
    enum Level { case study, series, instance }

    var index = InstanceIndexQuery()
    var modalitiesInStudy: Set<String>?
    var modality: String?
    var sopClassUID: String?
    var includeAll = false
    var includeFields: [String] = []
    var limit: Int?
    var offset = 0
    /// Attribute keys this server does not match on: ignored, and named in a Warning header.
    var ignored: [String] = []

    static func parse(_ parameters: [(String, String)]) throws -> QIDOQuery {
        var query = QIDOQuery()
        for (name, value) in parameters {
            switch name {
            case "limit", "offset":
                guard let number = Int(value), number >= 0 else {
                    throw DICOMwebError(.invalidRequest, "Invalid \(name)", detail: "\(name) must be a non-negative integer")
                }
                if name == "limit" { query.limit = number } else { query.offset = number }
                continue
            case "includefield":
                for field in value.split(separator: ",").map(String.init) {
                    if field == "all" { query.includeAll = true; continue }
                    guard let key = attributeKey(field) else {
                        throw DICOMwebError(.invalidRequest, "Unknown includefield", detail: "'\(field)' is neither an attribute keyword nor a tag")
                    }
                    query.includeFields.append(key)
                }
                continue
            case "fuzzymatching": continue
            default: break
            }
            guard let key = attributeKey(name) else {
                throw DICOMwebError(.invalidRequest, "Unknown query parameter",
                                      detail: "'\(name)' is not a QIDO-RS parameter, attribute keyword or tag")
            }
            guard !value.isEmpty else { continue }  // universal matching
            switch key {
            case "0020000D":
                let uids = value.split(whereSeparator: { $0 == "," || $0 == "\\" }).map(String.init)
                try validate(uids, "StudyInstanceUID")
                query.index.studyInstanceUIDs = uids
            case "0020000E": try validate([value], "SeriesInstanceUID"); query.index.seriesInstanceUID = value
            case "00080018": try validate([value], "SOPInstanceUID"); query.index.sopInstanceUID = value
            case "00080016": try validate([value], "SOPClassUID"); query.sopClassUID = value
            case "00100020": query.index.patientID = value
            case "00080050": query.index.accessionNumber = value
            case "00080020": (query.index.studyDateFrom, query.index.studyDateTo) = try dateRange(value)
            case "00080061": query.modalitiesInStudy = Set(value.split(whereSeparator: { $0 == "," || $0 == "\\" }).map(String.init))
            case "00080060": query.modality = value
            default: query.ignored.append(name)
            }
        }
        return query
    }

    /// A keyword or `GGGGEEEE` as the JSON key.
    static func attributeKey(_ name: String) -> String? {
        if name.count == 8, let value = UInt32(name, radix: 16) { return DICOMJSON.key(Tag(value)) }
        return DataDictionary.tag(forKeyword: name).map(DICOMJSON.key)
    }

    private static func validate(_ uids: [String], _ name: String) throws {
        for uid in uids where !DICOMwebUID.isValid(uid) {
            throw DICOMwebError(.invalidRequest, "Invalid UID", detail: "\(name) '\(uid)' is not a valid UID")
        }
    }

    /// `YYYYMMDD`, `YYYYMMDD-YYYYMMDD`, `-YYYYMMDD` or `YYYYMMDD-`.
    static func dateRange(_ value: String) throws -> (String?, String?) {
        let bounds = value.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let valid = bounds.allSatisfy { $0.isEmpty || ($0.count == 8 && $0.allSatisfy { $0.isASCII && $0.isNumber }) }
        guard valid, bounds.contains(where: { !$0.isEmpty }) else {
            throw DICOMwebError(.invalidRequest, "Invalid StudyDate", detail: "expected YYYYMMDD or a range YYYYMMDD-YYYYMMDD")
        }
        if bounds.count == 1 { return (bounds[0], bounds[0]) }
        return (bounds[0].isEmpty ? nil : bounds[0], bounds[1].isEmpty ? nil : bounds[1])
    }
}
