import Foundation
import HL7
import Workflow

/// FHIR as input: a ServiceRequest a client POSTs or PUTs becomes the ORM^O01 an HIS would have
/// sent (PID, PV1, ORC, OBR, and ZDS when the client names the study UID), so it takes the
/// same path as every inbound order: journal, workflow, routes, response. Everything that would
/// make the workflow refuse the order, or would change the patient on the way there, is checked
/// here first: a refused request changes nothing.
public struct OrderMessageFactory: Sendable {
    public let state: WorkflowState
    public let settings: FHIRSettings
    /// MSH-3 of the messages made from FHIR requests.
    public static let sendingApplication = "FHIR"

    public init(state: WorkflowState, settings: FHIRSettings = FHIRSettings()) {
        self.state = state
        self.settings = settings
    }

    /// `POST /fhir/ServiceRequest`: the ORM^O01 with ORC-1 NW.
    public func newOrder(_ body: Data, controlID: String, at time: String) throws(FHIRError) -> HL7Message {
        let request = try ResourceDecoder.decode(ServiceRequest.self, named: "ServiceRequest", from: body)
        guard request.status == "active" else {
            throw .unprocessable("business-rule", "a new order must have status 'active' (got '\(request.status ?? "")')", expression: "ServiceRequest.status")
        }
        try checkIntent(request)
        let patient = try subject(of: request)
        let accession = try identifier(of: request, type: "ACSN", system: settings.accessionSystem)
        if let accession, let existing = state.order(accession: accession.value) {
            throw .unprocessable("duplicate", "accession \(accession.value) already belongs to ServiceRequest/\(existing.id)", expression: "ServiceRequest.identifier")
        }
        let placer = try identifier(of: request, type: "PLAC", system: settings.placerSystem(authority: ""))
        if let placer, let existing = state.order(placer: placer.value, authority: placer.authority) {
            throw .unprocessable("duplicate", "placer number \(placer.value) already belongs to ServiceRequest/\(existing.id)", expression: "ServiceRequest.identifier")
        }
        let studyUID = try self.studyUID(of: request)
        if let studyUID, let existing = state.order(studyInstanceUID: studyUID) {
            throw .unprocessable("duplicate", "study instance UID \(studyUID) already belongs to ServiceRequest/\(existing.id)", expression: "ServiceRequest.identifier")
        }
        let details = try OrderDetails(request, settings: settings)
        guard !details.procedure.isEmpty else {
            throw .unprocessable("required", "the order needs its procedure: code with a coding or text", expression: "ServiceRequest.code")
        }
        return build(control: "NW", patient: patient, placer: placer, accession: accession?.value ?? "", details: details,
                     studyUID: studyUID, controlID: controlID, at: time)
    }

    /// `PUT /fhir/ServiceRequest/{id}`: revoked → CA, on-hold → HD, active → RL for a held order,
    /// otherwise XO with the changed details. Identity (accession, subject) cannot change.
    public func update(orderID: Int, _ body: Data, controlID: String, at time: String) throws(FHIRError) -> HL7Message {
        let request = try ResourceDecoder.decode(ServiceRequest.self, named: "ServiceRequest", from: body)
        guard let id = request.id else {
            throw .invalid("an update must carry the resource id", expression: "ServiceRequest.id")
        }
        guard id == String(orderID) else {
            throw .invalid("the resource id '\(id)' is not the id in the URL (\(orderID))", expression: "ServiceRequest.id")
        }
        guard let order = state.orders[orderID] else { throw .notFound("there is no ServiceRequest/\(orderID)") }
        try checkIntent(request)
        if let accession = try identifier(of: request, type: "ACSN", system: settings.accessionSystem), accession.value != order.accessionNumber {
            throw .unprocessable("business-rule", "the accession number cannot change (\(order.accessionNumber))", expression: "ServiceRequest.identifier")
        }
        let current = state.patient(of: order)
        if let target = request.subject?.target, target.type != "Patient" || target.id != String(current?.id ?? order.patientID) {
            throw .unprocessable("business-rule", "the subject cannot change (Patient/\(current?.id ?? order.patientID))", expression: "ServiceRequest.subject")
        }
        let control: String
        switch request.status {
        case "revoked": control = "CA"
        case "on-hold": control = "HD"
        case "active": control = order.state == .held ? "RL" : "XO"
        default:
            throw .unprocessable("business-rule", "status '\(request.status ?? "")' cannot be set by a client (revoked, on-hold or active); it follows the workflow",
                                 expression: "ServiceRequest.status")
        }
        let details = control == "XO" ? try OrderDetails(request, settings: settings) : OrderDetails(order: order)
        let placer = order.placerNumber.isEmpty ? nil : (value: order.placerNumber, authority: order.placerAuthority)
        let patient = current.map(PatientRecord.init(current:))
        return build(control: control, patient: patient, placer: placer, accession: order.accessionNumber, details: details,
                     studyUID: nil, controlID: controlID, at: time)
    }

    private func checkIntent(_ request: ServiceRequest) throws(FHIRError) {
        guard let intent = request.intent, ["order", "original-order"].contains(intent) else {
            throw .unprocessable("business-rule", "intent must be 'order' (got '\(request.intent ?? "")')", expression: "ServiceRequest.intent")
        }
    }

    /// The patient: a contained Patient (`#id`), an existing one (`Patient/<id>`), or one named by identifier.
    private func subject(of request: ServiceRequest) throws(FHIRError) -> PatientRecord {
        guard let subject = request.subject else {
            throw .unprocessable("required", "the order needs its subject Patient (by reference or contained)", expression: "ServiceRequest.subject")
        }
        if let reference = subject.reference, reference.hasPrefix("#") {
            let id = String(reference.dropFirst())
            guard let contained = request.contained?.first(where: { $0.id == id }) else {
                throw .unprocessable("not-found", "no contained resource has id '\(id)'", expression: "ServiceRequest.subject")
            }
            guard contained.resourceType == "Patient" else {
                throw .unprocessable("business-rule", "the subject must be a Patient", expression: "ServiceRequest.contained")
            }
            return try record(of: contained)
        }
        if let target = subject.target {
            guard target.type == "Patient" else {
                throw .unprocessable("business-rule", "the subject must be a Patient (got \(target.type))", expression: "ServiceRequest.subject")
            }
            guard let number = Int(target.id), let known = state.patients.patients[number] else {
                throw .unprocessable("not-found", "there is no Patient/\(target.id)", expression: "ServiceRequest.subject")
            }
            return PatientRecord(current: state.patients.resolve(patientID: known.id) ?? known)
        }
        if let identifier = subject.identifier, let value = identifier.value {
            guard let issuer = settings.issuer(ofPatientIdentifierSystem: identifier.system),
                  let known = state.patients.resolve(PatientIdentifier(id: value, issuer: issuer)) else {
                throw .unprocessable("not-found", "no Patient has identifier \(identifier.system ?? "")|\(value)", expression: "ServiceRequest.subject.identifier")
            }
            return PatientRecord(current: known)
        }
        throw .unprocessable("required", "the subject must reference a Patient (Patient/<id>, #<contained id> or an identifier)", expression: "ServiceRequest.subject")
    }

    /// A contained Patient: at least one identifier in a known system, and a family name.
    private func record(of patient: Patient) throws(FHIRError) -> PatientRecord {
        var identifiers: [PatientIdentifier] = []
        for (n, identifier) in (patient.identifier ?? []).enumerated() {
            guard let value = identifier.value, !value.isEmpty else { continue }
            guard let issuer = settings.issuer(ofPatientIdentifierSystem: identifier.system) else {
                throw .unprocessable("value", "identifier system '\(identifier.system ?? "")' names no assigning authority RadBridge knows (use urn:oid:<oid> or \(settings.systemBase)/patient-id/<authority>)",
                                     expression: "ServiceRequest.contained.identifier[\(n)].system")
            }
            identifiers.append(PatientIdentifier(id: value, issuer: issuer, typeCode: identifier.typeCode ?? (n == 0 ? "MR" : "")))
        }
        guard !identifiers.isEmpty else {
            throw .unprocessable("required", "the contained Patient needs an identifier (the MRN)", expression: "ServiceRequest.contained.identifier")
        }
        guard let name = patient.name?.first, name.family?.isEmpty == false else {
            throw .unprocessable("required", "the contained Patient needs a family name", expression: "ServiceRequest.contained.name")
        }
        var birthDate = ""
        if let text = patient.birthDate {
            guard let digits = FHIRTime.parse(text)?.digits, digits.count <= 8 else {
                throw .invalid("birthDate '\(text)' is not a date", expression: "ServiceRequest.contained.birthDate")
            }
            birthDate = digits
        }
        return PatientRecord(identifiers: identifiers, name: name.personName, birthDate: birthDate,
                             sex: FHIRMapper.sex(patient.gender))
    }

    /// The identifier of a v2 table 0203 type (or in `system`); nil when absent.
    private func identifier(of request: ServiceRequest, type: String, system: String) throws(FHIRError) -> (value: String, authority: String)? {
        guard let identifier = request.identifier?.first(where: {
            $0.typeCode == type || ($0.system.map { $0 == system || $0.hasPrefix(system + "/") } ?? false)
        }) else { return nil }
        guard let value = identifier.value, !value.isEmpty, value.count <= 64 else {
            throw .invalid("the \(type) identifier needs a value of at most 64 characters", expression: "ServiceRequest.identifier")
        }
        var authority = identifier.assigner?.display ?? ""
        if authority.isEmpty, let s = identifier.system, s.hasPrefix(system + "/") { authority = String(s.dropFirst(system.count + 1)) }
        return (value, type == "ACSN" ? "" : authority)
    }

    private func studyUID(of request: ServiceRequest) throws(FHIRError) -> String? {
        guard let identifier = request.identifier?.first(where: { $0.system == FHIRSystems.dicomUID }) else { return nil }
        let value = identifier.value ?? ""
        let uid = value.hasPrefix("urn:oid:") ? String(value.dropFirst(8)) : value
        guard FHIRSettings.isOID(uid) else {
            throw .invalid("'\(value)' is not a study instance UID (urn:oid:<uid>)", expression: "ServiceRequest.identifier")
        }
        return uid
    }

    private func build(control: String, patient: PatientRecord?, placer: (value: String, authority: String)?, accession: String,
                       details: OrderDetails, studyUID: String?, controlID: String, at time: String) -> HL7Message {
        var b = HL7MessageBuilder(sendingApplication: Self.sendingApplication, sendingFacility: settings.application,
                                  receivingApplication: settings.application, messageType: ["ORM", "O01", "ORM_O01"],
                                  controlID: controlID, version: "2.5.1", timestamp: time, characterSet: "UNICODE UTF-8")
        b.add("PID") { pid in
            pid.set(1, "1")
            if let patient {
                let cx = patient.identifiers.map { [$0.id, "", "", $0.issuer, $0.typeCode] }
                pid.set(3, repetitions: cx)
                pid.set(5, components: [patient.name.family, patient.name.given, patient.name.middle, patient.name.suffix, patient.name.prefix])
                pid.set(7, patient.birthDate)
                pid.set(8, patient.sex)
            }
        }
        b.add("PV1") { pv1 in
            pv1.set(1, "1")
            pv1.set(2, "U")
        }
        let timing: [String?] = [nil, nil, nil, details.start, nil, details.priority]
        b.add("ORC") { orc in
            orc.set(1, control)
            orc.set(2, components: [placer?.value, placer?.authority])
            orc.set(3, components: [accession])
            orc.set(7, components: timing)
            orc.set(9, time)
            orc.set(12, components: details.requester.map { ["", $0.family, $0.given, $0.middle, $0.suffix, $0.prefix] } ?? [])
        }
        b.add("OBR") { obr in
            obr.set(1, "1")
            obr.set(2, components: [placer?.value, placer?.authority])
            obr.set(3, components: [accession])
            obr.set(4, components: details.procedureComponents)
            obr.set(16, components: details.requester.map { ["", $0.family, $0.given, $0.middle, $0.suffix, $0.prefix] } ?? [])
            obr.set(24, details.modality)
            obr.set(27, components: timing)
            obr.set(31, components: details.reason.map { ["", $0] } ?? [])
        }
        if let studyUID {
            b.add("ZDS") { zds in zds.set(1, components: [studyUID, settings.application, "Application", "DICOM"]) }
        }
        return b.build()
    }
}

extension PatientRecord {
    init(current patient: Workflow.Patient) {
        self.init(identifiers: patient.identifiers, name: patient.name, birthDate: patient.birthDate, sex: patient.sex)
    }
}
