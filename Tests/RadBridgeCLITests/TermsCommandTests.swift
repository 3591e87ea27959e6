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

    @Test func unmappedExitsOneWithAClearLine() async throws {
        let result = try await CLIRunner.run(["terms", "map", "Consult, no imaging"])
        #expect(result.status == 1)
        #expect(result.text.isEmpty)
        #expect(result.stderr == "radbridge: unmapped: no standard code for \"Consult, no imaging\"; it goes to review\n")
    }
}
