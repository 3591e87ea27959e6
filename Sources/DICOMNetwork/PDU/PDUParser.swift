/// Parses one complete PDU (header included) from bytes. Pure: the NIO decoder frames, this parses.
public enum PDUParser {
    public static let headerLength = 6

    /// Header plus body of a PDU whose header announces `bodyLength`; a body above `maximumLength`
    /// is refused here, before anything is buffered for it.
    public static func totalLength(bodyLength: UInt32, maximumLength: Int) throws -> Int {
        guard Int(bodyLength) <= maximumLength else { throw PDUError.tooLarge(length: bodyLength, limit: maximumLength) }
        return headerLength + Int(bodyLength)
    }

    public static func parse(_ bytes: [UInt8]) throws -> PDU {
        var cursor = ByteCursor(bytes)
        let type = try cursor.u8()
        try cursor.skip(1)
        let length = try cursor.u32()
        guard Int(length) == cursor.remaining else { throw PDUError.malformed("PDU length \(length) does not match \(cursor.remaining) bytes") }
        guard let kind = PDU.Kind(rawValue: type) else { throw PDUError.unrecognizedType(type) }
        switch kind {
        case .associateRequest: return .associateRequest(try parseRequest(&cursor))
        case .associateAccept: return .associateAccept(try parseAccept(&cursor))
        case .associateReject:
            try cursor.skip(1)
            let result = try cursor.u8(), source = try cursor.u8(), reason = try cursor.u8()
            guard let result = AssociateReject.Result(rawValue: result), let source = AssociateReject.Source(rawValue: source) else {
                throw PDUError.malformed("A-ASSOCIATE-RJ result \(result) source \(source)")
            }
            return .associateReject(AssociateReject(result: result, source: source, reason: reason))
        case .dataTransfer: return .dataTransfer(try parseValues(&cursor))
        case .releaseRequest: try cursor.skip(4); return .releaseRequest
        case .releaseResponse: try cursor.skip(4); return .releaseResponse
        case .abort:
            try cursor.skip(2)
            let source = try cursor.u8(), reason = try cursor.u8()
            return .abort(Abort(source: Abort.Source(rawValue: source) ?? .serviceProvider, reason: reason))
        }
    }

    private static func parseValues(_ cursor: inout ByteCursor) throws -> [PresentationDataValue] {
        var values: [PresentationDataValue] = []
        while !cursor.isAtEnd {
            let length = Int(try cursor.u32())
            guard length >= 2 else { throw PDUError.malformed("PDV item of length \(length)") }
            var item = try cursor.sub(length)
            let contextID = try item.u8(), control = try item.u8()
            guard contextID % 2 == 1 else { throw PDUError.malformed("even presentation context ID \(contextID)") }
            values.append(PresentationDataValue(contextID: contextID, isCommand: control & 1 == 1, isLast: control & 2 == 2, bytes: try item.take(item.remaining)))
        }
        guard !values.isEmpty else { throw PDUError.malformed("P-DATA-TF without PDV items") }
        return values
    }

    private struct Header {
        var version: UInt16
        var called: String
        var calling: String
    }

    private static func parseHeader(_ cursor: inout ByteCursor) throws -> Header {
        let version = try cursor.u16()
        try cursor.skip(2)
        let called = try cursor.text(16), calling = try cursor.text(16)
        try cursor.skip(32)
        return Header(version: version, called: called, calling: calling)
    }

    private static func parseRequest(_ cursor: inout ByteCursor) throws -> AssociateRequest {
        let header = try parseHeader(&cursor)
        var context = "", proposals: [PresentationContextProposal] = [], user: UserInformation?
        while !cursor.isAtEnd {
            let type = try cursor.u8()
            try cursor.skip(1)
            var item = try cursor.sub(Int(try cursor.u16()))
            switch type {
            case 0x10: context = try item.text(item.remaining)
            case 0x20:
                let id = try item.u8()
                try item.skip(3)
                var abstract = "", transfers: [String] = []
                while !item.isAtEnd {
                    let subType = try item.u8()
                    try item.skip(1)
                    let uid = try item.text(Int(try item.u16()))
                    if subType == 0x30 { abstract = uid } else if subType == 0x40 { transfers.append(uid) }
                    else { throw PDUError.malformed("presentation context sub-item 0x\(String(subType, radix: 16))") }
                }
                proposals.append(PresentationContextProposal(id: id, abstractSyntax: abstract, transferSyntaxes: transfers))
            case 0x50: user = try parseUserInformation(&item)
            default: throw PDUError.malformed("A-ASSOCIATE-RQ item 0x\(String(type, radix: 16))")
            }
        }
        guard let user else { throw PDUError.malformed("A-ASSOCIATE-RQ without user information") }
        var request = AssociateRequest(calledAETitle: header.called, callingAETitle: header.calling, presentationContexts: proposals, userInformation: user)
        request.protocolVersion = header.version
        request.applicationContext = context
        return request
    }

    private static func parseAccept(_ cursor: inout ByteCursor) throws -> AssociateAccept {
        let header = try parseHeader(&cursor)
        var context = "", results: [PresentationContextResult] = [], user: UserInformation?
        while !cursor.isAtEnd {
            let type = try cursor.u8()
            try cursor.skip(1)
            var item = try cursor.sub(Int(try cursor.u16()))
            switch type {
            case 0x10: context = try item.text(item.remaining)
            case 0x21:
                let id = try item.u8()
                try item.skip(1)
                let code = try item.u8()
                try item.skip(1)
                var transfer = ""
                while !item.isAtEnd {
                    let subType = try item.u8()
                    try item.skip(1)
                    let uid = try item.text(Int(try item.u16()))
                    if subType == 0x40 { transfer = uid }
                }
                results.append(PresentationContextResult(id: id, result: .init(rawValue: code) ?? .noReason, transferSyntax: transfer))
            case 0x50: user = try parseUserInformation(&item)
            default: throw PDUError.malformed("A-ASSOCIATE-AC item 0x\(String(type, radix: 16))")
            }
        }
        guard let user else { throw PDUError.malformed("A-ASSOCIATE-AC without user information") }
        var accept = AssociateAccept(calledAETitle: header.called, callingAETitle: header.calling, presentationContexts: results, userInformation: user)
        accept.protocolVersion = header.version
        accept.applicationContext = context
        return accept
    }

    private static func parseUserInformation(_ cursor: inout ByteCursor) throws -> UserInformation {
        var info = UserInformation(maximumLength: 0, implementationClassUID: "")
        while !cursor.isAtEnd {
            let type = try cursor.u8()
            try cursor.skip(1)
            var item = try cursor.sub(Int(try cursor.u16()))
            switch type {
            case 0x51: info.maximumLength = try item.u32()
            case 0x52: info.implementationClassUID = try item.text(item.remaining)
            case 0x53: info.asynchronousOperations = (try item.u16(), try item.u16())
            case 0x54:
                let uid = try item.text(Int(try item.u16()))
                info.roleSelections.append(RoleSelection(sopClassUID: uid, scuRole: try item.u8() == 1, scpRole: try item.u8() == 1))
            case 0x55: info.implementationVersionName = try item.text(item.remaining)
            default: info.otherItems.append((type, try item.take(item.remaining)))
            }
        }
        return info
    }
}
