/// UID syntax of PS3.5 §9.1: at most 64 characters, dot-separated numbers without leading zeros.
enum DICOMwebUID {
    static func isValid(_ uid: String) -> Bool {
        guard (1...64).contains(uid.utf8.count) else { return false }
        return uid.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { component in
            !component.isEmpty && component.allSatisfy { $0.isASCII && $0.isNumber } && (component == "0" || component.first != "0")
        }
    }
}
