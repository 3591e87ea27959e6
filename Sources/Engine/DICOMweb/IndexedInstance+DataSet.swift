import DICOM
import Store
import Workflow

extension IndexedInstance {
    /// The index row of a received instance: its keys and its attributes without bulk data.
    init(_ instance: ReceivedInstance, dataSet: DataSet) {
        let attributes = DICOMJSON.data(DICOMJSON.object(dataSet))
        self.init(sopInstanceUID: instance.sopInstanceUID, studyInstanceUID: instance.studyInstanceUID,
                  seriesInstanceUID: instance.seriesInstanceUID, sopClassUID: instance.sopClassUID,
                  patientID: instance.patientID, accessionNumber: instance.accessionNumber,
                  studyDate: (dataSet.string(.studyDate) ?? "").trimmingCharacters(in: .whitespaces),
                  modality: instance.modality, attributes: [UInt8](attributes))
    }
}
