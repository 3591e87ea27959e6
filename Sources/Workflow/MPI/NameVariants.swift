import Foundation

/// Name normalization for matching: diacritics folded, a transliteration skeleton that makes
/// common romanizations agree (Tchaikovsky/Chaikovsky, Müller/Mueller, Aleksandr/Alexandr), and
/// a table of nicknames and cross-language forms (John/Jon/Jonathan, Bill/William, Sasha/Alexander).
public enum NameVariants {
    /// Lowercase letters only, diacritics folded.
    public static func normalized(_ name: String) -> String {
        if name.utf8.allSatisfy({ $0 < 128 }) {
            // ASCII (most names): no folding needed.
            let bytes = name.utf8.compactMap { b -> UInt8? in
                if b >= 97 && b <= 122 { return b }
                if b >= 65 && b <= 90 { return b + 32 }
                return nil
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
            .replacingOccurrences(of: "ß", with: "ss")
        return String(folded.lowercased().unicodeScalars.filter { $0.value >= 97 && $0.value <= 122 }.map(Character.init))
    }

    private static let skeletonRules: [([UInt8], [UInt8])] = skeletonRuleText.map { (Array($0.0.utf8), Array($0.1.utf8)) }

    private static let skeletonRuleText: [(String, String)] = [
        ("tch", "ch"), ("sch", "sh"), ("ph", "f"), ("ck", "k"), ("ks", "x"), ("kh", "h"), ("ue", "u"), ("oe", "o"),
        ("ae", "a"), ("ou", "u"), ("ie", "i"), ("y", "i"), ("w", "v"), ("dj", "j"), ("zh", "j"), ("c", "k"), ("q", "k"),
    ]

    /// The transliteration skeleton: spelling variants of one romanized name share it.
    public static func skeleton(_ name: String) -> String {
        var s = Array(normalized(name).utf8)
        for (from, to) in skeletonRules { s = replace(s, from, to) }
        var out: [UInt8] = []
        for c in s where out.last != c { out.append(c) }
        if out.count > 3, out.last == UInt8(ascii: "h") { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    private static func replace(_ s: [UInt8], _ from: [UInt8], _ to: [UInt8]) -> [UInt8] {
        guard s.count >= from.count, s.contains(from[0]) else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            if i + from.count <= s.count, s[i..<(i + from.count)].elementsEqual(from) {
                out.append(contentsOf: to)
                i += from.count
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return out
    }

    /// Each group: forms of one given name.
    private static let groups: [[String]] = [
        ["john", "jon", "jonathan", "johnathan", "jonathon", "johnny", "jonny", "jack", "jan", "johann", "johannes", "juan", "giovanni", "ivan", "sean", "shaun"],
        ["william", "will", "bill", "billy", "willy", "willie", "liam", "wilhelm", "guillaume", "guillermo"],
        ["robert", "rob", "bob", "bobby", "robbie", "bert", "roberto"],
        ["richard", "rick", "ricky", "rich", "dick", "ricardo"],
        ["james", "jim", "jimmy", "jamie", "diego", "santiago", "jacques"],
        ["michael", "mike", "mikey", "mick", "mikhail", "michel", "miguel", "michele", "misha"],
        ["elizabeth", "elisabeth", "liz", "lizzie", "beth", "betty", "betsy", "eliza", "liza", "lisa", "elisa", "isabel", "elise"],
        ["margaret", "maggie", "peggy", "meg", "marge", "margo", "greta", "margarita", "marguerite"],
        ["katherine", "catherine", "kathryn", "kate", "katie", "kathy", "cathy", "kat", "ekaterina", "katarina", "katya", "caterina"],
        ["alexander", "alex", "alexandr", "aleksandr", "aleksander", "sasha", "alejandro", "alessandro", "xander", "sandro"],
        ["alexandra", "alex", "sasha", "sandra", "alessandra", "alejandra", "aleksandra"],
        ["thomas", "tom", "tommy", "tomas", "tomasz"],
        ["christopher", "chris", "kit", "christoph", "cristobal"],
        ["christine", "christina", "kristina", "chris", "tina", "kristin", "christiane", "cristina"],
        ["daniel", "dan", "danny", "daniele"],
        ["david", "dave", "davy", "davide"],
        ["edward", "ed", "eddie", "ted", "teddy", "eduardo", "edouard"],
        ["joseph", "joe", "joey", "jose", "giuseppe", "josef", "jozef", "pepe"],
        ["anthony", "tony", "antonio", "anton", "antoine", "antoni"],
        ["benjamin", "ben", "benny", "benji"],
        ["samuel", "sam", "sammy"],
        ["nicholas", "nick", "nicky", "nikolai", "nicolas", "nikolay", "nicola", "niklas", "klaus"],
        ["peter", "pete", "pyotr", "petr", "pedro", "pierre", "pietro", "piotr"],
        ["charles", "charlie", "chuck", "carlos", "carl", "karl", "carlo", "karol"],
        ["francis", "frank", "frankie", "francisco", "francesco", "franz", "francois", "paco"],
        ["henry", "hank", "harry", "enrique", "heinrich", "henri", "enrico"],
        ["patricia", "pat", "patty", "trish", "tricia", "patrizia"],
        ["patrick", "pat", "paddy", "patricio"],
        ["jennifer", "jen", "jenny", "jenn"],
        ["susan", "sue", "susie", "suzanne", "susanne", "susana"],
        ["deborah", "debra", "deb", "debbie"],
        ["rebecca", "becky", "becca", "rebekah"],
        ["victoria", "vicky", "vicki", "tori", "viktoria"],
        ["mohammed", "muhammad", "mohamed", "mohammad", "muhammed", "mehmet", "mohamad"],
        ["yuri", "yury", "iouri", "jurij", "juri"],
        ["sergei", "sergey", "serge", "sergio"],
        ["dmitri", "dmitry", "dimitri", "dima"],
        ["andrew", "andy", "drew", "andrei", "andrey", "andreas", "andre", "andres", "andrea", "andrzej"],
        ["matthew", "matt", "matty", "matthias", "mateo", "matteo", "mathieu"],
        ["stephen", "steven", "steve", "stephan", "stefan", "esteban", "stefano", "etienne"],
        ["gregory", "greg", "grigory", "gregor"],
        ["timothy", "tim", "timmy"],
        ["lawrence", "laurence", "larry", "lorenzo", "laurent"],
        ["jessica", "jess", "jessie"],
        ["abigail", "abby", "abbie", "gail"],
        ["zachary", "zach", "zack", "zak"],
        ["mary", "maria", "marie", "molly", "polly", "mariya", "mariia", "miriam"],
        ["anne", "ann", "anna", "annie", "hannah", "anya", "nancy"],
        ["joanne", "joan", "joanna", "jo", "johanna", "jane", "jeanne", "juana", "giovanna"],
        ["helen", "helena", "elena", "ellen", "lena", "nell", "elaine", "yelena", "jelena"],
        ["george", "georg", "jorge", "giorgio", "georgy", "yegor"],
        ["paul", "paulo", "pablo", "pavel", "paolo", "pawel"],
        ["joshua", "josh"], ["kenneth", "ken", "kenny"], ["ronald", "ron", "ronnie"], ["donald", "don", "donny"],
        ["raymond", "ray"], ["gerald", "gerry", "jerry"], ["jeffrey", "jeff", "geoffrey", "geoff"],
        ["frederick", "fred", "freddie", "fritz", "federico"], ["albert", "al", "bert", "alberto"],
        ["dorothy", "dot", "dottie", "dorota"], ["barbara", "barb", "babs"], ["sarah", "sara", "sally", "sadie"],
        ["theresa", "teresa", "terry", "tess", "tessa"], ["judith", "judy", "jude"], ["virginia", "ginny", "ginger"],
        ["cynthia", "cindy"], ["pamela", "pam"], ["kimberly", "kim"], ["jacqueline", "jackie"], ["samantha", "sam"],
    ]

    private static let groupsByName: [String: Set<Int>] = {
        var map: [String: Set<Int>] = [:]
        for (k, group) in groups.enumerated() { for name in group { map[name, default: []].insert(k) } }
        return map
    }()

    /// Nickname groups as a bit set: compared per candidate without allocating.
    struct GroupSet: Sendable, Equatable {
        var low: UInt64 = 0, high: UInt64 = 0
        func intersects(_ other: GroupSet) -> Bool { low & other.low != 0 || high & other.high != 0 }
    }

    private static let groupSetsByName: [String: GroupSet] = {
        precondition(groups.count <= 128, "GroupSet holds 128 nickname groups")
        return groupsByName.mapValues { indices in
            var set = GroupSet()
            for k in indices { if k < 64 { set.low |= 1 << UInt64(k) } else { set.high |= 1 << UInt64(k - 64) } }
            return set
        }
    }()

    static func groupSet(ofNormalized name: String) -> GroupSet { groupSetsByName[name] ?? GroupSet() }

    /// The nickname groups a (normalized) given name belongs to.
    public static func groups(of name: String) -> Set<Int> { groupsByName[normalized(name)] ?? [] }

    /// A stable key for blocking: the first group's canonical form, else the NYSIIS code.
    public static func givenKey(_ name: String) -> String {
        if let group = groups(of: name).min() { return groups[group][0] }
        return NYSIIS.code(skeleton(name))
    }

    public static func areNicknames(_ a: String, _ b: String) -> Bool { !groups(of: a).isDisjoint(with: groups(of: b)) }

    /// Jaro–Winkler similarity of two normalized strings (0…1).
    public static func jaroWinkler(_ a: String, _ b: String) -> Double {
        let s = Array(a), t = Array(b)
        if s.isEmpty || t.isEmpty { return s.isEmpty && t.isEmpty ? 1 : 0 }
        let window = max(0, max(s.count, t.count) / 2 - 1)
        var sMatched = [Bool](repeating: false, count: s.count), tMatched = [Bool](repeating: false, count: t.count)
        var matches = 0
        for i in s.indices {
            let lo = max(0, i - window), hi = min(t.count - 1, i + window)
            guard lo <= hi else { continue }
            for j in lo...hi where !tMatched[j] && s[i] == t[j] {
                sMatched[i] = true; tMatched[j] = true; matches += 1
                break
            }
        }
        guard matches > 0 else { return 0 }
        var transpositions = 0, j = 0
        for i in s.indices where sMatched[i] {
            while !tMatched[j] { j += 1 }
            if s[i] != t[j] { transpositions += 1 }
            j += 1
        }
        var prefix = 0
        while prefix < min(4, s.count, t.count), s[prefix] == t[prefix] { prefix += 1 }
        return winkler(matches: matches, transpositions: transpositions, lengths: (s.count, t.count), prefix: prefix)
    }

    /// `jaroWinkler` of two normalized (ASCII) names without allocating: the scorer calls it for
    /// most candidate pairs.
    static func jaroWinklerASCII(_ a: String, _ b: String) -> Double {
        var a = a, b = b
        guard a.utf8.count <= 64, b.utf8.count <= 64 else { return jaroWinkler(a, b) }
        return a.withUTF8 { s in b.withUTF8 { t in jaroWinklerShort(s, t) } }
    }

    /// Jaro–Winkler of byte strings of at most 64 bytes (matched flags kept in bit masks).
    private static func jaroWinklerShort(_ s: UnsafeBufferPointer<UInt8>, _ t: UnsafeBufferPointer<UInt8>) -> Double {
        if s.isEmpty || t.isEmpty { return s.isEmpty && t.isEmpty ? 1 : 0 }
        let window = max(0, max(s.count, t.count) / 2 - 1)
        var sMatched: UInt64 = 0, tMatched: UInt64 = 0
        var matches = 0
        for i in 0..<s.count {
            let lo = max(0, i - window), hi = min(t.count - 1, i + window)
            guard lo <= hi else { continue }
            for j in lo...hi where tMatched & (1 << UInt64(j)) == 0 && s[i] == t[j] {
                sMatched |= 1 << UInt64(i); tMatched |= 1 << UInt64(j); matches += 1
                break
            }
        }
        guard matches > 0 else { return 0 }
        var transpositions = 0, j = 0
        for i in 0..<s.count where sMatched & (1 << UInt64(i)) != 0 {
            while tMatched & (1 << UInt64(j)) == 0 { j += 1 }
            if s[i] != t[j] { transpositions += 1 }
            j += 1
        }
        var prefix = 0
        while prefix < min(4, s.count, t.count), s[prefix] == t[prefix] { prefix += 1 }
        return winkler(matches: matches, transpositions: transpositions, lengths: (s.count, t.count), prefix: prefix)
    }

    /// Jaro similarity from the matched characters, raised by the common prefix (Winkler).
    private static func winkler(matches: Int, transpositions: Int, lengths: (Int, Int), prefix: Int) -> Double {
        let m = Double(matches)
        let jaro = (m / Double(lengths.0) + m / Double(lengths.1) + (m - Double(transpositions) / 2) / m) / 3
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }

    /// The parts of a family name: `Garcia-Lopez`, `Garcia Lopez` → garcia, lopez.
    public static func familyParts(_ family: String) -> [String] {
        family.split(whereSeparator: { $0 == "-" || $0 == " " }).map { normalized(String($0)) }.filter { !$0.isEmpty }
    }
}
