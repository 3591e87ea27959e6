import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Where the identity provider's JSON Web Key Set comes from.
public protocol KeySetSource: Sendable {
    func fetchKeySet() async throws -> Data
}

public struct KeySetFetchError: Error, CustomStringConvertible {
    public let description: String
}

/// A `jwksFile`.
public struct FileKeySetSource: KeySetSource {
    public let url: URL
    public init(url: URL) { self.url = url }

    public func fetchKeySet() async throws -> Data {
        try Data(contentsOf: url)
    }
}

/// A `jwksURL` (GET, 10 s timeout, 1 MiB at most, 200 only).
public struct URLKeySetSource: KeySetSource {
    public let url: URL
    public var timeout: TimeInterval = 10
    public static let maxBytes = 1 << 20

    public init(url: URL, timeout: TimeInterval = 10) {
        self.url = url
        self.timeout = timeout
    }

    public func fetchKeySet() async throws -> Data {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
            throw KeySetFetchError(description: "\(url) answered \((response as? HTTPURLResponse)?.statusCode ?? 0)")
        }
        guard data.count <= Self.maxBytes else { throw KeySetFetchError(description: "\(url) sent more than 1 MiB") }
        return data
    }
}

extension OIDCConfiguration.KeySetLocation {
    public var source: any KeySetSource {
        switch self {
        case .url(let url): URLKeySetSource(url: url)
        case .file(let url): FileKeySetSource(url: url)
        }
    }
}
