import DICOM

/// The DICOM side of the worklist: a C-FIND identifier becomes a `WorklistQuery`, and a
/// `WorklistItem` becomes the response — every key the identifier asks for, with our value or
/// empty, in the character set the answer uses.
public enum WorklistDICOM {
    /// How a response's text is encoded.
    public enum Encoding: Sendable, Equatable {
        case utf8, latin1

        var term: String { self == .utf8 ? "ISO_IR 192" : "ISO_IR 100" }
    }

    public static func query(from identifier: DataSet) -> WorklistQuery {
        let step = identifier.items(Tags.scheduledProcedureStepSequence).first ?? DataSet()
        func key(_ data: DataSet, _ tag: Tag) -> String? { data.contains(tag) ? data.string(tag) : nil }
        return WorklistQuery(
            patientName: key(identifier, Tags.patientName), patientID: key(identifier, Tags.patientID),
            issuerOfPatientID: key(identifier, Tags.issuerOfPatientID), accessionNumber: key(identifier, Tags.accessionNumber),
            requestedProcedureID: key(identifier, Tags.requestedProcedureID),
            studyInstanceUID: key(identifier, Tags.studyInstanceUID),
            modality: key(step, Tags.modality), stationAETitle: key(step, Tags.scheduledStationAETitle),
            stepID: key(step, Tags.scheduledProcedureStepID), startDate: key(step, Tags.scheduledStartDate),
            startTime: key(step, Tags.scheduledStartTime))
    }

    /// Latin-1 only when the modality asked for it (0008,0005 = ISO_IR 100) and every character
    /// of the answer fits; UTF-8 otherwise.
    public static func encoding(for item: WorklistItem, identifier: DataSet) -> Encoding {
        guard identifier.strings(Tags.specificCharacterSet).first == "ISO_IR 100" else { return .utf8 }
        let texts = [item.patientName.dicom, item.referringPhysician.dicom, item.requestedProcedureDescription,
                     item.reason, item.step.description, item.step.performingPhysician.dicom, item.step.stationName,
                     item.step.location, item.requestedProcedureCode.text, item.standardProcedureCode?.text ?? ""]
        return texts.allSatisfy { $0.unicodeScalars.allSatisfy { $0.value < 0x100 } } ? .latin1 : .utf8
    }

    /// The response to `identifier` for one item.
    public static func response(for item: WorklistItem, identifier: DataSet) -> DataSet {
        let encoding = encoding(for: item, identifier: identifier)
        var full = fullDataSet(item, encoding: encoding)
        full[Tags.specificCharacterSet] = element(Tags.specificCharacterSet, .CS, encoding.term, .utf8)
        var response = project(identifier, onto: full)
        response[Tags.specificCharacterSet] = full[Tags.specificCharacterSet]
        return response
    }

    /// Every return key of the IHE Scheduled Workflow profile for one item.
    static func fullDataSet(_ item: WorklistItem, encoding: Encoding) -> DataSet {
        var d = DataSet()
        func put(_ data: inout DataSet, _ tag: Tag, _ vr: VR, _ text: String) {
            data[tag] = element(tag, vr, text, encoding)
        }
        put(&d, Tags.accessionNumber, .SH, item.accessionNumber)
        put(&d, Tags.referringPhysicianName, .PN, item.referringPhysician.dicom)
        put(&d, Tags.patientName, .PN, item.patientName.dicom)
        put(&d, Tags.patientID, .LO, item.patientID)
        put(&d, Tags.issuerOfPatientID, .LO, item.issuerOfPatientID)
        put(&d, Tags.patientBirthDate, .DA, item.birthDate)
        put(&d, Tags.patientSex, .CS, item.sex)
        put(&d, Tags.studyInstanceUID, .UI, item.studyInstanceUID)
        put(&d, Tags.requestedProcedureDescription, .LO, item.requestedProcedureDescription)
        var codes = item.requestedProcedureCode.isEmpty ? [] : [item.requestedProcedureCode]
        if let standard = item.standardProcedureCode,
           !codes.contains(where: { $0.code == standard.code && $0.codingScheme == standard.codingScheme }) {
            codes.append(standard)
        }
        d[Tags.requestedProcedureCodeSequence] = DataElement(tag: Tags.requestedProcedureCodeSequence, vr: .SQ, value: .sequence(codes.map { coded in
            var code = DataSet()
            put(&code, Tags.codeValue, .SH, coded.code)
            put(&code, Tags.codingSchemeDesignator, .SH, coded.codingScheme)
            put(&code, Tags.codeMeaning, .LO, coded.text)
            return code
        }))
        put(&d, Tags.requestedProcedureID, .SH, item.requestedProcedureID)
        put(&d, Tags.reasonForRequestedProcedure, .LO, item.reason)
        put(&d, Tags.requestedProcedurePriority, .SH, priority(item.priority))
        var step = DataSet()
        put(&step, Tags.modality, .CS, item.step.modality)
        put(&step, Tags.scheduledStationAETitle, .AE, item.step.stationAETitle)
        put(&step, Tags.scheduledStartDate, .DA, item.step.startDate)
        put(&step, Tags.scheduledStartTime, .TM, item.step.startTime)
        put(&step, Tags.scheduledPerformingPhysicianName, .PN, item.step.performingPhysician.dicom)
        put(&step, Tags.scheduledProcedureStepDescription, .LO, item.step.description)
        put(&step, Tags.scheduledProcedureStepID, .SH, item.step.id)
        put(&step, Tags.scheduledStationName, .SH, item.step.stationName)
        put(&step, Tags.scheduledProcedureStepLocation, .SH, item.step.location)
        put(&step, Tags.scheduledProcedureStepStatus, .CS, item.step.status.rawValue)
        d[Tags.scheduledProcedureStepSequence] = DataElement(tag: Tags.scheduledProcedureStepSequence, vr: .SQ, value: .sequence([step]))
        return d
    }

    /// The identifier's keys with the values `full` has for them (empty when it has none);
    /// sequences are projected item by item against the identifier's first item, and a sequence
    /// key without an item or with an empty one returns the whole sequence (universal matching).
    static func project(_ identifier: DataSet, onto full: DataSet) -> DataSet {
        var out = DataSet()
        for key in identifier.elements where !key.tag.isGroupLength && key.tag != Tags.specificCharacterSet {
            if key.vr == .SQ {
                let template = key.items?.first ?? DataSet()
                let items = full[key.tag]?.items ?? []
                let projected = template.isEmpty ? items : items.map { project(template, onto: $0) }
                out[key.tag] = DataElement(tag: key.tag, vr: .SQ, value: .sequence(projected))
            } else {
                out[key.tag] = full[key.tag] ?? DataElement(tag: key.tag, vr: key.vr, bytes: [])
            }
        }
        return out
    }

    static func element(_ tag: Tag, _ vr: VR, _ text: String, _ encoding: Encoding) -> DataElement {
        var bytes: [UInt8]
        if encoding == .latin1 && vr.usesSpecificCharacterSet {
            bytes = text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        } else {
            bytes = Array(text.utf8)
        }
        if bytes.count % 2 == 1 { bytes.append(vr.paddingByte) }
        return DataElement(tag: tag, vr: vr, bytes: bytes)
    }

    /// HL7 priority (table 0027) → (0040,1003).
    static func priority(_ hl7: String) -> String {
        switch hl7 {
        case "S": return "STAT"
        case "A": return "HIGH"
        case "R", "": return "ROUTINE"
        case "T": return "MEDIUM"
        default: return "LOW"
        }
    }

    /// The attributes the worklist reads and answers.
    enum Tags {
        static let specificCharacterSet = Tag(0x0008, 0x0005)
        static let accessionNumber = Tag(0x0008, 0x0050)
        static let modality = Tag(0x0008, 0x0060)
        static let referringPhysicianName = Tag(0x0008, 0x0090)
        static let codeValue = Tag(0x0008, 0x0100)
        static let codingSchemeDesignator = Tag(0x0008, 0x0102)
        static let codeMeaning = Tag(0x0008, 0x0104)
        static let patientName = Tag(0x0010, 0x0010)
        static let patientID = Tag(0x0010, 0x0020)
        static let issuerOfPatientID = Tag(0x0010, 0x0021)
        static let patientBirthDate = Tag(0x0010, 0x0030)
        static let patientSex = Tag(0x0010, 0x0040)
        static let studyInstanceUID = Tag(0x0020, 0x000D)
        static let requestedProcedureDescription = Tag(0x0032, 0x1060)
        static let requestedProcedureCodeSequence = Tag(0x0032, 0x1064)
        static let scheduledStationAETitle = Tag(0x0040, 0x0001)
        static let scheduledStartDate = Tag(0x0040, 0x0002)
        static let scheduledStartTime = Tag(0x0040, 0x0003)
        static let scheduledPerformingPhysicianName = Tag(0x0040, 0x0006)
        static let scheduledProcedureStepDescription = Tag(0x0040, 0x0007)
        static let scheduledProcedureStepID = Tag(0x0040, 0x0009)
        static let scheduledStationName = Tag(0x0040, 0x0010)
        static let scheduledProcedureStepLocation = Tag(0x0040, 0x0011)
        static let scheduledProcedureStepStatus = Tag(0x0040, 0x0020)
        static let scheduledProcedureStepSequence = Tag(0x0040, 0x0100)
        static let requestedProcedureID = Tag(0x0040, 0x1001)
        static let reasonForRequestedProcedure = Tag(0x0040, 0x1002)
        static let requestedProcedurePriority = Tag(0x0040, 0x1003)
    }
}
