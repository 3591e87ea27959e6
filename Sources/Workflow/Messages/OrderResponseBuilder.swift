import HL7

/// Builds the messages the workflow sends: ORR^O02 responses and ORM^O01 status updates.
struct OrderResponseBuilder {
    let configuration: WorkflowConfiguration
    let state: WorkflowState

    /// ORR^O02: MSA with the outcome, ERR per problem, the patient, and one ORC (+ OBR) per order
    /// group with its response code (OK, UA, XR, UX, CR, UC, …) and the order's status.
    func orr(for message: HL7Message, code: HL7AckCode, issues: [HL7Issue], responses: [OrderResponse], at time: String) -> HL7Message {
        let h = message.header
        var b = HL7MessageBuilder(
            sendingApplication: configuration.application, sendingFacility: configuration.facility,
            receivingApplication: h.sendingApplication, receivingFacility: h.sendingFacility,
            messageType: ["ORR", "O02", "ORR_O02"], controlID: String(("R" + h.controlID).prefix(20)),
            version: h.version.isEmpty ? "2.5.1" : h.version, timestamp: time,
            characterSet: message.characterSet == .ascii ? nil : message.characterSet.description)
        // MSA-3 (before v2.5) and the ERR segments exactly as an ACK would carry them for this version.
        let ack = HL7Acknowledgement.make(for: message, code: code, issues: issues, timestamp: time)
        b.add("MSA") { msa in
            msa.set(1, code.rawValue)
            msa.set(2, h.controlID)
            msa.copy(3, from: ack.segment(named: "MSA")?.field(3))
        }
        for err in ack.segments(named: "ERR") {
            b.add("ERR") { e in for n in 1...max(1, err.fieldCount) { e.copy(n, from: err.field(n)) } }
        }
        if let pid = message.segment(named: "PID") {
            b.add("PID") { p in for n in 1...max(1, pid.fieldCount) { p.copy(n, from: pid.field(n)) } }
        }
        for response in responses {
            let order = response.order
            b.add("ORC") { orc in
                orc.set(1, response.code)
                orc.set(2, components: [order?.placerNumber ?? response.request.placerNumber, order?.placerAuthority ?? response.request.placerAuthority])
                orc.set(3, components: [order?.accessionNumber ?? response.request.accessionNumber, configuration.application])
                orc.set(5, order?.state.orderStatus)
            }
            if let order {
                b.add("OBR") { obr in
                    obr.set(1, "1")
                    obr.set(2, components: [order.placerNumber, order.placerAuthority])
                    obr.set(3, components: [order.accessionNumber, configuration.application])
                    obr.set(4, components: order.procedureComponents)
                    obr.set(19, order.requestedProcedureID)
                    obr.set(20, order.steps.first?.id)
                    obr.set(24, order.steps.first?.modality)
                }
                b.add("ZDS") { zds in zds.set(1, components: [order.studyInstanceUID, configuration.application, "Application", "DICOM"]) }
            }
        }
        return b.build()
    }

    /// ORM^O01 with ORC-1 = SC and ORC-5 = the order's status (IP, CM, DC, …), for the RIS.
    func statusUpdate(for order: Order, controlID: String, at time: String) -> HL7Message {
        var b = HL7MessageBuilder(
            sendingApplication: configuration.application, sendingFacility: configuration.facility,
            messageType: ["ORM", "O01", "ORM_O01"], controlID: controlID, version: "2.5.1", timestamp: time,
            characterSet: "UNICODE UTF-8")
        let patient = state.patient(of: order)
        b.addPID(patient)
        b.add("ORC") { orc in
            orc.set(1, "SC")
            orc.set(2, components: [order.placerNumber, order.placerAuthority])
            orc.set(3, components: [order.accessionNumber, configuration.application])
            orc.set(5, order.state.orderStatus)
            orc.set(9, time)
        }
        b.add("OBR") { obr in
            obr.set(1, "1")
            obr.set(2, components: [order.placerNumber, order.placerAuthority])
            obr.set(3, components: [order.accessionNumber, configuration.application])
            obr.set(4, components: order.procedureComponents)
            obr.set(24, order.steps.first?.modality)
            obr.set(25, order.state == .final ? "F" : nil)
        }
        b.add("ZDS") { zds in zds.set(1, components: [order.studyInstanceUID, configuration.application, "Application", "DICOM"]) }
        return b.build()
    }
}
