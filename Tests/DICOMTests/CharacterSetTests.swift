import DICOM
import Testing

@Suite struct CharacterSetTests {
    @Test func latin1() throws {
        let file = try DICOMFile(bytes: Fixtures.bytes("chrFren.dcm"))
        #expect(file.dataSet.string(.patientName) == "Buc^Jérôme")
    }

    @Test func utf8() throws {
        let file = try DICOMFile(bytes: Fixtures.bytes("chrX1.dcm"))
        #expect(file.dataSet.string(.patientName) == "Wang^XiaoDong=王^小東=")
    }

    @Test func iso2022JapaneseKanji() throws {
        let file = try DICOMFile(bytes: Fixtures.bytes("chrH31.dcm"))
        #expect(file.dataSet.string(.patientName) == "Yamada^Tarou=山田^太郎=やまだ^たろう")
    }

    @Test func iso2022JapaneseKatakanaAndKanji() throws {
        let file = try DICOMFile(bytes: Fixtures.bytes("chrH32.dcm"))
        #expect(file.dataSet.string(.patientName) == "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう")
    }

    @Test func unknownCharacterSetKeepsBytesAndWarns() throws {
        let bytes = try Fixtures.bytes("chrRuss.dcm")
        let file = try DICOMFile(bytes: bytes)
        #expect(file.warnings.contains { $0.contains("ISO_IR 144") })
        let raw = try #require(file.dataSet[.patientName]?.bytes)
        #expect(raw.contains { $0 >= 0x80 })
        let decoded = file.dataSet.characterSet.decode(raw, vr: .PN)
        #expect(decoded.warning != nil)
        #expect(file.dataSet.characterSet.unsupportedTerms == ["ISO_IR 144"])
    }

    @Test func sequenceItemsInheritTheCharacterSet() throws {
        var item = DataSet()
        item[.patientName] = DataElement(tag: .patientName, vr: .PN, bytes: Array("Buc^J".utf8) + [0xE9, 0x72, 0xF4, 0x6D, 0x65, 0x20])
        var dataSet = DataSet()
        dataSet.set(.specificCharacterSet, .CS, "ISO_IR 100")
        dataSet.set(Tag(0x0008, 0x1140), items: [item])
        let decoded = try DataSet(decoding: dataSet.encoded(transferSyntax: .explicitVRLittleEndian), transferSyntax: .explicitVRLittleEndian)
        #expect(decoded.items(Tag(0x0008, 0x1140)).first?.string(.patientName) == "Buc^Jérôme")
    }
}
