import Foundation
import DICOM
import HL7
import Testing
@testable import Workflow

@Suite struct TerminologyTests {
    let terms = ProcedureTerminology.standard

    // MARK: Matching

    @Test func chestRadiographSynonymsResolveToOneCode() throws {
        let chest = try #require(terms.concept(code: "36643-5"))
        #expect(chest.rpid == "RPID2503")
        for text in ["Chest X-Ray", "XR CHEST", "CHEST 2 VIEWS", "Radiograph, Chest", "x ray chest", "CXR", "Chest PA & Lat X-ray",
                     "RAD CHEST 2V"] {
            let match = try #require(terms.match(description: text), "\(text)")
            #expect(match.standard == CodedValue(code: "36643-5", text: "XR Chest 2 Views", codingScheme: "LN"), "\(text)")
        }
        #expect(terms.match(description: "CHEST 2 VIEWS")?.rule == .descriptionWithoutModality)
        #expect(terms.match(description: "Radiograph, Chest")?.rule == .description)
        #expect(terms.match(description: "Radiograph, Chest")?.matched == "XR Chest")
        #expect(terms.match(description: "Radiograph, Chest")?.tokens == ["chest", "xr"])
    }

    @Test func abbreviationsOfContrastModalityAndSide() {
        let cases: [(String, String)] = [
            ("CT HEAD W/O CONTRAST", "RPID22"), ("cat scan head without cont", "RPID22"), ("Head CT noncontrast", "RPID22"),
            ("CT Chest W/ Contrast", "RPID18"), ("CT CHEST WITH IV CONTRAST", "RPID18"), ("CT Chest w/wo", "RPID17"),
            ("CT chest with and without contrast", "RPID17"), ("MRI Brain W/WO", "RPID480"), ("MR BRAIN WO", "RPID479"),
            ("Sono Breast Lt", "RPID1979"), ("US BREAST RT", "RPID1981"), ("Ultrasound breast bilat", "RPID1977"),
            ("MRI L-Spine w/o", "RPID541"), ("MRI C-SPINE W CONT", "RPID488"), ("XR TIB/FIB 2V", "RPID2577"),
            ("V/Q scan", "RPID5122"), ("Mammogram diagnostic left", "RPID5569"), ("CTA head", "RPID373"),
        ]
        for (text, code) in cases {
            #expect(terms.match(description: text)?.concept?.rpid == code, "\(text)")
        }
    }

    @Test func everyTableEntryResolvesFromItsNameAndAnAbbreviatedReorderedForm() {
        #expect(ProcedureConcept.playbook.count >= 100)
        for concept in ProcedureConcept.playbook {
            let own = terms.match(description: concept.display)
            #expect(own?.concept == concept, "\(concept.display)")
            #expect(own?.rule == .description, "\(concept.display)")
            let variant = Self.abbreviatedAndReordered(concept.display)
            #expect(variant != concept.display)
            #expect(terms.match(description: variant)?.concept == concept, "\(variant) ← \(concept.display)")
            if let loincName = concept.loincName {
                #expect(terms.match(description: loincName)?.concept == concept, "\(loincName)")
            }
            for synonym in concept.synonyms {
                #expect(terms.match(description: synonym)?.concept == concept, "\(synonym)")
            }
        }
    }

    /// LOINC check digit (mod 10, as in the LOINC Users' Guide): catches a mistyped code.
    @Test func everyLOINCCodeHasItsCheckDigit() {
        let codes = ProcedureConcept.playbook.compactMap(\.loinc)
        #expect(codes.count >= 100)
        #expect(Set(codes).count == codes.count)
        for code in codes {
            let parts = code.split(separator: "-")
            let digits = parts[0].compactMap(\.wholeNumberValue)
            var sum = 0
            for (k, digit) in digits.reversed().enumerated() {
                let d = k % 2 == 0 ? digit * 2 : digit
                sum += d / 10 + d % 10
            }
            #expect(parts.count == 2 && String((10 - sum % 10) % 10) == parts[1], "\(code)")
        }
    }

    @Test func snomedBodySiteAndLaterality() throws {
        let left = try #require(terms.match(description: "US BREAST LT")?.concept)
        #expect(left.bodySite == CodedValue(code: "76752008", text: "Breast structure", codingScheme: "SCT"))
        #expect(left.laterality == CodedValue(code: "7771000", text: "Left", codingScheme: "SCT"))
        #expect(terms.match(description: "CT abd/pelvis w contrast")?.concept?.bodySite?.code == "732168005")
        #expect(terms.match(description: "MRI C-spine w/wo")?.concept?.bodySite?.code == "122494005")
        #expect(ProcedureConcept.playbook.filter { $0.bodySite != nil }.count >= 100)
        let sides = ["Left": "7771000", "Right": "24028007", "Bilateral": "51440002", "Unilateral": "66459002"]
        for concept in ProcedureConcept.playbook {
            let side = concept.display.split(separator: " ").compactMap { sides[String($0)] }.first
            #expect(concept.laterality?.code == side, "\(concept.display)")
        }
    }

    @Test func everyModalityOfTheIssueIsCovered() {
        let modalities = Set(ProcedureConcept.playbook.map(\.modality))
        #expect(modalities.isSuperset(of: ["CT", "MR", "XR", "US", "NM", "MG"]))
        // Only a LOINC term that leaves contrast unstated has no RadLex Playbook ID.
        #expect(ProcedureConcept.playbook.allSatisfy { ($0.rpid.hasPrefix("RPID") || ($0.rpid.isEmpty && $0.loinc != nil))
            && !$0.display.isEmpty && !$0.modality.isEmpty })
        let rpids = ProcedureConcept.playbook.map(\.rpid).filter { !$0.isEmpty }
        #expect(Set(rpids).count == rpids.count && rpids.count >= 150)
    }

    @Test func unmappedInputReturnsNil() {
        #expect(terms.match(description: "Consult, no imaging") == nil)
        #expect(terms.match(code: "LOCAL999", description: "") == nil)
        #expect(terms.match(description: "") == nil)
        // No modality and more than one entry fits: not a guess.
        #expect(terms.match(description: "Chest") == nil)
        #expect(terms.match(description: "Head w contrast") == nil)
    }

    @Test func localCodeMappingComesFirstThenStandardCodes() throws {
        var terms = self.terms
        let knee = try #require(terms.concept(code: "RPID522"))
        terms.add(LocalProcedureMapping(localCode: "MRKNEE", concept: knee))
        let byCode = try #require(terms.match(code: "mrknee", description: "CT Chest w IV Contrast"))
        #expect(byCode.rule == .localCode)
        #expect(byCode.standard == CodedValue(code: "30691-0", text: "MR Knee WO contrast", codingScheme: "LN"))
        #expect(byCode.concept?.rpid == "RPID522")
        #expect(byCode.description == "local code 'mrknee'")
        let standard = try #require(terms.match(code: "36643-5", description: "whatever the sender wrote"))
        #expect(standard.rule == .standardCode)
        #expect(standard.concept?.rpid == "RPID2503")
        terms.add(LocalProcedureMapping(localDescription: "Knee MRI sports protocol", concept: knee))
        let byText = try #require(terms.match(description: "PROTOCOL SPORTS, KNEE MRI"))
        #expect(byText.rule == .localDescription)
        #expect(byText.concept?.rpid == "RPID522")
    }

    @Test func explanationNamesRuleAndTokens() throws {
        let match = try #require(terms.match(description: "Chest X-Ray"))
        #expect(match.description == "description 'XR Chest', tokens [chest xr]")
    }

    /// The display name with words abbreviated the way local systems write them, in reverse order.
    static func abbreviatedAndReordered(_ display: String) -> String {
        var s = " " + display + " "
        let swaps: [(String, String)] = [
            (" w and wo IV Contrast ", " W/WO "), (" wo IV Contrast ", " W/O CONT "), (" w IV Contrast ", " W/ CONTRAST "),
            (" XR ", " X-Ray "), (" CT ", " CAT "), (" MR ", " MRI "), (" US ", " Ultrasound "), (" NM ", " Nuclear Medicine "),
            (" Mammo ", " Mammogram "), (" Abdomen ", " ABD "), (" Pelvis ", " PELV "), (" Bilateral ", " BILAT "),
            (" Left ", " LT "), (" Right ", " RT "), (" Limited ", " LTD "), (" Views ", " V "), (" View ", " VW "),
            (" Cervical Spine ", " C-Spine "), (" Lumbar Spine ", " L-Spine "), (" Thoracic Spine ", " T-Spine "),
            (" Angio ", " Angiography "), (" Head ", " Brain "),
        ]
        for (long, short) in swaps { s = s.replacing(long, with: short) }
        return s.split(separator: " ").reversed().joined(separator: " ").uppercased()
    }

    // MARK: Workflow

    static let registration = "MSH|^~\\&|HIS|GENHOSP|RADBRIDGE|RAD|20261122080000||ADT^A04|ADT01|P|2.5\nEVN|A04|20261122080000\nPID|1||MRN7^^^GENHOSP^MR||ROE^RICHARD||19700101|M\nPV1|1|O"

    static func order(_ accession: String, _ procedure: String) -> String {
        "MSH|^~\\&|HIS|GENHOSP|RADBRIDGE|RAD|20261122081000||ORM^O01|ORM-\(accession)|P|2.5\nPID|1||MRN7^^^GENHOSP^MR||ROE^RICHARD||19700101|M\n"
            + "ORC|NW|P-\(accession)^HIS|\(accession)^RIS\nOBR|1|P-\(accession)^HIS|\(accession)^RIS|\(procedure)|||||||||||||||||||CT||||||||||||||||||||||||||||||"
    }

    static func processor(_ orders: [(String, String)]) throws -> WorkflowProcessor {
        var processor = WorkflowProcessor()
        _ = processor.process(try Samples.text(registration), at: "20261122080000")
        for (accession, procedure) in orders {
            let outcome = processor.process(try Samples.text(order(accession, procedure)), at: "20261122081000")
            #expect(outcome.code == .AA, "\(outcome.issues)")
        }
        return processor
    }

    @Test func orderIngestStoresTheStandardCodeAndTheWorklistSendsIt() throws {
        let processor = try Self.processor([("A1", "CTHEADNC^CT HEAD W/O CONTRAST^L")])
        let order = try #require(processor.state.order(accession: "A1"))
        #expect(order.procedure == CodedValue(code: "CTHEADNC", text: "CT HEAD W/O CONTRAST", codingScheme: "L"))
        #expect(order.standardProcedure == CodedValue(code: "30799-1", text: "CT Head WO contrast", codingScheme: "LN"))
        #expect(processor.state.unmappedProcedures.isEmpty)

        let item = try #require(WorklistIndex(state: processor.state).find(WorklistQuery(accessionNumber: "A1")).first)
        #expect(item.standardProcedureCode?.code == "30799-1")
        var identifier = DataSet()
        identifier.set(WorklistDICOM.Tags.accessionNumber, .SH, "")
        identifier.set(WorklistDICOM.Tags.requestedProcedureCodeSequence, items: [DataSet()])
        let response = WorklistDICOM.response(for: item, identifier: identifier)
        let decoded = try DataSet(decoding: response.encoded(transferSyntax: .implicitVRLittleEndian), transferSyntax: .implicitVRLittleEndian)
        let codes = decoded.items(WorklistDICOM.Tags.requestedProcedureCodeSequence)
        #expect(codes.map { $0.string(WorklistDICOM.Tags.codeValue) } == ["CTHEADNC", "30799-1"])
        #expect(codes.map { $0.string(WorklistDICOM.Tags.codingSchemeDesignator) } == ["L", "LN"])
        #expect(codes.last?.string(WorklistDICOM.Tags.codeMeaning) == "CT Head WO contrast")
    }

    @Test func orderResponseCarriesTheStandardCodeAsSecondCoding() throws {
        var processor = try Self.processor([])
        let outcome = processor.process(try Samples.text(Self.order("E1", "CTHEADNC^CT HEAD W/O CONTRAST^L")), at: "20261122081000")
        let orr = try #require(outcome.response)
        #expect(orr["OBR-4.1"] == "CTHEADNC")
        #expect(orr["OBR-4.3"] == "L")
        #expect(orr["OBR-4.4"] == "30799-1")
        #expect(orr["OBR-4.5"] == "CT Head WO contrast")
        #expect(orr["OBR-4.6"] == "LN")
        let unmapped = processor.process(try Samples.text(Self.order("E2", "ZZ09^Unknown thing^L")), at: "20261122081000")
        #expect(unmapped.response?["OBR-4.1"] == "ZZ09")
        #expect(unmapped.response?["OBR-4.4"] == nil)
    }

    @Test func unmappedProcedureIsQueuedAndDoesNotBlockTheOrder() throws {
        let processor = try Self.processor([("B1", "ZZ01^Special positioning study^L"), ("B2", "ZZ01^Special positioning study^L")])
        let order = try #require(processor.state.order(accession: "B1"))
        #expect(order.standardProcedure == nil)
        #expect(order.state == .ordered)
        #expect(processor.state.unmappedProcedures.count == 1)
        #expect(processor.state.unmappedProcedures.first?.procedure.code == "ZZ01")
        #expect(processor.state.unmappedProcedures.first?.orderIDs.count == 2)
        let item = try #require(WorklistIndex(state: processor.state).find(WorklistQuery(accessionNumber: "B1")).first)
        let response = WorklistDICOM.response(for: item, identifier: {
            var id = DataSet()
            id.set(WorklistDICOM.Tags.requestedProcedureCodeSequence, items: [DataSet()])
            return id
        }())
        #expect(response.items(WorklistDICOM.Tags.requestedProcedureCodeSequence).count == 1)
    }

    @Test func mappingAddedLaterAppliesToOpenOrders() throws {
        var processor = try Self.processor([("C1", "ZZ02^Lower leg trauma series^L"), ("C2", "ZZ02^Lower leg trauma series^L"),
                                            ("C3", "ZZ03^Something else^L")])
        let cancel = "MSH|^~\\&|HIS|GENHOSP|RADBRIDGE|RAD|20261122090000||ORM^O01|CAN-C2|P|2.5\nPID|1||MRN7^^^GENHOSP^MR||ROE^RICHARD\n"
            + "ORC|CA|P-C2^HIS|C2^RIS\nOBR|1|P-C2^HIS|C2^RIS|ZZ02^Lower leg trauma series^L"
        #expect(processor.process(try Samples.text(cancel), at: "20261122090000").code == .AA)
        #expect(processor.state.unmappedProcedures.count == 2)

        // An entry without a LOINC code: the RadLex Playbook ID is sent.
        let tibia = try #require(ProcedureTerminology.standard.concept(code: "RPID2577"))
        let changed = processor.addMapping(LocalProcedureMapping(localCode: "ZZ02", concept: tibia))
        let c1 = try #require(processor.state.order(accession: "C1"))
        #expect(changed == [c1.id])
        #expect(c1.standardProcedure == CodedValue(code: "RPID2577", text: "XR Tibia Fibula 2 Views", codingScheme: "RADLEX"))
        #expect(processor.state.order(accession: "C2")?.standardProcedure == nil)
        #expect(processor.state.unmappedProcedures.map(\.procedure.code) == ["ZZ03"])
        #expect(processor.terminology.match(code: "ZZ02", description: "")?.rule == .localCode)

        // New orders with the code resolve through the added mapping.
        _ = processor.process(try Samples.text(Self.order("C4", "ZZ02^Lower leg trauma series^L")), at: "20261122100000")
        #expect(processor.state.order(accession: "C4")?.standardProcedure?.code == "RPID2577")
    }

    @Test func mappingEventSurvivesReplay() throws {
        func bytes(_ er7: String) -> [UInt8] { Array((er7.replacing("\n", with: "\r") + "\r").utf8) }
        let knee = try #require(ProcedureTerminology.standard.concept(code: "RPID522"))
        let events: [WorkflowEvent] = [
            .hl7(bytes: Data(bytes(Self.registration)), at: "20261122080000"),
            .hl7(bytes: Data(bytes(Self.order("D1", "ZZ04^Knee sports protocol^L"))), at: "20261122081000"),
            .procedureMappingAdded(LocalProcedureMapping(localDescription: "knee sports protocol", concept: knee)),
        ]
        let replayed = WorkflowProcessor.replay(events, configuration: WorkflowConfiguration())
        #expect(replayed.state.order(accession: "D1")?.standardProcedure?.code == "30691-0")
        #expect(replayed.state.unmappedProcedures.isEmpty)
        #expect(replayed.state.procedureMappings.count == 1)
    }
}
