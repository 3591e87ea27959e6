import DICOM
import Foundation
import TestSupport
import Testing

@Suite struct Part10WritingTests {
    static let writable: [TransferSyntax] = [.explicitVRLittleEndian, .implicitVRLittleEndian]

    @Test(arguments: Fixtures.readable)
    func roundTripKeepsEveryElement(name: String) throws {
        let original = try DICOMFile(bytes: Fixtures.bytes(name))
        var copy = original
        if original.transferSyntax.isBigEndian || original.transferSyntax.isDeflated {
            copy.transferSyntax = .explicitVRLittleEndian
        }
        let reread = try DICOMFile(bytes: copy.encoded())
        #expect(reread.transferSyntax == copy.transferSyntax)
        #expect(reread.warnings.filter { $0.contains("preamble") || $0.contains("meta") }.isEmpty)
        #expect(withoutGroupLengths(reread.dataSet) == withoutGroupLengths(original.dataSet))
        #expect(reread.meta.string(.transferSyntaxUID) == copy.transferSyntax.uid)
    }

    @Test func explicitToImplicitKeepsValues() throws {
        let original = try DICOMFile(bytes: Fixtures.bytes("CT_small.dcm"))
        var implicit = original
        implicit.transferSyntax = .implicitVRLittleEndian
        let reread = try DICOMFile(bytes: implicit.encoded())
        #expect(reread.transferSyntax == .implicitVRLittleEndian)
        #expect(reread.dataSet.string(.patientName) == "CompressedSamples^CT1")
        #expect(reread.dataSet[.pixelData]?.bytes == original.dataSet[.pixelData]?.bytes)
        #expect(reread.dataSet.items(Tag(0x0010, 0x1002)).count == 2)
    }

    @Test func newFileFromScratch() throws {
        var dataSet = DataSet()
        dataSet.set(.sopClassUID, .UI, "1.2.840.10008.5.1.4.1.1.7")
        dataSet.set(.sopInstanceUID, .UI, "1.2.3.4.5")
        dataSet.set(.patientName, .PN, "Doe^Jane")
        dataSet.set(.patientID, .LO, "P123")
        let bytes = try DICOMFile(dataSet: dataSet).encoded()
        #expect(Array(bytes[128..<132]) == Array("DICM".utf8))
        let file = try DICOMFile(bytes: bytes)
        #expect(file.meta.string(.mediaStorageSOPInstanceUID) == "1.2.3.4.5")
        #expect(file.meta.uint32(.fileMetaInformationGroupLength) != nil)
        #expect(file.dataSet.string(.patientName) == "Doe^Jane")
        // Odd lengths are padded: UI with NUL, text with a space.
        #expect(file.dataSet[.sopInstanceUID]?.bytes.last == 0)
        #expect(file.dataSet[.patientName]?.bytes.count == 8)
    }

    @Test func bigEndianWritingIsRefused() throws {
        var file = try DICOMFile(bytes: Fixtures.bytes("MR_small_bigendian.dcm"))
        file.transferSyntax = .explicitVRBigEndian
        #expect(throws: DICOMError.unsupportedTransferSyntax(TransferSyntax.explicitVRBigEndian.uid)) { try file.encoded() }
    }

    /// pydicom must read every file we write, with the same element count and values.
    @Test func pydicomReadsWhatWeWrite() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("radbridge-pydicom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var expected: [String: (count: Int, patientID: String)] = [:]
        for name in Fixtures.readable {
            for syntax in Self.writable {
                var file = try DICOMFile(bytes: Fixtures.bytes(name))
                if file.transferSyntax.isEncapsulated && syntax == .implicitVRLittleEndian { continue }
                if !file.transferSyntax.isEncapsulated { file.transferSyntax = syntax }
                let target = "\(name)-\(file.transferSyntax.uid).dcm"
                try Data(file.encoded()).write(to: folder.appendingPathComponent(target))
                let topLevel = file.dataSet.elements.filter { !$0.tag.isGroupLength }.count
                expected[target] = (topLevel, file.dataSet.string(.patientID) ?? "")
            }
        }
        let script = """
        import os, sys, pydicom
        folder = sys.argv[1]
        for name in sorted(os.listdir(folder)):
            ds = pydicom.dcmread(os.path.join(folder, name))
            pid = str(ds.get("PatientID", ""))
            print(f"{name}\\t{len(ds)}\\t{ds.file_meta.TransferSyntaxUID}\\t{pid}")
        """
        let result = try await ExternalTool.run(ExternalTool.python, ["-c", script, folder.path])
        #expect(result.status == 0, "pydicom failed: \(result.stderr)")
        let lines = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == expected.count)
        for line in lines {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let want = try #require(expected[fields[0]])
            #expect(Int(fields[1]) == want.count, "\(fields[0]): pydicom sees \(fields[1]) elements, we wrote \(want.count)")
            #expect(fields[0].hasSuffix("\(fields[2]).dcm"))
            #expect(fields[3] == want.patientID)
        }
    }

    private func withoutGroupLengths(_ dataSet: DataSet) -> DataSet {
        DataSet(dataSet.elements.filter { !$0.tag.isGroupLength }.map { element in
            var copy = element
            if let items = element.items {
                copy.value = .sequence(items.map(withoutGroupLengths))
            } else if case .bytes(let bytes) = element.value, bytes.count % 2 == 1 {
                copy.value = .bytes(bytes + [element.vr.paddingByte])  // odd lengths are written padded
            }
            return copy
        })
    }
}
