extension HL7Message {
    /// The message as a JSON tree (documented in README.md, "JSON tree"):
    /// `{"type", "controlId", "version", "characterSet", "delimiters", "segments": [{"name", "fields":
    /// {"<n>": [[["subcomponent", …] (components) …] (repetitions) …]}}]}`. Values are decoded; empty
    /// fields are left out; MSH-1 and MSH-2 are plain strings.
    public func jsonTree() -> String {
        var w = JSONWriter()
        let h = header
        w.open("{")
        w.key("type"); w.string(h.messageType)
        w.key("controlId"); w.string(h.controlID)
        w.key("version"); w.string(h.version)
        w.key("characterSet"); w.string(characterSet.description)
        w.key("delimiters"); w.string(String(decoding: [delimiters.field] + delimiters.encodingCharacters, as: UTF8.self))
        w.key("segments"); w.open("[")
        for segment in segments where !segment.isBlank {
            w.open("{")
            w.key("name"); w.string(segment.name)
            w.key("fields"); w.open("{")
            for (k, field) in segment.fields.enumerated() where !field.isEmpty {
                w.key(String(k + 1))
                if field.level == .literal {
                    w.string(field.raw)
                    continue
                }
                w.open("[")
                for repetition in field.children {
                    w.open("[")
                    for component in repetition.children {
                        w.open("[")
                        for sub in component.children { w.string(sub.value) }
                        w.close("]")
                    }
                    w.close("]")
                }
                w.close("]")
            }
            w.close("}")
            w.close("}")
        }
        w.close("]")
        w.close("}")
        return w.output
    }
}

/// A minimal streaming JSON writer: enough for trees of strings, without Foundation.
struct JSONWriter {
    private(set) var output = ""
    private var needsComma = false

    mutating func open(_ bracket: Character) {
        separate()
        output.append(bracket)
        needsComma = false
    }

    mutating func close(_ bracket: Character) {
        output.append(bracket)
        needsComma = true
    }

    mutating func key(_ name: String) {
        string(name)
        output.append(":")
        needsComma = false
    }

    mutating func string(_ text: String) {
        separate()
        output.append("\"")
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 {
                    output += "\\u00" + hexByte(UInt8(scalar.value))
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output.append("\"")
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { output.append(",") }
    }
}
