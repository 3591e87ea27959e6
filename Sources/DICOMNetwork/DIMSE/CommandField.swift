/// Command Field (0000,0100) values (PS3.7 §E.1).
public enum CommandField: UInt16, Sendable {
    case cStoreRequest = 0x0001, cStoreResponse = 0x8001
    case cGetRequest = 0x0010, cGetResponse = 0x8010
    case cFindRequest = 0x0020, cFindResponse = 0x8020
    case cMoveRequest = 0x0021, cMoveResponse = 0x8021
    case cEchoRequest = 0x0030, cEchoResponse = 0x8030
    case nEventReportRequest = 0x0100, nEventReportResponse = 0x8100
    case nGetRequest = 0x0110, nGetResponse = 0x8110
    case nSetRequest = 0x0120, nSetResponse = 0x8120
    case nActionRequest = 0x0130, nActionResponse = 0x8130
    case nCreateRequest = 0x0140, nCreateResponse = 0x8140
    case nDeleteRequest = 0x0150, nDeleteResponse = 0x8150
    case cCancelRequest = 0x0FFF

    public var isResponse: Bool { rawValue & 0x8000 != 0 }

    public var response: CommandField? { CommandField(rawValue: rawValue | 0x8000) }
}
