/// The secret behind the control IDs (MSH-10) of the messages the workflow emits.
///
/// An application ACK whose MSA-2 names a critical-result notification closes that case, so its
/// control ID must not be guessable. It must also come out the same when the events are replayed,
/// so it is not drawn at random per message: it is a keyed hash (SipHash-2-4) of the readable ID
/// (`CR1-2`), under a key drawn once and kept in the event log (`WorkflowEvent.controlIDKeyCreated`).
public struct ControlIDKey: Sendable, Equatable {
    let k0: UInt64
    let k1: UInt64

    public init(k0: UInt64, k1: UInt64) {
        self.k0 = k0
        self.k1 = k1
    }

    /// A fresh key from the system's cryptographic generator.
    public static func random() -> ControlIDKey {
        var generator = SystemRandomNumberGenerator()
        return ControlIDKey(k0: generator.next(), k1: generator.next())
    }

    /// 32 hex digits, as the event log keeps it.
    public var hex: String { Self.hex(k0) + Self.hex(k1) }

    public init?(hex: String) {
        guard hex.utf8.count == 32, let k0 = UInt64(hex.prefix(16), radix: 16), let k1 = UInt64(hex.suffix(16), radix: 16)
        else { return nil }
        self.init(k0: k0, k1: k1)
    }

    /// `prefix` and 16 hex digits (18 characters with a two-letter prefix, within MSH-10's 20 in v2.5).
    public func controlID(_ prefix: String, for label: String) -> String {
        prefix + Self.hex(SipHash24.hash(Array(label.utf8), k0: k0, k1: k1)).uppercased()
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// SipHash-2-4 (Aumasson and Bernstein), 64-bit output.
enum SipHash24 {
    static func hash(_ message: [UInt8], k0: UInt64, k1: UInt64) -> UInt64 {
        var v0: UInt64 = k0 ^ 0x736f_6d65_7073_6575
        var v1: UInt64 = k1 ^ 0x646f_7261_6e64_6f6d
        var v2: UInt64 = k0 ^ 0x6c79_6765_6e65_7261
        var v3: UInt64 = k1 ^ 0x7465_6462_7974_6573
        func round() {
            v0 &+= v1; v1 = rotate(v1, 13); v1 ^= v0; v0 = rotate(v0, 32)
            v2 &+= v3; v3 = rotate(v3, 16); v3 ^= v2
            v0 &+= v3; v3 = rotate(v3, 21); v3 ^= v0
            v2 &+= v1; v1 = rotate(v1, 17); v1 ^= v2; v2 = rotate(v2, 32)
        }
        func absorb(_ word: UInt64) {
            v3 ^= word
            round(); round()
            v0 ^= word
        }
        let whole = message.count / 8 * 8
        var offset = 0
        while offset < whole {
            var word: UInt64 = 0
            for i in 0..<8 { word |= UInt64(message[offset + i]) << (8 * UInt64(i)) }
            absorb(word)
            offset += 8
        }
        var last = UInt64(truncatingIfNeeded: message.count) << 56
        for i in 0..<(message.count - whole) { last |= UInt64(message[whole + i]) << (8 * UInt64(i)) }
        absorb(last)
        v2 ^= 0xff
        round(); round(); round(); round()
        return v0 ^ v1 ^ v2 ^ v3
    }

    private static func rotate(_ value: UInt64, _ bits: UInt64) -> UInt64 {
        (value << bits) | (value >> (64 - bits))
    }
}

extension WorkflowProcessor {
    /// MSH-10 for a message the workflow emits: keyed when the log holds a key, otherwise (a
    /// processor run alone, or events recorded before the key existed) the readable label.
    func controlID(_ prefix: String, _ label: String) -> String {
        state.controlIDKey.map { $0.controlID(prefix, for: label) } ?? label
    }

    /// Takes the key the log recorded; the first key stays (a second event changes nothing).
    mutating func adoptControlIDKey(hex: String) throws(WorkflowEventError) {
        guard let key = ControlIDKey(hex: hex) else { throw WorkflowEventError(description: "a control ID key is 32 hex digits") }
        if state.controlIDKey == nil { state.controlIDKey = key }
    }
}
