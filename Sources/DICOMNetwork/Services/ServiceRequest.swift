import DICOM

public struct ServiceRequest: Sendable {
    public let message: DIMSEMessage
    public let context: NegotiatedContext
    public let association: AssociationInfo
    /// The listener's bounds for decoding the data set (e.g. how far a deflated one may inflate).
    public var decodingOptions: DecodingOptions = .default

    public init(message: DIMSEMessage, context: NegotiatedContext, association: AssociationInfo, decodingOptions: DecodingOptions = .default) {
        self.message = message
        self.context = context
        self.association = association
        self.decodingOptions = decodingOptions
    }

    /// The request's data set decoded with the negotiated transfer syntax.
    public func dataSet() throws -> DataSet? {
        do {
            return try message.decodedDataSet(transferSyntax: context.syntax, options: decodingOptions)
        } catch DICOMError.inflatedTooLarge(let limit) {
            throw DIMSEServiceError(status: .outOfResources, comment: "deflated data set inflates beyond \(limit) bytes")
        } catch {
            throw DIMSEServiceError(status: .cannotUnderstand, comment: "data set could not be decoded")
        }
    }
}
