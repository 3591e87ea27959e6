import Workflow

/// JSON views of the workflow state for the HTTP API (identifiers and state only where the API
/// is about patients; nothing is logged).
struct PatientView: Encodable {
    let id: Int
    let identifiers: [String]
    let name: String
    let birthDate: String
    let sex: String
    let mergedInto: Int?

    init(_ p: Patient) {
        id = p.id
        identifiers = p.identifiers.map(\.description)
        name = p.name.dicom
        birthDate = p.birthDate
        sex = p.sex
        mergedInto = p.mergedInto
    }
}

struct OrderView: Encodable {
    struct Step: Encodable {
        let id, modality, stationAETitle, startDateTime, status: String
    }

    struct Transition: Encodable {
        let from: String?
        let to, event, cause, at: String
        /// A step no one reported, implied by a later state the RIS or modality reported.
        let implied: Bool
    }

    let id: Int
    let patient: String
    let accessionNumber: String
    let placerNumber: String
    let procedure: String
    let studyInstanceUID: String
    let status: String
    let steps: [Step]
    let history: [Transition]?
    let reportStatus: String?
    /// Every version of the report, oldest first (with the order's history only).
    let report: [ReportVersionView]?
    /// The standard code the local procedure resolves to (nil while unmapped).
    let standardProcedure: CodedValueView?
    /// SNOMED CT laterality (the standard entry's, or the side the description names).
    let laterality: CodedValueView?
    /// Fields of the sender's interface profile (station, routes, prior study, …).
    let vendorAttributes: [String: String]

    init(_ order: Order, state: WorkflowState, withHistory: Bool) {
        id = order.id
        patient = state.patient(of: order)?.primaryIdentifier?.description ?? ""
        accessionNumber = order.accessionNumber
        placerNumber = order.placerNumber
        procedure = [order.procedure.code, order.procedure.text].filter { !$0.isEmpty }.joined(separator: " ")
        studyInstanceUID = order.studyInstanceUID
        status = order.state.rawValue
        steps = order.steps.map { Step(id: $0.id, modality: $0.modality, stationAETitle: $0.stationAETitle,
                                       startDateTime: $0.startDateTime, status: $0.status.rawValue) }
        history = withHistory ? order.history.map {
            Transition(from: $0.from?.rawValue, to: $0.to.rawValue, event: $0.event.rawValue, cause: $0.cause.description, at: $0.at,
                       implied: $0.implied)
        } : nil
        reportStatus = state.report(of: order)?.current.status.rawValue
        report = withHistory ? state.report(of: order)?.versions.map(ReportVersionView.init) : nil
        standardProcedure = order.standardProcedure.map(CodedValueView.init)
        laterality = order.laterality.map(CodedValueView.init)
        vendorAttributes = Dictionary(uniqueKeysWithValues: order.vendorAttributes.map { ($0.key.rawValue, $0.value) })
    }
}

struct ReportVersionView: Encodable {
    struct Section: Encodable {
        let kind: String
        let text: [String]
        let codes: [CodedValueView]
    }

    let status, receivedAt, controlId, observedAt, interpreter: String
    let abnormalFlags, criticalReasons: [String]
    let sections: [Section]

    init(_ version: ReportVersion) {
        status = version.status.rawValue
        receivedAt = version.receivedAt
        controlId = version.controlID
        observedAt = version.observedAt
        interpreter = version.interpreter.dicom
        abnormalFlags = version.abnormalFlags
        criticalReasons = version.criticalReasons
        sections = version.sections.map { Section(kind: $0.kind.rawValue, text: $0.text, codes: $0.codes.map(CodedValueView.init)) }
    }
}

struct CodedValueView: Encodable {
    let code, display, system: String

    init(_ value: CodedValue) {
        code = value.code
        display = value.text
        system = value.codingScheme
    }
}

struct WorklistItemView: Encodable {
    let accessionNumber, patientID, issuerOfPatientID, patientName, procedure, studyInstanceUID: String
    let stepID, modality, stationAETitle, startDateTime: String

    init(_ item: WorklistItem) {
        accessionNumber = item.accessionNumber
        patientID = item.patientID
        issuerOfPatientID = item.issuerOfPatientID
        patientName = item.patientName.dicom
        procedure = item.requestedProcedureDescription
        studyInstanceUID = item.studyInstanceUID
        stepID = item.step.id
        modality = item.step.modality
        stationAETitle = item.step.stationAETitle
        startDateTime = item.step.startDateTime
    }
}

struct CriticalResultView: Encodable {
    struct Step: Encodable {
        let from: String?
        let to, at, by, how: String
    }

    let id: Int
    let accessionNumber: String
    let state: String
    let contact: String
    let deadline: Int64
    let overdue: Bool
    let reasons: [String]
    let history: [Step]

    init(_ c: CriticalResult, state: WorkflowState, now: Int64) {
        id = c.id
        accessionNumber = state.orders[c.orderID]?.accessionNumber ?? ""
        self.state = c.state.rawValue
        contact = c.contact
        deadline = c.deadline
        overdue = c.isOverdue(now: now)
        reasons = c.reasons
        history = c.history.map { Step(from: $0.from?.rawValue, to: $0.to.rawValue, at: $0.at, by: $0.by, how: $0.how) }
    }
}

struct StudyView: Encodable {
    let studyInstanceUID: String
    let accessionNumber: String
    let patient: String
    let series: Int
    let instances: Int
    let notes: [String]

    init(_ study: StudyRecord, state: WorkflowState) {
        studyInstanceUID = study.studyInstanceUID
        let order = state.orders[study.orderID]
        accessionNumber = order?.accessionNumber ?? ""
        patient = order.flatMap { state.patient(of: $0)?.primaryIdentifier?.description } ?? ""
        series = study.seriesCount
        instances = study.instances.count
        notes = study.notes
    }
}

struct PriorView: Encodable {
    let order: OrderView
    let studyInstanceUID: String
    let instances: Int
    let reportStatus: String?
    let impression: String?

    init(order: Order, report: Report?, state: WorkflowState) {
        self.order = OrderView(order, state: state, withHistory: false)
        studyInstanceUID = order.studyInstanceUID
        instances = state.studies[order.studyInstanceUID]?.instances.count ?? 0
        reportStatus = report?.current.status.rawValue
        impression = report.map { $0.current.text(of: .impression) }
    }
}
