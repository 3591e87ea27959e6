import DICOM
