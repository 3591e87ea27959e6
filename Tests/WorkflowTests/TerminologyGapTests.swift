import HL7
import Testing
@testable import Workflow

/// Orders as real feeds write them: the side in the description, contrast not stated.
@Suite struct TerminologyGapTests {
    let terms = ProcedureTerminology.standard
    static let mrKnee = CodedValue(code: "24802-1", text: "MR Knee", codingScheme: "LN")

    @Test(arguments: [
        ("MRI Knee Right", Laterality.right), ("MR KNEE RT", Laterality.right),
        ("Magnetic resonance imaging of right knee", Laterality.right), ("MR Knee", nil),
        ("MRI KNEE LT", Laterality.left), ("MR Knee Left", Laterality.left),
        ("MR KNEE BI", Laterality.bilateral), ("MRI knees bilateral", Laterality.bilateral),
    ] as [(String, CodedValue?)])
    func kneeMRIsFindTheUnqualifiedLOINCTermAndKeepTheSide(text: String, side: CodedValue?) throws {
        let match = try #require(terms.match(description: text), "\(text)")
        #expect(match.standard == Self.mrKnee, "\(text)")
        #expect(match.laterality == side, "\(text)")
        #expect(match.concept?.rpid == "")
        #expect(match.concept?.bodySite?.code == "72696002")
    }

    @Test func theSnomedLateralityCodes() {
        #expect(Laterality.right.code == "24028007" && Laterality.left.code == "7771000" && Laterality.bilateral.code == "51440002")
        #expect([Laterality.right, Laterality.left, Laterality.bilateral].allSatisfy { $0.codingScheme == "SCT" })
    }

    @Test func theSideIsCarriedBesideAnEntryThatHasNone() throws {
        let knee = try #require(terms.match(description: "XR KNEE 3V RT"))
        #expect(knee.concept?.rpid == "RPID2649" && knee.laterality == Laterality.right)
        let contrast = try #require(terms.match(description: "MRI Knee Left W/O"))
        #expect(contrast.concept?.rpid == "RPID522" && contrast.laterality == Laterality.left)
        #expect(contrast.tokens == ["knee", "left", "mr", "without"])
        // An entry with its own side keeps it.
        #expect(terms.match(description: "US BREAST LT")?.laterality == Laterality.left)
        // A side the table's entry contradicts is no match.
        #expect(terms.match(description: "MR Breast wo contrast left") == nil)
    }

    @Test func contrastNotStatedGoesToReviewWithTheCandidates() {
        #expect(terms.match(description: "MR Shoulder RT") == nil)
        #expect(terms.candidates(description: "MR Shoulder RT").map(\.standardCode.code) == ["30693-6", "24906-0"])
        #expect(terms.candidates(description: "CT Neck").map(\.rpid) == ["RPID37", "RPID38", "RPID39"])
        // Contrast stated, or nothing like it in the table: no candidates.
        #expect(terms.candidates(description: "MR Shoulder w contrast").isEmpty)
        #expect(terms.candidates(description: "Consult, no imaging").isEmpty)
        // The unqualified forms of the table still need their modality.
        #expect(terms.match(description: "Chest") == nil && terms.match(description: "Knee") == nil)
        #expect(terms.match(description: "CT Chest")?.standard.code == "24627-2")
        #expect(terms.match(description: "Head CT")?.standard.code == "24725-4")
        #expect(terms.match(description: "MRI Brain")?.standard.code == "24590-2")
    }

    @Test func theTablesConventionDecidesWhenContrastIsNotStated() throws {
        let site = CodedValue(code: "12345", text: "Shoulder", codingScheme: "SCT")
        let without = ProcedureConcept(rpid: "RPID1", display: "MR Shoulder wo IV Contrast", modality: "MR", region: "UPPER EXTREMITY",
                                       bodySite: site, whenContrastUnstated: true)
        let both = ProcedureConcept(rpid: "RPID2", display: "MR Shoulder w and wo IV Contrast", modality: "MR", region: "UPPER EXTREMITY")
        let convention = ProcedureTerminology(concepts: [both, without])
        let match = try #require(convention.match(description: "MRI SHOULDER RT"))
        #expect(match.concept == without)
        #expect(match.rule == .contrastConvention)
        #expect(match.laterality == Laterality.right)
        #expect(convention.match(description: "MR Shoulder w/wo")?.concept == both)
        let noConvention = ProcedureTerminology(concepts: [both, ProcedureConcept(rpid: "RPID1", display: "MR Shoulder wo IV Contrast",
                                                                                   modality: "MR", region: "UPPER EXTREMITY")])
        #expect(noConvention.match(description: "MRI SHOULDER RT") == nil)
        #expect(noConvention.candidates(description: "MRI SHOULDER RT").map(\.rpid) == ["RPID2", "RPID1"])
    }

    @Test func ordersCarryTheSideAndUnmappedOnesListTheirCandidates() throws {
        let processor = try TerminologyTests.processor([("K1", "MRKNR^MR KNEE RT^L"), ("S1", "MRSHR^MRI Shoulder Right^L")])
        let knee = try #require(processor.state.order(accession: "K1"))
        #expect(knee.standardProcedure == Self.mrKnee)
        #expect(knee.laterality == Laterality.right)
        let shoulder = try #require(processor.state.order(accession: "S1"))
        #expect(shoulder.standardProcedure == nil)
        #expect(shoulder.laterality == Laterality.right)
        let review = try #require(processor.state.unmappedProcedures.first)
        #expect(processor.state.unmappedProcedures.count == 1)
        #expect(review.procedure.code == "MRSHR")
        #expect(review.candidates.map(\.code) == ["30693-6", "24906-0"])
        #expect(review.laterality == Laterality.right)
    }
}
