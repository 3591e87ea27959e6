import Testing

@Suite struct TermsCommandTests {
    @Test func mapPrintsTheCodeAndWhy() async throws {
        let result = try await CLIRunner.run(["terms", "map", "Chest X-Ray"])
        #expect(result.status == 0)
        #expect(result.lines == [
            "36643-5^XR Chest 2 Views^LN",
            "LOINC 36643-5, RadLex RPID2503, modality XR, region CHEST, body site SNOMED 51185008 Thoracic structure",
            "matched by description 'XR Chest', tokens [chest xr]",
        ])
    }

    @Test func mapTriesTheCodeFirst() async throws {
        let result = try await CLIRunner.run(["terms", "map", "--code", "RPID22", "anything"])
        #expect(result.status == 0)
        #expect(result.lines.first == "30799-1^CT Head WO contrast^LN")
        #expect(result.lines.last == "matched by standard code 'RPID22'")
    }

    @Test func mapFindsTheUnqualifiedTermAndCarriesTheSide() async throws {
        let result = try await CLIRunner.run(["terms", "map", "MR KNEE RT"])
        #expect(result.status == 0)
        #expect(result.lines == [
            "24802-1^MR Knee^LN",
            "LOINC 24802-1, no RadLex Playbook ID, modality MR, region LOWER EXTREMITY, body site SNOMED 72696002 Knee region structure",
            "laterality SNOMED 24028007 Right (from the description)",
            "matched by description 'MR Knee', tokens [knee mr right]",
        ])
    }

    @Test func contrastNotStatedListsTheCandidates() async throws {
        let result = try await CLIRunner.run(["terms", "map", "MR Shoulder Left"])
        #expect(result.status == 1)
        #expect(result.stderr == """
            radbridge: unmapped: no standard code for "MR Shoulder Left"; it goes to review
            radbridge: candidates (contrast not stated): 30693-6 MR Shoulder WO contrast; 24906-0 MR Shoulder WO and W contrast IV
            radbridge: laterality SNOMED 7771000 Left

            """)
    }

    @Test func unmappedExitsOneWithAClearLine() async throws {
        let result = try await CLIRunner.run(["terms", "map", "Consult, no imaging"])
        #expect(result.status == 1)
        #expect(result.text.isEmpty)
        #expect(result.stderr == "radbridge: unmapped: no standard code for \"Consult, no imaging\"; it goes to review\n")
    }
}
