import DICOM
import Testing

@Suite struct DataSetReadingTests {
    @Test func explicitLittleEndianWithSequence() throws {
        let file = try DICOMFile(bytes: Fixtures.bytes("CT_small.dcm"))
        #expect(file.transferSyntax == .explicitVRLittleEndian)
        #expect(file.warnings.isEmpty)
        #expect(file.dataSet.string(.patientName) == "CompressedSamples^CT1")
        #expect(file.dataSet.strings(Tag(0x0008, 0x0008)) == ["ORIGINAL", "PRIMARY", "AXIAL"])
        #expect(file.dataSet.uint16(Tag(0x0028, 0x0010)) == 128)
        let others = file.dataSet.items(Tag(0x0010, 0x1002))
        #expect(others.count == 2)
        #expect(others.first?.string(.patientID) == "ABCD1234")
        #expect(file.dataSet[.pixelData]?.bytes.count == 128 * 128 * 2)
    }

    @Test func implicitAndBigEndianDecodeToTheSameValues() throws {
        let implicit = try DICOMFile(bytes: Fixtures.bytes("MR_small_implicit.dcm"))
        let big = try DICOMFile(bytes: Fixtures.bytes("MR_small_bigendian.dcm"))
        #expect(implicit.transferSyntax == .implicitVRLittleEndian)
        #expect(big.transferSyntax == .explicitVRBigEndian)
        #expect(big.dataSet.uint16(Tag(0x0028, 0x0010)) == 64)
        #expect(implicit.dataSet.uint16(Tag(0x0028, 0x0010)) == 64)
        #expect(big.dataSet.string(.patientName) == implicit.dataSet.string(.patientName))
        // Pixel data (OW) is swapped to little endian on read, so both files hold the same words.
        #expect(big.dataSet[.pixelData]?.bytes == implicit.dataSet[.pixelData]?.bytes)
        #expect(big.dataSet[.pixelData]?.bytes.isEmpty == false)
    }

    @Test func deflatedExplicitLittleEndian() throws {
        let file = try DICOMFile(bytes: Fixtures.bytes("image_dfl.dcm"))
        #expect(file.transferSyntax == .deflatedExplicitVRLittleEndian)
        #expect(file.dataSet.count > 20)
        #expect(file.dataSet.uint16(Tag(0x0028, 0x0010)) != nil)
    }

    @Test func encapsulatedPixelDataIsKeptAsFragments() throws {
        let file = try DICOMFile(bytes: Fixtures.bytes("JPEG2000.dcm"))
        #expect(file.transferSyntax.isEncapsulated)
        let fragments = try #require(file.dataSet[.pixelData]?.fragments)
        #expect(fragments.basicOffsetTable.isEmpty)
        #expect(fragments.fragments.count == 1)
        #expect(Array(fragments.fragments[0].prefix(4)) == [0xFF, 0x4F, 0xFF, 0x51])  // J2K SOC + SIZ markers
        #expect(fragments.fragments[0].count == 250)
    }

    @Test func filesWithoutPreambleOrMeta() throws {
        let little = try DICOMFile(bytes: Fixtures.bytes("ExplVR_LitEndNoMeta.dcm"))
        let big = try DICOMFile(bytes: Fixtures.bytes("ExplVR_BigEndNoMeta.dcm"))
        #expect(little.transferSyntax == .explicitVRLittleEndian)
        #expect(big.transferSyntax == .explicitVRBigEndian)
        #expect(little.warnings.contains("no preamble"))
        #expect(little.dataSet == big.dataSet)
        #expect(little.dataSet.string(.specificCharacterSet) == "ISO_IR 100")
    }

    @Test func implicitNestedSequences() throws {
        let plan = try DICOMFile(bytes: Fixtures.bytes("rtplan.dcm"))
        let fractions = plan.dataSet.items(Tag(0x300A, 0x0070))
        #expect(fractions.count == 1)
        let beams = fractions[0].items(Tag(0x300C, 0x0004))
        #expect(beams.count == 1)
        #expect(plan.dataSet.items(Tag(0x300A, 0x0010)).count == 2)
    }

    @Test func undefinedLengthUNIsASequence() throws {
        let file = try DICOMFile(bytes: Fixtures.bytes("UN_sequence.dcm"))
        let sequences = file.dataSet.elements.filter { $0.items != nil }
        #expect(!sequences.isEmpty)
        let nested = try DICOMFile(bytes: Fixtures.bytes("nested_priv_SQ.dcm"))
        let outer = try #require(nested.dataSet.elements.first { $0.items != nil }?.items)
        #expect(outer.count == 1)
        #expect(outer[0].elements.contains { $0.items != nil })
    }

    @Test func dictionaryLookups() {
        #expect(DataDictionary.keyword(for: .patientName) == "PatientName")
        #expect(DataDictionary.entry(for: .patientName)?.vr == .PN)
        #expect(DataDictionary.tag(forKeyword: "AccessionNumber") == .accessionNumber)
        #expect(DataDictionary.entry(for: Tag(0x6002, 0x3000))?.keyword == "OverlayData")  // repeating group 60xx
        #expect(DataDictionary.entry(for: Tag(0x0028, 0x0106))?.alternativeVRs == [.SS])
        #expect(DataDictionary.implicitVR(for: Tag(0x0009, 0x1001)) == .UN)
        #expect(DataDictionary.entry(for: Tag(0x0009, 0x0010))?.vr == .LO)
    }
}
