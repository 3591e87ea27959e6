/// How strictly a destination keeps the order messages arrived in.
public enum DeliveryOrdering: String, Sendable, Decodable {
    /// Messages about one patient leave in arrival order; different patients proceed in parallel.
    case patient
    /// One queue for the whole destination.
    case fifo
}
