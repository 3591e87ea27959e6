/// Builds the File Meta Information group (PS3.10 §7.1).
public enum FileMetaInformation {
    public static func make(sopClassUID: String, sopInstanceUID: String, transferSyntax: TransferSyntax, sourceAETitle: String? = nil) -> DataSet {
        var meta = DataSet()
        meta[.fileMetaInformationVersion] = DataElement(tag: .fileMetaInformationVersion, vr: .OB, bytes: [0x00, 0x01])
        meta.set(.mediaStorageSOPClassUID, .UI, sopClassUID)
        meta.set(.mediaStorageSOPInstanceUID, .UI, sopInstanceUID)
        meta.set(.transferSyntaxUID, .UI, transferSyntax.uid)
        meta.set(.implementationClassUID, .UI, DICOMFile.implementationClassUID)
        meta.set(.implementationVersionName, .SH, DICOMFile.implementationVersionName)
        if let sourceAETitle { meta.set(.sourceApplicationEntityTitle, .AE, sourceAETitle) }
        return meta
    }
}
