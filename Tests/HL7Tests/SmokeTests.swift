import Testing
@testable import HL7
@Test func placeholder() { #expect(Bool(true)) }
