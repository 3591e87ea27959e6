import Foundation
import Testing
@testable import HL7

/// The shared public corpus, including the MPL/GPL files we may read but not copy. Skipped when
/// `../shared` is not beside the repository (the copied permissive files are tested regardless).
@Suite(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.sharedPublic.path)))
struct PublicCorpusTests {
    static var files: [URL] { Fixtures.files(in: Fixtures.sharedPublic) }

    @Test func wellFormedFilesReencodeByteIdentically() throws {
        let files = Self.files.filter { !$0.lastPathComponent.contains("MALFORMED") }
        #expect(files.count >= 60)
        for file in files {
            let input = Array(try Data(contentsOf: file))
            let batch = try HL7Batch(bytes: input)
            #expect(batch.encoded() == Fixtures.normalized(input), "\(file.lastPathComponent)")
        }
    }

    @Test func radiologyAnchorsFromOtherProjects() throws {
        let mesa = try HL7Batch(bytes: Array(Data(contentsOf: Fixtures.sharedPublic.appendingPathComponent("dcm4che_ORM_O01_v231_ZDS_MESA.hl7")))).messages[0]
        #expect(mesa.header.messageType == "ORM^O01")
        #expect(mesa["ZDS-1.1"]?.hasPrefix("1.") ?? false)
        #expect(HL7Validator.validate(mesa).filter { $0.severity == .error }.isEmpty, "\(HL7Validator.validate(mesa))")
        let multi = try HL7Batch(bytes: Array(Data(contentsOf: Fixtures.sharedPublic.appendingPathComponent("hapi_OML_O21_v251_multi_message_file.hl7"))))
        #expect(multi.messages.count == 13)
    }
}
