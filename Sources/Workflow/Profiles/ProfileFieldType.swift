/// The HL7 data types a profile field can declare, with the checks each implies.
public enum ProfileFieldType: String, Sendable, Codable, CaseIterable {
    case ST, TX, FT, ID, IS, NM, DT, DTM, TS, CWE, CE, CX, HD, XPN
    /// A DICOM UID (digits and dots, at most 64 characters), as carried in ZDS.
    case UI
    /// A DICOM application entity title (at most 16 characters, no backslash or control characters).
    case AE

    /// What is wrong with `value` for this type, or nil. `value` is the decoded first component
    /// for composite types and the decoded text for the others; empty values are not checked here.
    func problem(with value: String) -> String? {
        switch self {
        case .ST, .TX, .FT, .ID, .IS, .CWE, .CE, .CX, .HD, .XPN:
            return nil
        case .NM:
            return Double(value) == nil ? "'\(value)' is not a number" : nil
        case .DT:
            return value.count == 8 && value.allSatisfy(\.isASCIIDigit) ? nil : "'\(value)' is not a date (YYYYMMDD)"
        case .DTM, .TS:
            let digits = value.prefix { $0.isASCIIDigit }
            let valid = [4, 6, 8, 10, 12, 14].contains(digits.count)
            return valid ? nil : "'\(value)' is not a date/time (YYYY[MM[DD[HH[MM[SS]]]]])"
        case .UI:
            return Self.uidProblem(value)
        case .AE:
            guard value.count <= 16 else { return "AE title '\(value)' is longer than 16 characters" }
            guard !value.contains("\\"), value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) else {
                return "AE title '\(value)' holds characters DICOM does not allow"
            }
            return value.allSatisfy({ $0 == " " }) ? "AE title is blank" : nil
        }
    }

    /// PS3.5 9.1: components of digits without leading zeros, separated by dots, at most 64 characters.
    static func uidProblem(_ value: String) -> String? {
        guard value.count <= 64 else { return "UID '\(value)' is longer than 64 characters" }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        for part in parts {
            guard !part.isEmpty, part.allSatisfy(\.isASCIIDigit) else { return "'\(value)' is not a DICOM UID" }
            if part.count > 1, part.first == "0" { return "UID '\(value)' has a component with a leading zero" }
        }
        return nil
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
