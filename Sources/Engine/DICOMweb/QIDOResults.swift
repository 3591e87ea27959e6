import DICOM
import Foundation
import Store

/// Builds QIDO-RS results from indexed instances: one object per study, series or instance with the
/// attributes PS3.18 Table 10.6.3-3 requires, those named by `includefield`, and computed counts.
struct QIDOResults {
    let query: QIDOQuery
    let baseURL: String

    static let studyDefaults = ["00080005", "00080020", "00080030", "00080050", "00080090", "00080201",
                                "00100010", "00100020", "00100030", "00100040", "0020000D", "00200010"]
    static let studyAll: Set<String> = Set(studyDefaults + ["00080051", "00081030", "00081032", "00081060", "00080096",
                                                            "00321032", "00321060", "00321064", "00101010", "00101020", "00101030"])
    static let seriesDefaults = ["00080005", "00080060", "00080201", "0008103E", "0020000E", "00200011", "00400244", "00400245", "00400275"]
    static let seriesAll: Set<String> = Set(seriesDefaults + ["00080021", "00080031", "00080070", "00081010", "00081050", "00081090",
                                                              "00180015", "00185100", "00200052", "00200060"])
    static let instanceDefaults = ["00080005", "00080016", "00080018", "00080201", "00200013", "00280008", "00280010",
                                   "00280011", "00280100"]

    /// `rows` are the visible instances matching the index query, in study, series, SOP order.
    func studies(_ rows: [IndexedInstance]) -> [[String: Any]] {
        var results: [[String: Any]] = []
        for group in grouped(rows, by: \.studyInstanceUID) {
            if let wanted = query.modalitiesInStudy, wanted.isDisjoint(with: group.map(\.modality)) { continue }
            var object = pick(attributes(group[0]), defaults: Self.studyDefaults, all: Self.studyAll)
            let modalities = Array(Set(group.map(\.modality).filter { !$0.isEmpty })).sorted()
            object["00080061"] = ["vr": "CS", "Value": modalities]
            object["00201206"] = ["vr": "IS", "Value": [Set(group.map(\.seriesInstanceUID)).count]]
            object["00201208"] = ["vr": "IS", "Value": [group.count]]
            object["00080056"] = ["vr": "CS", "Value": ["ONLINE"]]
            object["00081190"] = ["vr": "UR", "Value": ["\(baseURL)/studies/\(group[0].studyInstanceUID)"]]
            results.append(object)
        }
        return page(results)
    }

    func series(_ rows: [IndexedInstance], withStudyAttributes: Bool) -> [[String: Any]] {
        var results: [[String: Any]] = []
        for group in grouped(rows, by: \.seriesInstanceUID) {
            if let modality = query.modality, group[0].modality != modality { continue }
            let first = attributes(group[0])
            var object = pick(first, defaults: Self.seriesDefaults, all: Self.seriesAll)
            if withStudyAttributes {
                object.merge(pick(first, defaults: Self.studyDefaults, all: []), uniquingKeysWith: { a, _ in a })
            }
            object["00201209"] = ["vr": "IS", "Value": [group.count]]
            object["00080056"] = ["vr": "CS", "Value": ["ONLINE"]]
            object["00081190"] = ["vr": "UR", "Value": ["\(baseURL)/studies/\(group[0].studyInstanceUID)/series/\(group[0].seriesInstanceUID)"]]
            results.append(object)
        }
        return page(results)
    }

    func instances(_ rows: [IndexedInstance], withStudyAttributes: Bool, withSeriesAttributes: Bool) -> [[String: Any]] {
        var results: [[String: Any]] = []
        for row in rows {
            if let modality = query.modality, row.modality != modality { continue }
            if let sopClass = query.sopClassUID, row.sopClassUID != sopClass { continue }
            let all = attributes(row)
            var object = query.includeAll ? all : pick(all, defaults: Self.instanceDefaults, all: [])
            if withSeriesAttributes { object.merge(pick(all, defaults: Self.seriesDefaults, all: []), uniquingKeysWith: { a, _ in a }) }
            if withStudyAttributes { object.merge(pick(all, defaults: Self.studyDefaults, all: []), uniquingKeysWith: { a, _ in a }) }
            object["00080056"] = ["vr": "CS", "Value": ["ONLINE"]]
            object["00081190"] = ["vr": "UR", "Value": [
                "\(baseURL)/studies/\(row.studyInstanceUID)/series/\(row.seriesInstanceUID)/instances/\(row.sopInstanceUID)"]]
            results.append(object)
        }
        return page(results)
    }

    private func attributes(_ row: IndexedInstance) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(row.attributes))) as? [String: Any] ?? [:]
    }

    private func pick(_ attributes: [String: Any], defaults: [String], all: Set<String>) -> [String: Any] {
        var object: [String: Any] = [:]
        for key in defaults + query.includeFields { if let value = attributes[key] { object[key] = value } }
        if query.includeAll { for key in all { if let value = attributes[key] { object[key] = value } } }
        return object
    }

    private func grouped(_ rows: [IndexedInstance], by key: KeyPath<IndexedInstance, String>) -> [[IndexedInstance]] {
        var order: [String] = []
        var groups: [String: [IndexedInstance]] = [:]
        for row in rows {
            if groups[row[keyPath: key]] == nil { order.append(row[keyPath: key]) }
            groups[row[keyPath: key], default: []].append(row)
        }
        return order.compactMap { groups[$0] }
    }

    private func page(_ results: [[String: Any]]) -> [[String: Any]] {
        let start = min(query.offset, results.count)
        // limit and offset are any non-negative Int: compare with what is left, never add to them.
        let end = query.limit.map { start + min($0, results.count - start) } ?? results.count
        return Array(results[start..<end])
    }
}
