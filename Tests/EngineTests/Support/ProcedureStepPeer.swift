import Foundation
import TestSupport

/// A modality reporting a performed procedure step with pynetdicom: N-CREATE IN PROGRESS, then
/// N-SET with the final status. Returns the two DIMSE statuses, one per line ("0\n0\n" on success).
enum ProcedureStepPeer {
    static func perform(port: Int, studyUID: String, accession: String, patientID: String,
                        stepUID: String = "1.2.826.0.1.3680043.10.999.9", final: String = "COMPLETED") async throws -> ExternalTool.Outcome {
        let script = """
        import sys
        from pydicom.dataset import Dataset
        from pynetdicom import AE
        from pynetdicom.sop_class import ModalityPerformedProcedureStep
        port, study, accession, patient, uid, final = sys.argv[1:7]
        ae = AE(ae_title="CT1")
        ae.add_requested_context(ModalityPerformedProcedureStep)
        assoc = ae.associate("127.0.0.1", int(port), ae_title="RADBRIDGE")
        assert assoc.is_established
        ds = Dataset(); ds.PerformedProcedureStepStatus = "IN PROGRESS"; ds.PatientID = patient
        step = Dataset(); step.StudyInstanceUID = study; step.AccessionNumber = accession
        ds.ScheduledStepAttributesSequence = [step]
        print(assoc.send_n_create(ds, ModalityPerformedProcedureStep, uid)[0].Status)
        done = Dataset(); done.PerformedProcedureStepStatus = final
        print(assoc.send_n_set(done, ModalityPerformedProcedureStep, uid)[0].Status)
        assoc.release()
        """
        return try await ExternalTool.run(ExternalTool.python, ["-c", script, "\(port)", studyUID, accession, patientID, stepUID, final])
    }
}
