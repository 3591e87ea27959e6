/// A deterministic corpus of realistic radiology messages: ADT registrations and updates, ORM
/// orders with a GE-style ZDS study UID, and ORU reports with 10–30 OBX each.
struct HL7Corpus {
    private(set) var messages: [[UInt8]] = []
    var byteCount: Int { messages.reduce(0) { $0 + $1.count } }

    private var state: UInt64

    init(count: Int, seed: UInt64 = 2026) {
        state = seed
        messages.reserveCapacity(count)
        for i in 0..<count {
            switch i % 3 {
            case 0: messages.append(Array(adt(i).utf8))
            case 1: messages.append(Array(orm(i).utf8))
            default: messages.append(Array(oru(i).utf8))
            }
        }
    }

    private mutating func next(_ n: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(n))
    }

    private static let families = ["DOE", "SMITH", "GARCIA", "MÜLLER", "O\\T\\BRIEN", "NGUYEN", "KOWALSKI", "JOHANSSON", "ROSSI", "DUBOIS"]
    private static let givens = ["JANE", "JOHN", "MARIA", "LUIS", "ANNA", "PETER", "YUKI", "OMAR", "ELENA", "HÉLÈNE"]
    private static let procedures = [("CTCHESTC", "CT Chest with contrast", "CT"), ("MRKNEER", "MR Knee right", "MR"),
                                     ("XRCHEST2V", "Chest X-Ray 2 views", "CR"), ("USABD", "US Abdomen complete", "US"),
                                     ("CTHEAD", "CT Head without contrast", "CT")]
    private static let findings = [
        "Lungs: No consolidation. Small left pleural effusion.", "Pulmonary arteries: No filling defect.",
        "Heart size normal. Mediastinal contours unremarkable.", "No acute osseous abnormality.",
        "Liver, spleen and kidneys are unremarkable.", "Impression: 1. No pulmonary embolism.\\.br\\2. Small effusion.",
        "Comparison: CT chest 2025-03-14.", "Recommendation: clinical follow-up in 6 weeks.",
    ]

    private mutating func pid(_ i: Int) -> String {
        let family = Self.families[next(Self.families.count)], given = Self.givens[next(Self.givens.count)]
        return "PID|1||MRN\(100000 + i)^^^GENHOSP^MR~\(900000000 + next(99_999_999))^^^USSSA^SS||\(family)^\(given)^M^^^^L||19\(50 + next(50))0\(1 + next(9))1\(next(9))|\(next(2) == 0 ? "F" : "M")|||\(100 + next(900)) MAIN ST^^INDIANAPOLIS^IN^46204^USA||^PRN^PH^^1^317^555\(1000 + next(9000))|||||ACCT\(5000 + i)^^^GENHOSP^AN"
    }

    private func msh(_ app: String, _ type: String, _ id: String, _ version: String) -> String {
        "MSH|^~\\&|\(app)|GENHOSP|RADBRIDGE|RAD|20261122083000||\(type)|\(id)|P|\(version)|||AL|NE||UNICODE UTF-8"
    }

    private let pv1 = "PV1|1|O|RAD^^^GENHOSP|||||1234^SMITH^JOHN^A^^^MD|||||||||||V778899^^^GENHOSP^VN"

    private mutating func adt(_ i: Int) -> String {
        let event = next(2) == 0 ? "A04" : "A08"
        return [msh("EPIC", "ADT^\(event)^ADT_A01", "ADT\(i)", "2.5.1"), "EVN|\(event)|20261122083000", pid(i), pv1]
            .joined(separator: "\r") + "\r"
    }

    private mutating func orm(_ i: Int) -> String {
        let (code, name, modality) = Self.procedures[next(Self.procedures.count)]
        let accession = "ACC\(20261122000 + i)"
        return [
            msh("CENTRICITY", "ORM^O01", "ORM\(i)", "2.3"), pid(i), pv1,
            "ORC|NW|PLC\(i)^EPIC|\(accession)^RIS||SC||^^^20261122093000^^R||20261122084500|||1234^SMITH^JOHN^A^^^MD",
            "OBR|1|PLC\(i)^EPIC|\(accession)^RIS|\(code)^\(name)^L|||20261122084500|||||||||1234^SMITH^JOHN^A^^^MD||\(accession)|RP001|SPS001||||\(modality)|||^^^20261122093000^^R||||^Shortness of breath, rule out PE",
            "ZDS|1.2.840.113619.2.55.3.\(2_831_164_356 + i).789.1732264700.\(next(1000))^GEHC^Application^DICOM",
        ].joined(separator: "\r") + "\r"
    }

    private mutating func oru(_ i: Int) -> String {
        let (code, name, modality) = Self.procedures[next(Self.procedures.count)]
        let accession = "ACC\(20261122000 + i)"
        var segments = [
            msh("POWERSCRIBE", "ORU^R01^ORU_R01", "ORU\(i)", "2.5.1"), pid(i), pv1,
            "ORC|RE|PLC\(i)^EPIC|\(accession)^RIS||CM",
            "OBR|1|PLC\(i)^EPIC|\(accession)^RIS|\(code)^\(name)^L|||20261122084500|||||||||1234^SMITH^JOHN^A^^^MD||\(accession)|RP001|SPS001||20261122160000||\(modality)|F||^^^20261122093000^^R||||^Shortness of breath|5678&JONES&ANN&&&&MD",
        ]
        for k in 1...(10 + next(21)) {
            segments.append("OBX|\(k)|TX|18782-3^Radiology Study observation^LN||\(Self.findings[next(Self.findings.count)])||||||F")
        }
        return segments.joined(separator: "\r") + "\r"
    }
}
