import Engine
import Foundation
import HL7
import MLLP
import Store
import Testing

/// Real-world messages from other projects, sent one frame each over a real MLLP socket: a default
/// (lenient) engine accepts every message it can process, with its warnings journaled; `strict`
/// answers as validation did before policies existed. The shared corpus (`../shared`, including
/// files we may read but not copy) when present, else the permissive copies in Tests/Fixtures.
@Suite(.serialized) struct PublicCorpusIntakeTests {
    /// `../shared` beside the repository, or beside the folder of worktrees.
    static let shared = [1, 2].map { levels in
        (0..<levels).reduce(Paths.repository) { url, _ in url.deletingLastPathComponent() }
            .appendingPathComponent("shared/samples/public/hl7")
    }.first { FileManager.default.fileExists(atPath: $0.path) }
    static var folder: URL { shared ?? Paths.fixtures.appendingPathComponent("public") }

    /// One MLLP frame: a message of a file, or the whole file when it does not parse.
    struct Frame: CustomStringConvertible {
        var file: String
        var bytes: [UInt8]
        var message: HL7Message?
        /// Parsed (so its delimiters are legal) with MSH-9 and MSH-10 valued.
        var hasTypeAndControlID: Bool { message.map { !$0.header.messageCode.isEmpty && !$0.header.controlID.isEmpty } ?? false }
        /// What no policy accepts: besides the above, a version the engine does not support. (A
        /// processing ID outside table 0103 is a warning: real RIS send `1`.)
        var processable: Bool {
            guard hasTypeAndControlID, let h = message?.header else { return false }
            return h.version.isEmpty || (HL7Version(h.version).map { HL7Version.supported.contains($0) } ?? false)
        }
        var description: String { message.map { "\(file) \($0.header.controlID)" } ?? file }
    }

    static func frames() throws -> [Frame] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".hl7") }.sorted()
        var frames: [Frame] = []
        for name in names {
            let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
            if let batch = try? HL7Batch(bytes: bytes), !batch.messages.isEmpty {
                frames += batch.messages.map { Frame(file: name, bytes: $0.encoded(), message: $0) }
            } else {
                frames.append(Frame(file: name, bytes: bytes.filter { $0 != 0x0B && $0 != 0x1C }, message: nil))
            }
        }
        return frames
    }

    /// Each frame on its own connection; nil when no reply came (MSH-15 NE asks for none).
    static func send(_ frames: [Frame], to engine: RunningEngine) async throws -> [HL7Message?] {
        var replies: [HL7Message?] = []
        for frame in frames {
            let expectsReply = frame.message.map { !HL7Acknowledgement.responses(to: $0, outcome: .AA).isEmpty } ?? true
            let client = try await MLLPClient.connect(host: "127.0.0.1", port: engine.mllpPort)
            let reply = try? await client.send(frame.bytes, timeout: expectsReply ? .seconds(10) : .milliseconds(500))
            await client.close()
            replies.append(try reply.map { try HL7Message(bytes: $0) })
        }
        return replies
    }

    @Test func aDefaultEngineAcceptsEveryMessageItCanProcess() async throws {
        let frames = try Self.frames()
        #expect(frames.filter(\.processable).count >= 40, "\(frames.count) frames")
        let engine = try await RunningEngine.start()
        defer { Task { await engine.stop() } }
        let replies = try await Self.send(frames, to: engine)
        // Nothing lost: one journal entry per frame, in the order sent.
        let journal = try await engine.store.journalEntries(JournalQuery(limit: 10_000)).reversed().map { $0 }
        #expect(journal.count == frames.count)
        guard journal.count == frames.count else { return }

        var accepted = 0, withWarnings = 0, refusedByWorkflow: [String] = [], notProcessable: [String] = []
        for ((frame, reply), entry) in zip(zip(frames, replies), journal) {
            let code = reply?["MSA-1"]
            let shown = reply.map { String(decoding: $0.encoded(), as: UTF8.self) } ?? "no reply"
            guard frame.processable else {
                // Refused with the reason, journaled as rejected.
                #expect(["AR", "AE", "CR", "CE"].contains(code ?? ""), "\(frame) must be refused: \(shown)")
                #expect(entry.status == .rejected && !(entry.error ?? "").isEmpty, "\(frame)")
                notProcessable.append("\(frame): \(entry.error ?? "")")
                continue
            }
            // Validation never refuses a processable message under the default policy.
            #expect(HL7Validator.validate(frame.message!, policy: .lenient).errors.isEmpty, "\(frame)")
            // MSH-15 NE asks for no commit acknowledgement: then the journal tells.
            let noReplyAsked = frame.message!.header.acceptAcknowledgementType == "NE"
            if entry.status == .accepted || entry.status == .duplicate {
                accepted += 1
                #expect(code == "AA" || code == "CA" || (reply == nil && noReplyAsked), "\(frame): \(shown)")
                // Every ERR of an accepted message is a warning or information (before v2.5 ERR has no severity).
                #expect(reply?.segments(named: "ERR").allSatisfy { ["W", "I"].contains($0.field(4)?.raw ?? "W") } ?? true, "\(shown)")
                if !entry.warnings.isEmpty { withWarnings += 1 }
            } else {
                // Only the workflow may refuse it (an order without procedure, an unknown patient or
                // appointment, ...), with its own reason rather than a validation problem.
                #expect(code == "AE" || code == "CE" || (reply == nil && noReplyAsked), "\(frame): \(shown)")
                #expect(entry.status == .rejected, "\(frame)")
                let reason = entry.error ?? ""
                #expect(!reason.isEmpty && !entry.warnings.contains { reason.contains($0.text) }, "\(frame): \(reason)")
                refusedByWorkflow.append("\(frame): \(reason)")
            }
        }
        #expect(withWarnings > 0)
        // The workflow applies every processable message, as much of it as is certain (issue 16).
        #expect(refusedByWorkflow.isEmpty, "\(refusedByWorkflow)")
        print("""
            public corpus over MLLP (lenient): \(frames.count) frames from \(Set(frames.map(\.file)).count) files; \
            \(frames.filter(\.hasTypeAndControlID).count) with MSH-9, MSH-10 and legal delimiters, \
            \(frames.filter(\.processable).count) processable: \(accepted) accepted (\(withWarnings) with warnings), \
            \(refusedByWorkflow.count) refused by the workflow
            """)
        for line in refusedByWorkflow { print("  refused by the workflow: \(line)") }
        for line in notProcessable { print("  cannot be processed: \(line)") }

        // Warnings name fields and rules, never values: no birth date of the corpus appears in them.
        let birthDates = Set(frames.compactMap { $0.message?["PID-7.1"] }.filter { $0.count >= 6 })
        let texts = journal.flatMap(\.warnings).map(\.text)
        #expect(!birthDates.isEmpty)
        #expect(!texts.contains { text in birthDates.contains { text.contains($0) } })

        // The per-sender counts add up to the journal's.
        let (status, json) = try await engine.http("GET", "/api/senders")
        #expect(status == 200)
        let senders = try #require(json as? [[String: Any]])
        #expect(senders.reduce(0) { $0 + ($1["messages"] as? Int ?? 0) } == journal.count)
        #expect(senders.reduce(0) { $0 + ($1["withWarnings"] as? Int ?? 0) } == journal.filter { !$0.warnings.isEmpty }.count)
        await engine.stop()
    }

    @Test func strictGivesTheAnswersOfValidationWithoutPolicies() async throws {
        let frames = try Self.frames()
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: "validation: { default: strict }"))
        defer { Task { await engine.stop() } }
        let replies = try await Self.send(frames, to: engine)
        var refusedFiles: Set<String> = []
        for (frame, reply) in zip(frames, replies) {
            guard let message = frame.message else {
                #expect(reply?["MSA-1"] == "AR", "\(frame)")
                refusedFiles.insert(frame.file)
                continue
            }
            // As before policies: AR for type/event/processing ID/version, AE for the other errors.
            let errors = HL7Validator.validate(message).filter { $0.severity == .error }
            guard !errors.isEmpty else { continue }
            refusedFiles.insert(frame.file)
            let owed = HL7Acknowledgement.responses(to: message, outcome: HL7AckCode.outcome(for: errors)).first?["MSA-1"]
            #expect(reply?["MSA-1"] == owed, "\(frame): \(errors)")
        }
        // The files `radbridge hl7 ack` answered AE or AR for before policies existed.
        let baseline = Self.shared == nil ? Self.strictBaseline.intersection(frames.map(\.file)) : Self.strictBaseline
        #expect(refusedFiles == baseline, "new: \(refusedFiles.subtracting(baseline).sorted()), gone: \(baseline.subtracting(refusedFiles).sorted())")
        print("public corpus over MLLP (strict): \(refusedFiles.count) of \(Set(frames.map(\.file)).count) files refused, as before")
        await engine.stop()
    }

    /// `radbridge hl7 ack FILE` at ac162d0 (before validation policies): the files answered AE or AR.
    static let strictBaseline: Set<String> = [
        "dcm4che_ADT_A08_v251_veterinary.hl7",
        "dcm4che_ADT_A31_v251.hl7",
        "dcm4che_ADT_A40_v251_merge.hl7",
        "dcm4che_ORU_R01_v231_blank_segments.hl7",
        "dcm4che_ORU_R01_v251_ED_PDF_base64.hl7",
        "dcm4che_ORU_R01_v251_radiology_report_RadLex.hl7",
        "dcm4che_SIU_S12_v24_MALFORMED_no_segment_separators.hl7",
        "dcm4che_SIU_S12_v251_hex_escape.hl7",
        "fhirconv_ADT01_23.hl7",
        "fhirconv_ADT_A01_01.hl7",
        "fhirconv_ADT_A04_01.hl7",
        "fhirconv_ADT_A08_01.hl7",
        "fhirconv_ORM_O01_04.hl7",
        "hapi_ADT_A01_v25_MALFORMED_MSH2_U+FFFD_UTF8.hl7",
        "hapi_OML_O21_v251_multi_message_file.hl7",
        "hapi_ORM_O01_v231_RIS_slovenian_UTF8.hl7",
        "hapi_ORU_R01_v22_RADIS1_MALFORMED_inline_OBX.hl7",
        "hapi_ORU_R01_v24_formatted_text_H_N_S_br.hl7",
        "hl7apy_MALFORMED_duplicate_encoding_chars.hl7",
        "hl7apy_MALFORMED_first_segment_PID_with_MSH_fields.hl7",
        "hl7apy_MALFORMED_incomplete_message_type.hl7",
        "hl7apy_MALFORMED_missing_MSH9.hl7",
        "hl7apy_MALFORMED_too_many_encoding_chars.hl7",
        "hl7apy_OML_O33_v25_specimen_groups.hl7",
        "hl7dotnet_ADT_A08_v24_ZZ1_invalid_escape.hl7",
        "hl7dotnet_ADT_A28_v25_SAP_UTF8_nulls_subcomponents_CRLF.hl7",
        "hl7dotnet_MALFORMED_MSH2_no_escape_char_LF.hl7",
        "hl7dotnet_ORM_O01_v23_all_five_escapes_in_name.hl7",
        "lfh_ADT_A01_v26_MALFORMED_CRLF_doubled_escape.hl7",
        "lfh_ORU_R01_v26_imaging_report.hl7",
        "lfh_ORU_R01_v26_imaging_report_mixed_ST_TX.hl7",
        "nhapi_ADT_A04_v27_minimal.hl7",
        "nhapi_ADT_A08_v23_many_repetitions.hl7",
        "nhapi_MALFORMED_fuzz_LegacyPipeParser_aoor1.hl7",
        "nhapi_MALFORMED_fuzz_LegacyPipeParser_hang1.hl7",
        "nhapi_MALFORMED_fuzz_LegacyPipeParser_nullref1.hl7",
        "nhapi_MALFORMED_fuzz_LegacyPipeParser_regex1.hl7",
        "nhapi_MALFORMED_fuzz_LegacyPipeParser_stackoverflow1.hl7",
        "nhapi_MALFORMED_fuzz_PipeParser_id_000109.hl7",
        "nhapi_MALFORMED_fuzz_PipeParser_id_000123.hl7",
        "nhapi_MALFORMED_fuzz_PipeParser_so.hl7",
        "nhapi_MALFORMED_fuzz_PipeParser_so4.hl7",
        "nhapi_MDM_T02_v231_hex_escapes_T_E.hl7",
        "nhapi_ORR_O02_v231.hl7",
        "nhapi_ORU_R01_v23_escape_F_br_table.hl7",
        "nhapi_ORU_R01_v24_MOLIS_german_U+FFFD_mojibake.hl7",
        "pyhl7_ADT_A01_v23_HNAM_nulls_spaces.hl7",
        "pyhl7_MALFORMED_batch_BHS_inside_message.hl7",
        "pyhl7_MALFORMED_file_batch_without_MSH.hl7",
        "pyhl7_MSH_fragment_cp1252_byte_0x96.hl7",
        "pyhl7_ORU_R01_v24_GHH_invalid_DOB.hl7",
        "pyhl7_nonstandard_separators.hl7",
        "pyhl7_repetition_subcomponent_sample.hl7",
    ]
}
