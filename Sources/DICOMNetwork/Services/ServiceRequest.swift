import DICOM

public struct ServiceRequest: Sendable {
    public let message: DIMSEMessage
    public let context: NegotiatedContext
    public let association: AssociationInfo

    /// The request's data set decoded with the negotiated transfer syntax.
    public func dataSet() throws -> DataSet? {
        do {
            return try message.decodedDataSet(transferSyntax: context.syntax)
        } catch {
            throw DIMSEServiceError(status: .cannotUnderstand, comment: "data set could not be decoded")
        }
    }
}
