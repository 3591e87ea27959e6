/// A pattern where `*` matches any run of characters and `?` any one character.
struct WildcardPattern: Sendable {
    private let pattern: [Character]

    init(_ text: String) { pattern = Array(text) }

    func matches(_ text: String) -> Bool {
        let text = Array(text)
        var p = 0, t = 0
        var star: Int?, resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1; t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p; resume = t; p += 1
            } else if let s = star {
                p = s + 1; resume += 1; t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
