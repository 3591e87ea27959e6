import Testing
@testable import HL7

@Suite struct BuilderTests {
    @Test func buildsParseableMessagesFromDecodedValues() throws {
        var builder = HL7MessageBuilder(sendingApplication: "RADBRIDGE", sendingFacility: "RAD", receivingApplication: "RIS",
                                        messageType: ["ORM", "O01", "ORM_O01"], controlID: "RB1", version: "2.5.1",
                                        timestamp: "20261123010000")
        builder.add("PID") { pid in
            pid.set(3, components: ["MRN1", nil, nil, "GENHOSP", "MR"])
            pid.set(5, components: ["O'BRIEN & SONS", "ANN^MARIE"])
        }
        builder.add("ORC") { orc in
            orc.set(1, "SC")
            orc.set(5, "IP")
        }
        let message = builder.build()
        #expect(message.header.messageType == "ORM^O01")
        #expect(message.header.controlID == "RB1")
        #expect(message["MSH-2"] == "^~\\&")
        #expect(message["MSH-3"] == "RADBRIDGE")
        #expect(message["MSH-5"] == "RIS")
        #expect(message["MSH-12"] == "2.5.1")
        #expect(message["PID-3.4"] == "GENHOSP")
        #expect(message["PID-5.1"] == "O'BRIEN & SONS")
        #expect(message["PID-5.2"] == "ANN^MARIE")
        #expect(message["ORC-5"] == "IP")
        #expect(message.segment(named: "PID")!.raw == "PID|||MRN1^^^GENHOSP^MR||O'BRIEN \\T\\ SONS^ANN\\S\\MARIE")
    }
}

@Suite struct TimestampTests {
    @Test(arguments: [
        ("19700101", Int64(0)), ("20261123013000", 1_795_397_400), ("20261123013000+0100", 1_795_393_800),
        ("2026112301", 1_795_395_600), ("20000229235959", 951_868_799), ("2026", 1_767_225_600),
    ])
    func epochSeconds(text: String, seconds: Int64) {
        #expect(HL7Timestamp.epochSeconds(text) == seconds)
    }

    @Test func formatsAndRejects() {
        #expect(HL7Timestamp.format(epochSeconds: 1_795_397_400) == "20261123013000")
        #expect(HL7Timestamp.epochSeconds("20261323") == nil)
        #expect(HL7Timestamp.now().hasSuffix("+0000"))
    }

    /// Read from the bytes `isValid` checked, with no force unwrap: fractions and zones at every
    /// precision, the extremes of DTM, and digits that are numbers but not ASCII.
    @Test func extremesZonesAndNonASCIIDigits() {
        let behindUTC: Int64 = 1_795_397_400 + 5400, lastSecondAtPlus14: Int64 = 253_402_300_799 - 14 * 3600
        #expect(HL7Timestamp.epochSeconds("20261123013000.1234-0130") == behindUTC)
        #expect(HL7Timestamp.epochSeconds("2026-0000") == 1_767_225_600)
        #expect(HL7Timestamp.epochSeconds("99991231235959+1400") == lastSecondAtPlus14)
        #expect(HL7Timestamp.epochSeconds("00000101") == -62_167_219_200)
        for text in ["２０２６", "2026١٢", "20261123+01٠٠", "2026\u{0301}", "2026+01", "2026+0100+0100", "+0100", "", "20261123013000.12345"] {
            #expect(HL7Timestamp.epochSeconds(text) == nil, "\(text)")
        }
    }
}
