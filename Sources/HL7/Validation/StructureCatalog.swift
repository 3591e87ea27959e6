/// Which structure a message type and trigger event use.
enum StructureCatalog {
    enum Lookup {
        case structure(MessageStructure)
        /// A message code this engine handles, with a trigger it does not.
        case unsupportedTrigger(supported: String)
        /// A message code outside the radiology catalogue: only generic checks apply.
        case unknown
    }

    static func lookup(code: String, trigger: String) -> Lookup {
        switch code {
        case "ADT":
            switch trigger {
            case "A01", "A04", "A05", "A08", "A13", "A14", "A28", "A31": return .structure(.adtA01)
            case "A40", "A41", "A42": return .structure(.adtA39)
            case "A18": return .structure(.adtA18)
            default: return .unknown
            }
        case "ORM": return trigger == "O01" ? .structure(.ormO01) : .unsupportedTrigger(supported: "O01")
        case "OML": return trigger == "O21" ? .structure(.omlO21) : .unsupportedTrigger(supported: "O21")
        case "ORR": return trigger == "O02" ? .structure(.orrO02) : .unsupportedTrigger(supported: "O02")
        case "ORU": return trigger == "R01" ? .structure(.oruR01) : .unsupportedTrigger(supported: "R01")
        case "DFT": return trigger == "P03" ? .structure(.dftP03) : .unsupportedTrigger(supported: "P03")
        case "SIU":
            if let n = Int(trigger.dropFirst()), trigger.first == "S", (12...26).contains(n) { return .structure(.siuS12) }
            return .unsupportedTrigger(supported: "S12–S26")
        case "QBP": return .structure(.qbpQ11)
        case "RSP": return .structure(.rspK11)
        case "ACK": return .structure(.ack)
        default: return .unknown
        }
    }
}
