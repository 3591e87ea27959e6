/// Exponential backoff between delivery attempts, in seconds.
public struct BackoffConfiguration: Sendable, Decodable, Equatable {
    public var initial: Double
    public var max: Double

    public init(initial: Double = 1, max: Double = 300) {
        self.initial = initial
        self.max = max
    }

    private enum CodingKeys: String, CodingKey { case initial, max }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(initial: try c.decodeIfPresent(Double.self, forKey: .initial) ?? 1,
                  max: try c.decodeIfPresent(Double.self, forKey: .max) ?? 300)
        // Retry times are dates and milliseconds: an infinite or astronomical delay would not convert.
        guard initial.isFinite, max.isFinite, max <= Self.longest else {
            throw ConfigurationError.invalidValue("backoff.initial and backoff.max must be at most \(Int(Self.longest)) seconds")
        }
    }

    /// The longest backoff (and delivery timeout) accepted: a week, in seconds.
    static let longest: Double = 7 * 86_400

    /// The delay before attempt `attempt + 1`: doubling from `initial`, capped at `max`,
    /// then spread over its upper half so that many failed messages do not retry in step.
    func delay(afterAttempt attempt: Int, random: Double = Double.random(in: 0...1)) -> Double {
        let exponent = Double(Swift.max(0, Swift.min(attempt - 1, 62)))
        let full = Swift.min(max, initial * pow2(exponent))
        return full / 2 + full / 2 * random
    }

    private func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        for _ in 0..<Int(exponent) { value *= 2; if value > 1e12 { break } }
        return value
    }
}
