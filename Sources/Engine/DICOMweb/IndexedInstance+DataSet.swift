import DICOM
import Store
import Workflow

extension IndexedInstance {
    /// The index row of a received instance: its keys and its attributes without bulk data.
    init(_ instance: ReceivedInstance, dataSet: DataSet, path: String) {
        var searchable = dataSet
        searchable[.pixelData] = nil  // never a search result, even when small enough to inline
        let attributes = DICOMJSON.data(DICOMJSON.object(searchable))
        self.init(sopInstanceUID: instance.sopInstanceUID, studyInstanceUID: instance.studyInstanceUID,
                  seriesInstanceUID: instance.seriesInstanceUID, sopClassUID: instance.sopClassUID,
                  patientID: instance.patientID, accessionNumber: instance.accessionNumber,
                  studyDate: (dataSet.string(.studyDate) ?? "").trimmingCharacters(in: .whitespaces),
                  modality: instance.modality, attributes: [UInt8](attributes), path: path)
    }
}
