import HL7

extension WorkflowProcessor {
    /// DFT^P03 for an exam that completed, once per order: a re-sent completion posts nothing, and a
    /// cancelled or discontinued exam never reaches `completed`, so it never posts.
    mutating func postChargeIfCompleted(_ order: Order, at time: String, into outcome: inout WorkflowOutcome) {
        guard order.state == .completed, state.chargesPosted.insert(order.id).inserted else { return }
        var b = HL7MessageBuilder(
            sendingApplication: configuration.application, sendingFacility: configuration.facility,
            messageType: ["DFT", "P03", "DFT_P03"], controlID: controlID("CH", "CH\(order.id)"), version: "2.5.1", timestamp: time,
            characterSet: "UNICODE UTF-8")
        let patient = state.patient(of: order)
        b.add("EVN") { evn in
            evn.set(1, "P03")
            evn.set(2, time)
        }
        b.addPID(patient)
        b.add("FT1") { ft1 in
            ft1.set(1, "1")
            ft1.set(2, order.accessionNumber)
            ft1.set(4, time)
            ft1.set(6, "CG")
            ft1.set(7, components: [order.procedure.code, order.procedure.text, order.procedure.codingScheme])
            ft1.set(10, "1")
            ft1.set(21, components: ["", order.referringPhysician.family, order.referringPhysician.given])
            ft1.set(23, order.accessionNumber)
        }
        outcome.charges.append(b.build())
    }
}
