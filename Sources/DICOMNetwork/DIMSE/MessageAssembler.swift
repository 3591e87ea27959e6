import DICOM

/// Collects PDV fragments into DIMSE messages: command fragments up to the last one, then, when
/// the command announces it, data set fragments up to theirs (PS3.7 §9.3.1, PS3.8 Annex E).
struct MessageAssembler {
    enum Failure: Error, Equatable {
        case unexpectedFragment(String)
        case tooLarge(Int)
        case invalidCommand(String)
    }

    private var commandBytes: [UInt8] = []
    private var command: DataSet?
    private var dataBytes: [UInt8] = []
    private var contextID: UInt8?
    /// A data set larger than this is refused (out of resources), so memory stays bounded.
    let maximumMessageSize: Int

    init(maximumMessageSize: Int = 1 << 30) {
        self.maximumMessageSize = maximumMessageSize
    }

    /// Feeds one PDV; returns a message when it completes one.
    mutating func append(_ value: PresentationDataValue) throws -> DIMSEMessage? {
        if let contextID, contextID != value.contextID {
            throw Failure.unexpectedFragment("context \(value.contextID) inside a message on context \(contextID)")
        }
        contextID = value.contextID
        if value.isCommand {
            guard command == nil else { throw Failure.unexpectedFragment("command fragment after the command was complete") }
            commandBytes += value.bytes
            guard commandBytes.count <= 1 << 20 else { throw Failure.tooLarge(commandBytes.count) }
            guard value.isLast else { return nil }
            let decoded: DataSet
            do { decoded = try DataSet(decoding: commandBytes, transferSyntax: .implicitVRLittleEndian) } catch {
                throw Failure.invalidCommand("\(error)")
            }
            guard decoded.uint16(.commandField) != nil else { throw Failure.invalidCommand("no Command Field") }
            if DIMSEMessage.announcesDataSet(decoded) {
                command = decoded
                return nil
            }
            return finish(DIMSEMessage(contextID: value.contextID, command: decoded))
        }
        guard let command else { throw Failure.unexpectedFragment("data set fragment before its command") }
        dataBytes += value.bytes
        guard dataBytes.count <= maximumMessageSize else { throw Failure.tooLarge(dataBytes.count) }
        guard value.isLast else { return nil }
        var message = DIMSEMessage(contextID: value.contextID, command: command, dataSet: dataBytes)
        message.command = command
        return finish(message)
    }

    private mutating func finish(_ message: DIMSEMessage) -> DIMSEMessage {
        commandBytes = []; dataBytes = []; command = nil; contextID = nil
        return message
    }
}
