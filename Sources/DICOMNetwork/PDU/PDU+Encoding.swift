extension PDU {
    /// The PDU on the wire, header included.
    public func encoded() -> [UInt8] {
        var body = PDUWriter()
        switch self {
        case .associateRequest(let request):
            body.header(version: request.protocolVersion, called: request.calledAETitle, calling: request.callingAETitle)
            body.item(0x10, Array(request.applicationContext.utf8))
            for context in request.presentationContexts {
                var sub = PDUWriter()
                sub.bytes += [context.id, 0, 0, 0]
                sub.item(0x30, Array(context.abstractSyntax.utf8))
                for transfer in context.transferSyntaxes { sub.item(0x40, Array(transfer.utf8)) }
                body.item(0x20, sub.bytes)
            }
            body.item(0x50, request.userInformation.encoded())
        case .associateAccept(let accept):
            body.header(version: accept.protocolVersion, called: accept.calledAETitle, calling: accept.callingAETitle)
            body.item(0x10, Array(accept.applicationContext.utf8))
            for result in accept.presentationContexts {
                var sub = PDUWriter()
                sub.bytes += [result.id, 0, result.result.rawValue, 0]
                sub.item(0x40, Array(result.transferSyntax.utf8))
                body.item(0x21, sub.bytes)
            }
            body.item(0x50, accept.userInformation.encoded())
        case .associateReject(let reject):
            body.bytes = [0, reject.result.rawValue, reject.source.rawValue, reject.reason]
        case .dataTransfer(let values):
            for value in values {
                body.u32(UInt32(value.bytes.count + 2))
                body.bytes += [value.contextID, (value.isCommand ? 1 : 0) | (value.isLast ? 2 : 0)]
                body.bytes += value.bytes
            }
        case .releaseRequest, .releaseResponse:
            body.bytes = [0, 0, 0, 0]
        case .abort(let abort):
            body.bytes = [0, 0, abort.source.rawValue, abort.reason]
        }
        var pdu = PDUWriter()
        pdu.bytes = [kind.rawValue, 0]
        pdu.u32(UInt32(body.bytes.count))
        return pdu.bytes + body.bytes
    }
}

extension UserInformation {
    func encoded() -> [UInt8] {
        var writer = PDUWriter()
        var length = PDUWriter()
        length.u32(maximumLength)
        writer.item(0x51, length.bytes)
        writer.item(0x52, Array(implementationClassUID.utf8))
        if let (invoked, performed) = asynchronousOperations {
            var sub = PDUWriter(); sub.u16(invoked); sub.u16(performed)
            writer.item(0x53, sub.bytes)
        }
        for role in roleSelections {
            var sub = PDUWriter()
            sub.u16(UInt16(role.sopClassUID.utf8.count))
            sub.bytes += Array(role.sopClassUID.utf8) + [role.scuRole ? 1 : 0, role.scpRole ? 1 : 0]
            writer.item(0x54, sub.bytes)
        }
        if let name = implementationVersionName { writer.item(0x55, Array(name.utf8)) }
        for other in otherItems { writer.item(other.type, other.bytes) }
        return writer.bytes
    }
}

struct PDUWriter {
    var bytes: [UInt8] = []

    mutating func u16(_ value: UInt16) { bytes += [UInt8(value >> 8), UInt8(value & 0xFF)] }
    mutating func u32(_ value: UInt32) { u16(UInt16(value >> 16)); u16(UInt16(value & 0xFFFF)) }

    mutating func item(_ type: UInt8, _ content: [UInt8]) {
        bytes += [type, 0]
        u16(UInt16(clamping: content.count))
        bytes += content.prefix(0xFFFF)
    }

    /// AE titles are 16 bytes, space padded.
    mutating func header(version: UInt16, called: String, calling: String) {
        u16(version); u16(0)
        for title in [called, calling] {
            let raw = Array(title.utf8.prefix(16))
            bytes += raw + [UInt8](repeating: 0x20, count: 16 - raw.count)
        }
        bytes += [UInt8](repeating: 0, count: 32)
    }
}
