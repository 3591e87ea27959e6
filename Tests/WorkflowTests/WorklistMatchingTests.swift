import Testing
@testable import Workflow

@Suite struct WorklistMatchingTests {
    @Test(arguments: [
        ("DOE^JANE", "DOE^JANE", true), ("doe^jane", "DOE^JANE", true), ("DOE*", "DOE^JANE", true),
        ("D?E^J*", "DOE^JANE", true), ("*JANE", "DOE^JANE", true), ("DOE", "DOE^JANE", false),
        ("SMITH*", "DOE^JANE", false), ("*", "", true), ("", "ANY", true), ("MÜLLER*", "müller^max", true),
    ])
    func personNames(key: String, value: String, matches: Bool) {
        #expect(AttributeMatching.personName(key, value) == matches)
    }

    @Test(arguments: [
        ("CT", "CT", true), ("CT", "ct", false), ("C?", "CT", true), ("*", "MR", true), ("MR", "CT", false),
        ("A*B?C", "AxxxBzC", true), ("A*B?C", "AxxxBC", false), ("**", "x", true),
    ])
    func singleValuesAndWildcards(key: String, value: String, matches: Bool) {
        #expect(AttributeMatching.single(key, value) == matches)
    }

    @Test(arguments: [
        ("20261123", "20261123", true), ("20261120-20261125", "20261123", true), ("20261124-", "20261123", false),
        ("-20261123", "20261123", true), ("-20261122", "20261123", false), ("20261123-20261123", "20261123", true),
        ("0900-1000", "093000", true), ("0900-0929", "093000", false), ("0930", "093000", true), ("1000-", "", false),
    ])
    func ranges(key: String, value: String, matches: Bool) {
        #expect(AttributeMatching.range(key, value) == matches)
    }

    @Test func uidLists() {
        #expect(AttributeMatching.uidList("1.2.3\\1.2.4", "1.2.4"))
        #expect(!AttributeMatching.uidList("1.2.3\\1.2.4", "1.2.5"))
        #expect(AttributeMatching.uidList(nil, "1.2.5"))
    }
}
