/// Turns a procedure description into a canonical, order-free set of tokens, so that
/// "Chest X-Ray", "XR CHEST" and "Radiograph, Chest" all become `chest xr`.
///
/// Steps: lower case; multi-word abbreviations (`w/o`, `x-ray`, `c-spine`, `v/q`) become words;
/// split on anything but letters, digits and `+`; split a count from its unit (`2v` → `2 view`);
/// map synonyms and abbreviations to one word each; drop words that carry no meaning here
/// (`contrast`, `iv`, `and`, `scan`); sort and remove duplicates.
public enum ProcedureNormalizer {
    /// The canonical tokens of `text`, sorted.
    public static func tokens(_ text: String) -> [String] {
        var words: [String] = []
        for raw in split(expandPhrases(text.lowercased())) {
            for word in splitCount(raw) {
                words += canonical[word] ?? [word]
            }
        }
        return Array(Set(words.filter { !filler.contains($0) && !$0.isEmpty })).sorted()
    }

    /// The tokens that name a modality.
    public static let modalities: Set<String> = ["xr", "ct", "mr", "us", "nm", "mg", "dxa"]

    static func key(_ tokens: [String]) -> String { tokens.joined(separator: " ") }

    /// Abbreviations spanning punctuation or spaces, replaced before splitting.
    private static let phrases: [(String, String)] = [
        ("w/wo", " with without "), ("w/ and w/o", " with without "), ("w/o", " without "), ("w/", " with "),
        ("wo/", " without "), ("x-rays", " xr "), ("x-ray", " xr "), ("x rays", " xr "), ("x ray", " xr "),
        ("v/q", " vq "), ("tib/fib", " tibia fibula "), ("tib-fib", " tibia fibula "),
        ("c-spine", " cervical spine "), ("c spine", " cervical spine "), ("cspine", " cervical spine "),
        ("t-spine", " thoracic spine "), ("t spine", " thoracic spine "), ("tspine", " thoracic spine "),
        ("l-spine", " lumbar spine "), ("l spine", " lumbar spine "), ("lspine", " lumbar spine "),
        ("computed tomography", " ct "), ("magnetic resonance", " mr "), ("nuclear medicine", " nm "),
        ("temporomandibular joint", " tmj "),
    ]

    private static func expandPhrases(_ text: String) -> String {
        var s = " " + text + " "
        for (phrase, replacement) in phrases {
            s = replacingWords(phrase, with: replacement, in: s)
        }
        return s
    }

    /// Replaces `phrase` where it is not part of a longer word.
    private static func replacingWords(_ phrase: String, with replacement: String, in s: String) -> String {
        var result = ""
        var rest = Substring(s)
        while let range = rest.range(of: phrase) {
            let before = rest[..<range.lowerBound].last ?? " "
            let after = rest[range.upperBound...].first ?? " "
            let edgeBefore = !(before.isLetter || before.isNumber)
            let edgeAfter = !(after.isLetter || after.isNumber) || phrase.last == "/"
            if edgeBefore && edgeAfter {
                result += rest[..<range.lowerBound] + replacement
            } else {
                result += rest[..<range.upperBound]
            }
            rest = rest[range.upperBound...]
        }
        return result + rest
    }

    private static func split(_ text: String) -> [String] {
        text.split { !($0.isLetter || $0.isNumber || $0 == "+") }.map(String.init)
    }

    /// `2v`, `3+v`, `4views` → the count and `view`.
    private static func splitCount(_ word: String) -> [String] {
        guard let first = word.first, first.isNumber else { return [word] }
        let count = word.prefix { $0.isNumber || $0 == "+" }
        let unit = String(word.dropFirst(count.count))
        guard ["v", "vw", "vws", "view", "views"].contains(unit) else { return [word] }
        return [String(count), "view"]
    }

    private static let filler: Set<String> = [
        "contrast", "cont", "con", "contr", "iv", "and", "of", "the", "for", "scan", "study", "exam",
        "examination", "imaging", "procedure", "tomography", "medicine", "resonance", "magnetic",
    ]

    private static let canonical: [String: [String]] = {
        var m: [String: [String]] = [:]
        func same(_ target: String, _ words: String...) { for w in words { m[w] = [target] } }
        same("xr", "xr", "xray", "xrays", "radiograph", "radiographs", "radiography", "rad", "cr", "dx", "film", "films", "plain")
        same("ct", "cat")
        same("mr", "mri")
        same("nm", "nuclear")
        same("diagnostic", "diag")
        same("us", "ultrasound", "sono", "sonography", "sonogram", "usg")
        same("dxa", "dexa")
        same("with", "w", "wc", "wcon", "wcont")
        same("without", "wo", "noncontrast", "nc", "non", "unenhanced")
        same("bilateral", "bilat", "bil", "bi", "both")
        same("left", "lt", "l")
        same("right", "rt", "r")
        same("limited", "ltd", "lim")
        same("view", "views", "v", "vw", "vws", "projection", "projections")
        same("abdomen", "abd", "abdo", "abdominal")
        same("pelvis", "pelv", "pelvic")
        same("chest", "thorax")
        same("head", "brain")
        same("angio", "angiography", "angiogram")
        same("lateral", "lat")
        same("pregnancy", "preg", "ob", "obstetric")
        same("trimester", "tri")
        same("transvaginal", "tv", "endovaginal", "ev")
        same("transabdominal", "ta")
        same("gallbladder", "gb")
        same("gastrointestinal", "gi")
        same("bleeding", "bleed")
        same("perfusion", "perf", "perfus")
        same("ventilation", "vent")
        same("embolus", "embolism", "emboli")
        same("tibia", "tib")
        same("fibula", "fib")
        same("1", "one", "single")
        same("2", "two")
        same("3", "three")
        same("1st", "first")
        same("finger", "fingers")
        same("rib", "ribs")
        same("orbit", "orbits")
        same("sinus", "sinuses")
        same("bone", "bones")
        same("joint", "joints")
        same("knee", "knees")
        same("testicle", "testicles")
        same("extremity", "extremities")
        // Mammography is always of the breast, so local names often leave the breast out.
        for word in ["mg", "mammo", "mammogram", "mammography", "mammographic"] { m[word] = ["mg", "breast"] }
        m["cta"] = ["ct", "angio"]
        m["mra"] = ["mr", "angio"]
        m["cxr"] = ["xr", "chest"]
        m["ue"] = ["upper", "extremity"]
        m["le"] = ["lower", "extremity"]
        m["vq"] = ["ventilation", "perfusion"]
        return m
    }()
}
