/// Small synthetic messages (no real patient data).
enum Messages {
    static func adt(_ controlID: String, patient: String, event: String = "A08", facility: String = "HOSP") -> String {
        "MSH|^~\\&|HIS|\(facility)|RADBRIDGE|RAD|20260101120000||ADT^\(event)^ADT_A01|\(controlID)|P|2.5\r"
            + "EVN|\(event)|20260101120000\r"
            + "PID|1||\(patient)^^^HOSP^MR||TEST^PATIENT||19700101|F\r"
            + "PV1|1|O\r"
    }

    static func oru(_ controlID: String, patient: String, facility: String = "RAD") -> String {
        "MSH|^~\\&|RIS|\(facility)|EHR|HOSP|20260101120000||ORU^R01^ORU_R01|\(controlID)|P|2.5\r"
            + "PID|1||\(patient)^^^HOSP^MR||TEST^PATIENT\r"
            + "OBR|1||ACC1|71020^CHEST XRAY\r"
            + "OBX|1|TX|GDT||No acute findings||||||F\r"
    }

    static func msa(_ reply: String) -> String? {
        reply.split(separator: "\r").first { $0.hasPrefix("MSA") }.map(String.init)
    }
}
