import FHIR
import Testing

@Suite struct FHIRTimeTests {
    @Test func hl7TimestampsBecomeFHIRDateTimes() {
        #expect(FHIRTime.dateTime(fromHL7: "202611220930", zone: "+01:00") == "2026-11-22T09:30:00+01:00")
        #expect(FHIRTime.dateTime(fromHL7: "20261122093015+0000", zone: "+01:00") == "2026-11-22T09:30:15Z")
        #expect(FHIRTime.dateTime(fromHL7: "20261122093015-0500", zone: "Z") == "2026-11-22T09:30:15-05:00")
        #expect(FHIRTime.dateTime(fromHL7: "20261122", zone: "Z") == "2026-11-22")
        #expect(FHIRTime.dateTime(fromHL7: "202611", zone: "Z") == "2026-11")
        #expect(FHIRTime.dateTime(fromHL7: "garbage", zone: "Z") == nil)
        #expect(FHIRTime.instant(fromHL7: "20261122", zone: "Z") == nil)
    }

    @Test func fhirDateTimesBecomeLocalHL7Timestamps() {
        #expect(FHIRTime.hl7(fromFHIR: "2026-11-22T09:30:00Z", zone: "Z") == "20261122093000")
        #expect(FHIRTime.hl7(fromFHIR: "2026-11-22T09:30:00+01:00", zone: "Z") == "20261122083000")
        #expect(FHIRTime.hl7(fromFHIR: "2026-11-22T23:30:00-01:00", zone: "+01:00") == "20261123013000")
        #expect(FHIRTime.hl7(fromFHIR: "2026-11-22", zone: "Z") == "20261122")
        #expect(FHIRTime.hl7(fromFHIR: "2026-11-22T09:30", zone: "Z") == "202611220930")
        #expect(FHIRTime.hl7(fromFHIR: "2026-13-22", zone: "Z") == nil)
        #expect(FHIRTime.hl7(fromFHIR: "22.11.2026", zone: "Z") == nil)
        #expect(FHIRTime.hl7(fromFHIR: "2026-11-22T09:30:00+25:00", zone: "Z") == nil)
    }

    @Test func rangesCoverTheWholePrecision() throws {
        let year = try #require(FHIRTime.range("2026", zone: "Z"))
        let day = try #require(FHIRTime.range("2026-11-22", zone: "Z"))
        let december = try #require(FHIRTime.range("2026-12", zone: "Z"))
        #expect(year.upperBound - year.lowerBound == 365 * 86_400 - 1)
        #expect(day.upperBound - day.lowerBound == 86_399)
        #expect(december.upperBound - december.lowerBound == 31 * 86_400 - 1)
        #expect(year.contains(day.lowerBound) && year.contains(day.upperBound))
        let shifted = try #require(FHIRTime.range("2026-11-22", zone: "+01:00"))
        #expect(day.lowerBound - shifted.lowerBound == 3600)
    }
}
