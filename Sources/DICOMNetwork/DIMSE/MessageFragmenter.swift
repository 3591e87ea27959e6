/// Splits a DIMSE message into P-DATA-TF PDUs no larger than the peer's maximum PDU length
/// (PS3.8 §9.3.5: the limit counts the PDV items, not the 6-byte PDU header). One PDV per PDU.
enum MessageFragmenter {
    static func pdus(for message: DIMSEMessage, maximumPDULength: UInt32) throws -> [PDU] {
        // 0 means unlimited; still keep PDUs to a sane size.
        let limit = maximumPDULength == 0 ? 1 << 20 : Int(maximumPDULength)
        let chunk = max(limit - PresentationDataValue.overhead, 2)
        var pdus: [PDU] = []
        func split(_ bytes: [UInt8], isCommand: Bool) {
            var start = 0
            repeat {
                let end = min(bytes.count, start + chunk)
                let value = PresentationDataValue(contextID: message.contextID, isCommand: isCommand, isLast: end == bytes.count,
                                                  bytes: Array(bytes[start..<end]))
                pdus.append(.dataTransfer([value]))
                start = end
            } while start < bytes.count
        }
        split(try message.encodedCommand(), isCommand: true)
        if let dataSet = message.dataSet { split(dataSet, isCommand: false) }
        return pdus
    }
}
