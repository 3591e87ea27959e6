import FHIR
import Foundation
import Testing
import Workflow

@Suite struct FHIRSearchTests {
    static let search = FHIRSearch(base: "http://h/fhir", zone: "Z")

    static func mapper() throws -> FHIRMapper {
        FHIRMapper(state: try Fixtures.processor(Fixtures.ordered).state, settings: Fixtures.settings)
    }

    static func run<R: FHIRResource>(_ resources: [R], _ items: [(String, String)], strict: Bool = false,
                                     mapper: FHIRMapper) throws(FHIRError) -> FHIRBundle {
        try search.search(resources, query: SearchQuery(items: items.map { (name: $0.0, value: $0.1) }, strict: strict),
                          patient: { mapper.patient(id: $0) })
    }

    static func ids(_ bundle: FHIRBundle, mode: String = "match") -> [String] {
        (bundle.entry ?? []).filter { $0.search?.mode == mode }.compactMap { $0.resource.id }
    }

    @Test func identifierTokenMatchesWithOrWithoutSystem() throws {
        let m = try Self.mapper()
        let system = Fixtures.settings.accessionSystem
        #expect(Self.ids(try Self.run(m.serviceRequests, [("identifier", "ACC20261122001")], mapper: m)) == ["1"])
        #expect(Self.ids(try Self.run(m.serviceRequests, [("identifier", "\(system)|ACC20261122001")], mapper: m)) == ["1"])
        #expect(Self.ids(try Self.run(m.serviceRequests, [("identifier", "http://other|ACC20261122001")], mapper: m)).isEmpty)
        #expect(Self.ids(try Self.run(m.serviceRequests, [("identifier", "ACC20261122001,NCACC0091")], mapper: m)) == ["1", "2"])
        #expect(Self.ids(try Self.run(m.imagingStudies, [("identifier", "urn:dicom:uid|urn:oid:" + Fixtures.studyUID)], mapper: m)) == [Fixtures.studyUID])
        #expect(Self.ids(try Self.run(m.imagingStudies, [("modality", "MR")], mapper: m)).count == 1)
        #expect(Self.ids(try Self.run(m.patients, [("identifier", "https://radbridge.invalid/fhir/sid/patient-id/GENHOSP|MRN100234")], mapper: m)) == ["1"])
    }

    @Test func repeatedParametersAreAndCommasAreOr() throws {
        let m = try Self.mapper()
        #expect(Self.ids(try Self.run(m.serviceRequests, [("status", "active"), ("patient", "Patient/1")], mapper: m)) == ["1"])
        #expect(Self.ids(try Self.run(m.serviceRequests, [("status", "revoked,completed")], mapper: m)).isEmpty)
        #expect(Self.ids(try Self.run(m.serviceRequests, [("status:not", "revoked")], mapper: m)) == ["1", "2"])
        #expect(Self.ids(try Self.run(m.serviceRequests, [("code", "CTCHESTC")], mapper: m)) == ["1"])
    }

    @Test func stringAndDateParameters() throws {
        let m = try Self.mapper()
        #expect(Self.ids(try Self.run(m.patients, [("name", "doe")], mapper: m)) == ["1"])
        #expect(Self.ids(try Self.run(m.patients, [("name:exact", "doe")], mapper: m)).isEmpty)
        #expect(Self.ids(try Self.run(m.patients, [("name:contains", "ERMA")], mapper: m)) == ["2"])
        #expect(Self.ids(try Self.run(m.patients, [("birthdate", "1971-04-15")], mapper: m)) == ["1"])
        #expect(Self.ids(try Self.run(m.patients, [("birthdate", "1971")], mapper: m)) == ["1"])
        #expect(Self.ids(try Self.run(m.patients, [("birthdate", "lt1970")], mapper: m)) == ["2"])
        #expect(Self.ids(try Self.run(m.patients, [("birthdate", "ge1970-01-01")], mapper: m)) == ["1"])
        #expect(Self.ids(try Self.run(m.serviceRequests, [("authored", "2026-11-22")], mapper: m)) == ["1", "2"])
        #expect(throws: FHIRError.self) { try Self.run(m.patients, [("birthdate", "1971-02-31x")], mapper: m) }
    }

    @Test func unknownParametersAreIgnoredUnlessStrict() throws {
        let m = try Self.mapper()
        let lenient = try Self.run(m.serviceRequests, [("foo", "bar"), ("identifier", "NCACC0091")], mapper: m)
        #expect(Self.ids(lenient) == ["2"])
        #expect(lenient.entry?.last?.search?.mode == "outcome")
        #expect(lenient.link?.first?.url.contains("foo") == false)
        do {
            _ = try Self.run(m.serviceRequests, [("foo", "bar")], strict: true, mapper: m)
            Issue.record("strict handling accepted an unknown parameter")
        } catch {
            #expect(error.status == 400)
            #expect(error.outcome.issue.first?.expression == ["foo"])
        }
        // An unknown modifier is an unknown parameter too.
        #expect(throws: FHIRError.self) { try Self.run(m.serviceRequests, [("status:fuzzy", "active")], strict: true, mapper: m) }
    }

    @Test func countPagesWithLinksAndIncludeAddsThePatient() throws {
        let m = try Self.mapper()
        let first = try Self.run(m.serviceRequests, [("_count", "1"), ("_include", "ServiceRequest:patient")], mapper: m)
        #expect(first.total == 2)
        #expect(Self.ids(first) == ["1"])
        #expect(Self.ids(first, mode: "include") == ["1"])
        let links = Dictionary(uniqueKeysWithValues: (first.link ?? []).map { ($0.relation, $0.url) })
        #expect(links["next"] == "http://h/fhir/ServiceRequest?_include=ServiceRequest:patient&_count=1&_offset=1")
        #expect(links["previous"] == nil)
        let second = try Self.run(m.serviceRequests, [("_count", "1"), ("_offset", "1")], mapper: m)
        #expect(Self.ids(second) == ["2"])
        #expect(second.link?.contains { $0.relation == "previous" } == true)
        #expect(second.link?.contains { $0.relation == "next" } == false)
        let none = try Self.run(m.serviceRequests, [("_count", "0")], mapper: m)
        #expect(none.total == 2)
        #expect(none.entry == nil)
        #expect(throws: FHIRError.self) { try Self.run(m.serviceRequests, [("_count", "x")], mapper: m) }
        #expect(throws: FHIRError.self) { try Self.run(m.serviceRequests, [("_count", "100000")], mapper: m) }
    }
}
