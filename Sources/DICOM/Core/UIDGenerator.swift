import Foundation

/// New UIDs under the 2.25 root (PS3.5 §B.2): a random UUID written as one decimal number.
public enum UIDGenerator {
    public static func make() -> String {
        let uuid = UUID().uuid
        var bytes = [uuid.0, uuid.1, uuid.2, uuid.3, uuid.4, uuid.5, uuid.6, uuid.7,
                     uuid.8, uuid.9, uuid.10, uuid.11, uuid.12, uuid.13, uuid.14, uuid.15]
        var digits: [Character] = []
        // Repeated division of the 128-bit big-endian number by 10.
        while bytes.contains(where: { $0 != 0 }) {
            var remainder = 0
            for index in bytes.indices {
                let value = remainder * 256 + Int(bytes[index])
                bytes[index] = UInt8(value / 10)
                remainder = value % 10
            }
            digits.append(Character(String(remainder)))
        }
        return "2.25." + (digits.isEmpty ? "0" : String(digits.reversed()))
    }
}
