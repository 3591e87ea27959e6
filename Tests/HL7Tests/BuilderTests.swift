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
