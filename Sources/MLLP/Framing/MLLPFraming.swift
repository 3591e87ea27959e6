/// The MLLP block characters (HL7 v2 MLLP, release 2).
public enum MLLPFraming {
    public static let startBlock: UInt8 = 0x0B
    public static let endBlock: UInt8 = 0x1C
    public static let carriageReturn: UInt8 = 0x0D

    /// The payload wrapped in start and end blocks.
    public static func frame(_ payload: some Collection<UInt8>) -> [UInt8] {
        var bytes: [UInt8] = [startBlock]
        bytes.reserveCapacity(payload.count + 3)
        bytes.append(contentsOf: payload)
        bytes.append(contentsOf: [endBlock, carriageReturn])
        return bytes
    }
}
