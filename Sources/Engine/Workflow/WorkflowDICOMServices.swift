import Foundation
import DICOM
import DICOMNetwork
import HL7
import Store
import Workflow

/// The DICOM services the scheduled workflow offers: the Modality Worklist C-FIND SCP answered from
/// the worklist index, and the MPPS SCP whose steps move orders.
public enum WorkflowDICOMServices {
    /// With `instances`, C-STORE is accepted too: instances are written there and filed with their orders.
    /// `index` (the store) makes received instances searchable through DICOMweb. MPPS steps live in
    /// `WorkflowService.procedureSteps`, restored from the workflow events. `log` gets lines without patient data.
    public static func make(_ service: WorkflowService, instances: URL? = nil, index: (any InstanceIndexStore)? = nil,
                            divert: (@Sendable (StoredInstance) async throws -> Bool)? = nil,
                            log: @escaping @Sendable (String) -> Void = { _ in }) -> [any DIMSEService] {
        let worklist = FindService(sopClassUIDs: [FindService.modalityWorklist]) { identifier, _ in
            await service.worklistResponses(for: identifier)
        }
        let mpps = ProcedureStepService(store: service.procedureSteps) { uid, attributes in
            guard let event = ProcedureStepAttributes.event(uid: uid, attributes: attributes) else { return }
            let refusal: WorkflowEventError?
            do {
                refusal = try await service.recordProcedureStep(event)
            } catch {
                log("MPPS \(uid) \(event.status.rawValue) could not be stored: \(error)")
                throw DIMSEServiceError(status: .processingFailure, comment: "procedure step could not be stored")
            }
            // An unscheduled procedure, or a step the order cannot take: recorded, not fatal. The
            // refusal names the accession and study UID only.
            if let refusal { log("MPPS \(uid) \(event.status.rawValue) not applied: \(refusal)") }
        }
        return [worklist, mpps] + (instances.map { [InstanceReception.service(service, directory: $0, index: index, divert: divert)] } ?? [])
    }
}
