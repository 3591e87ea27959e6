import DICOM

/// Collects PDV fragments into DIMSE messages: command fragments up to the last one, then, when
/// the command announces it, data set fragments up to theirs (PS3.7 §9.3.1, PS3.8 Annex E).
/// Sizes are checked as fragments arrive, before they are kept.
struct MessageAssembler {
    enum Failure: Error, Equatable {
        case unexpectedFragment(String)
        case tooLarge(Int)
        case invalidCommand(String)
    }

    enum Outcome {
        case incomplete
        /// A whole message; `reservedBytes` of the budget now belong to whoever serves it.
        case message(DIMSEMessage, reservedBytes: Int)
        /// The budget was exhausted: the data set was read to its end and dropped. The message
        /// carries the command only, to be answered Out of Resources.
        case refused(DIMSEMessage)
    }

    static let maximumCommandSize = 1 << 20

    private var commandBytes: [UInt8] = []
    private var command: DataSet?
    private var dataBytes: [UInt8] = []
    private var receivedDataBytes = 0
    private var reservedBytes = 0
    private var discarding = false
    private var contextID: UInt8?
    /// A data set larger than this is refused, so memory stays bounded.
    let maximumMessageSize: Int
    private let budget: ByteBudget?

    init(maximumMessageSize: Int = AcceptorPolicy.defaultMaximumMessageSize, budget: ByteBudget? = nil) {
        self.maximumMessageSize = maximumMessageSize
        self.budget = budget
    }

    /// Feeds one PDV; returns a message when it completes one.
    mutating func append(_ value: PresentationDataValue) throws -> DIMSEMessage? {
        switch try assemble(value) {
        case .incomplete: return nil
        case .message(let message, _), .refused(let message): return message
        }
    }

    /// Feeds one PDV, reserving its bytes from the budget.
    mutating func assemble(_ value: PresentationDataValue) throws -> Outcome {
        if let contextID, contextID != value.contextID {
            throw Failure.unexpectedFragment("context \(value.contextID) inside a message on context \(contextID)")
        }
        contextID = value.contextID
        if value.isCommand { return try appendCommand(value) }
        guard let command else { throw Failure.unexpectedFragment("data set fragment before its command") }
        let count = value.bytes.count
        guard count <= maximumMessageSize - receivedDataBytes else {
            releaseReservation()
            dataBytes = []
            throw Failure.tooLarge(receivedDataBytes + count)
        }
        receivedDataBytes += count
        if !discarding {
            if budget?.reserve(count) ?? true {
                reservedBytes += count
                dataBytes += value.bytes
            } else {
                discarding = true
                releaseReservation()
                dataBytes = []
            }
        }
        guard value.isLast else { return .incomplete }
        if discarding {
            let refused = DIMSEMessage(contextID: value.contextID, command: command)
            finish()
            return .refused(refused)
        }
        var message = DIMSEMessage(contextID: value.contextID, command: command, dataSet: dataBytes)
        message.command = command
        let reserved = reservedBytes
        reservedBytes = 0
        finish()
        return .message(message, reservedBytes: reserved)
    }

    private mutating func appendCommand(_ value: PresentationDataValue) throws -> Outcome {
        guard command == nil else { throw Failure.unexpectedFragment("command fragment after the command was complete") }
        guard value.bytes.count <= Self.maximumCommandSize - commandBytes.count else {
            throw Failure.tooLarge(commandBytes.count + value.bytes.count)
        }
        commandBytes += value.bytes
        guard value.isLast else { return .incomplete }
        let decoded: DataSet
        do { decoded = try DataSet(decoding: commandBytes, transferSyntax: .implicitVRLittleEndian) } catch {
            throw Failure.invalidCommand("\(error)")
        }
        guard decoded.uint16(.commandField) != nil else { throw Failure.invalidCommand("no Command Field") }
        if DIMSEMessage.announcesDataSet(decoded) {
            command = decoded
            return .incomplete
        }
        let message = DIMSEMessage(contextID: value.contextID, command: decoded)
        finish()
        return .message(message, reservedBytes: 0)
    }

    /// Gives back what the message in progress holds of the budget (the association ended mid-message).
    mutating func releaseReservation() {
        if reservedBytes > 0 { budget?.release(reservedBytes) }
        reservedBytes = 0
    }

    private mutating func finish() {
        commandBytes = []; dataBytes = []; command = nil; contextID = nil
        receivedDataBytes = 0; discarding = false
    }
}
