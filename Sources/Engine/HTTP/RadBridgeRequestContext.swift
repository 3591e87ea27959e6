import Hummingbird
import NIOCore

/// The request context of every RadBridge route: Hummingbird's core storage and the principal
/// the request acts as — anonymous, with its address, until authentication names someone.
struct RadBridgeRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var principal: Principal

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        principal = .anonymous(address: source.channel.remoteAddress.map(Self.describe))
    }

    /// JSON bodies the routes decode (`request.decode`) are small commands: larger ones are a 413.
    var maxUploadSize: Int { 64 * 1024 }

    /// `10.0.0.5` / `::1`, without the port.
    private static func describe(_ address: SocketAddress) -> String {
        address.ipAddress ?? address.description
    }
}
