/// Version and change time of a resource (`Meta`).
public struct Meta: Codable, Sendable, Hashable {
    public var versionId: String?
    public var lastUpdated: String?
    public init(versionId: String? = nil, lastUpdated: String? = nil) {
        self.versionId = versionId
        self.lastUpdated = lastUpdated
    }
}

/// A text note (`Annotation`).
public struct Annotation: Codable, Sendable, Hashable {
    public var text: String
    public init(text: String) { self.text = text }
}

/// Inline content (`Attachment`); `data` is base64.
public struct Attachment: Codable, Sendable, Hashable {
    public var contentType: String?
    public var data: String?
    public var title: String?
    public init(contentType: String?, data: String?, title: String? = nil) {
        self.contentType = contentType
        self.data = data
        self.title = title
    }
}
