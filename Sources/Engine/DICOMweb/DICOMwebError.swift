/// A DICOMweb request that cannot be answered, said in DICOMweb's terms (PS3.18 status meanings);
/// the HTTP layer answers it as a problem document.
struct DICOMwebError: Error, Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A malformed query or path (400).
        case invalidRequest
        /// No such study, series, instance or frame (404).
        case notFound
        /// The instance is indexed but its file cannot be read (500).
        case unreadable
    }

    var kind: Kind
    var title: String
    var detail: String

    init(_ kind: Kind, _ title: String, detail: String) {
        self.kind = kind
        self.title = title
        self.detail = detail
    }
}
