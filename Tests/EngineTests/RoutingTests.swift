@testable import Engine
import Testing

@Suite struct RoutingTests {
    let router = MessageRouter([
        RouteConfiguration(match: RouteMatch(type: "ADT^*"), to: ["ris", "ehr"]),
        RouteConfiguration(match: RouteMatch(type: "ORU^R01", sendingFacility: "RAD"), to: ["ehr"]),
        RouteConfiguration(match: RouteMatch(type: "ADT^A4?"), to: ["mpi", "ris"]),
    ])

    @Test func wildcardEventMatchesWithStructure() {
        #expect(router.destinations(messageType: "ADT^A04^ADT_A01", sendingApplication: "HIS",
                                    sendingFacility: "HOSP") == ["ris", "ehr"])
    }

    @Test func destinationsAreListedOnce() {
        #expect(router.destinations(messageType: "ADT^A40", sendingApplication: "HIS",
                                    sendingFacility: "HOSP") == ["ris", "ehr", "mpi"])
    }

    @Test func everyCriterionMustMatch() {
        #expect(router.destinations(messageType: "ORU^R01", sendingApplication: "RIS", sendingFacility: "RAD") == ["ehr"])
        #expect(router.destinations(messageType: "ORU^R01", sendingApplication: "RIS", sendingFacility: "LAB").isEmpty)
        #expect(router.destinations(messageType: "ORM^O01", sendingApplication: "HIS", sendingFacility: "RAD").isEmpty)
    }

    @Test func wildcards() {
        #expect(WildcardPattern("*").matches(""))
        #expect(WildcardPattern("A*C").matches("ABBBC"))
        #expect(!WildcardPattern("A*C").matches("ABBBD"))
        #expect(WildcardPattern("A?C").matches("ABC"))
        #expect(!WildcardPattern("A?C").matches("AC"))
        #expect(WildcardPattern("*^R01").matches("ORU^R01"))
    }

    @Test func backoffDoublesUpToItsCapWithJitter() {
        let backoff = BackoffConfiguration(initial: 1, max: 10)
        #expect(backoff.delay(afterAttempt: 1, random: 1) == 1)
        #expect(backoff.delay(afterAttempt: 3, random: 1) == 4)
        #expect(backoff.delay(afterAttempt: 3, random: 0) == 2)
        #expect(backoff.delay(afterAttempt: 50, random: 1) == 10)
        #expect(backoff.delay(afterAttempt: 50, random: 0) == 5)
    }
}
