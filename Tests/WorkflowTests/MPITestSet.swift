import TestSupport
@testable import Workflow

/// A seeded generator of synthetic patient pairs for the matcher: true matches carrying the errors
/// registration desks make, and non-matches that look alike (twins, father and son, common names).
struct MPITestSet {
    enum Kind: String, CaseIterable { case trueMatch, twins, fatherSon, commonName }

    struct Pair {
        let kind: Kind
        let a: MPIDemographics
        let b: MPIDemographics
        let errors: [String]
        var isMatch: Bool { kind == .trueMatch }
    }

    static let maleNames = ["John", "William", "Robert", "Michael", "James", "David", "Thomas", "Daniel", "Peter", "Alexander",
                            "Joseph", "Andrew", "Stephen", "Edward", "Richard", "Charles", "Nicholas", "Anthony", "George", "Paul",
                            "Samuel", "Benjamin", "Henry", "Patrick", "Gregory", "Timothy", "Lawrence", "Frederick", "Raymond", "Kenneth"]
    static let femaleNames = ["Mary", "Elizabeth", "Margaret", "Katherine", "Patricia", "Jennifer", "Susan", "Deborah", "Rebecca",
                              "Victoria", "Christine", "Helen", "Dorothy", "Barbara", "Sarah", "Theresa", "Judith", "Virginia",
                              "Cynthia", "Pamela", "Jessica", "Abigail", "Alexandra", "Joanne", "Anne", "Olga", "Ingrid", "Fatima", "Yuki", "Chloe"]
    static let families = ["Smith", "Johnson", "Garcia", "Mueller", "Nguyen", "Kowalski", "Okafor", "Rossi", "Petrov", "Tanaka",
                           "Dubois", "O'Brien", "Schneider", "Haddad", "Lindqvist", "Novak", "Fernandez", "Kim", "Papadopoulos",
                           "MacDonald", "Tchaikovsky", "Brown", "Wilson", "Martinez", "Andersen", "Silva", "Cohen", "Yilmaz", "Murphy", "Baker"]
    static let streets = ["Main St", "Oak Avenue", "Elm Street", "Hillside Road", "Lake Drive", "Park Lane", "Bahnhofstrasse", "Rue de la Paix"]
    /// Spelling variants a different desk or country may use.
    static let transliterations: [String: String] = [
        "Tchaikovsky": "Chaikovsky", "Mueller": "Müller", "Petrov": "Petroff", "Alexander": "Aleksandr", "Olga": "Olgha",
        "Schneider": "Shneider", "Haddad": "Hadad", "Papadopoulos": "Papadopulos", "Fernandez": "Fernández", "Yilmaz": "Yılmaz",
    ]
    static let nicknames: [String: [String]] = [
        "John": ["Jon", "Jonathan", "Johnny", "Jack"], "William": ["Bill", "Will", "Liam"], "Robert": ["Bob", "Rob", "Bobby"],
        "Michael": ["Mike", "Mick"], "James": ["Jim", "Jimmy"], "David": ["Dave"], "Thomas": ["Tom", "Tommy"], "Daniel": ["Dan", "Danny"],
        "Peter": ["Pete"], "Alexander": ["Alex", "Sasha"], "Joseph": ["Joe"], "Andrew": ["Andy", "Drew"], "Stephen": ["Steve", "Steven"],
        "Edward": ["Ed", "Ted"], "Richard": ["Rick", "Dick"], "Charles": ["Charlie"], "Nicholas": ["Nick"], "Anthony": ["Tony"],
        "Samuel": ["Sam"], "Benjamin": ["Ben"], "Henry": ["Harry", "Hank"], "Patrick": ["Paddy"], "Gregory": ["Greg"], "Timothy": ["Tim"],
        "Lawrence": ["Larry"], "Frederick": ["Fred"], "Raymond": ["Ray"], "Kenneth": ["Ken"],
        "Elizabeth": ["Liz", "Beth", "Betty"], "Margaret": ["Maggie", "Peggy"], "Katherine": ["Kate", "Kathy", "Catherine"],
        "Patricia": ["Pat", "Trish"], "Jennifer": ["Jen", "Jenny"], "Susan": ["Sue", "Suzanne"], "Deborah": ["Debbie"],
        "Rebecca": ["Becky"], "Victoria": ["Vicky"], "Christine": ["Chris", "Tina"], "Dorothy": ["Dottie"], "Barbara": ["Barb"],
        "Sarah": ["Sara", "Sally"], "Theresa": ["Teresa", "Tess"], "Judith": ["Judy"], "Virginia": ["Ginny"], "Cynthia": ["Cindy"],
        "Pamela": ["Pam"], "Jessica": ["Jess"], "Abigail": ["Abby"], "Alexandra": ["Sasha", "Alex"], "Joanne": ["Joan"], "Anne": ["Ann", "Anna"],
        "Mary": ["Maria", "Marie"],
    ]
    static let commonFamilies = ["Smith", "Garcia", "Nguyen", "Kim", "Mueller"]
    static let commonMale = ["John", "Michael", "David"]
    static let commonFemale = ["Mary", "Maria", "Jennifer"]

    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
    mutating func number(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(rng.next() % UInt64(range.count)) }
    mutating func chance(_ percent: Int) -> Bool { number(1...100) <= percent }

    func pad(_ n: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }

    mutating func date(year: Int) -> String { pad(year, 4) + pad(number(1...12), 2) + pad(number(1...28), 2) }

    mutating func person(sex: String? = nil, family: String? = nil, year: Int? = nil) -> MPIDemographics {
        let sex = sex ?? (chance(50) ? "M" : "F")
        return MPIDemographics(
            family: family ?? pick(Self.families), given: pick(sex == "M" ? Self.maleNames : Self.femaleNames),
            birthDate: date(year: year ?? number(1935...2015)), sex: sex,
            street: "\(number(1...250)) \(pick(Self.streets))", city: "Springfield", postalCode: pad(number(10000...99999), 5),
            phone: "555\(pad(number(0...9_999_999), 7))")
    }

    mutating func typo(_ text: String) -> String {
        var chars = Array(text)
        guard chars.count > 3 else { return text }
        let at = number(1...(chars.count - 2))
        switch number(0...2) {
        case 0: chars[at] = Character(UnicodeScalar(UInt8(97 + number(0...25))))
        case 1: chars.remove(at: at)
        default: chars.swapAt(at, at + 1)
        }
        return String(chars)
    }

    /// One or two registration errors on a copy of `d`.
    mutating func withErrors(_ d: MPIDemographics) -> (MPIDemographics, [String]) {
        var e = d
        var applied: [String] = []
        let kinds = ["nickname", "familyTypo", "givenTypo", "swappedDayMonth", "digitOff", "marriedName", "hyphenated",
                     "swappedNames", "missingAddress", "missingPhone", "transliteration", "moved", "missingSex"]
        for _ in 0..<number(1...2) {
            let kind = pick(kinds)
            switch kind {
            case "nickname":
                guard let options = Self.nicknames[d.given] else { continue }
                e.given = pick(options)
            case "familyTypo": e.family = typo(e.family)
            case "givenTypo": e.given = typo(e.given)
            case "swappedDayMonth":
                let chars = Array(e.birthDate)
                guard Int(String(chars[6...7]))! <= 12 else { continue }
                e.birthDate = String(chars[0...3]) + String(chars[6...7]) + String(chars[4...5])
            case "digitOff":
                var chars = Array(e.birthDate)
                let at = number(6...7)
                chars[at] = chars[at] == "1" ? "2" : "1"
                e.birthDate = String(chars)
            case "marriedName":
                guard e.sex == "F" else { continue }
                e.family = pick(Self.families.filter { $0 != d.family })
            case "hyphenated": e.family = d.family + "-" + pick(Self.families.filter { $0 != d.family })
            case "swappedNames": (e.given, e.family) = (e.family, e.given)
            case "missingAddress": e.street = ""; e.postalCode = ""
            case "missingPhone": e.phone = ""
            case "transliteration":
                if let v = Self.transliterations[e.family] { e.family = v } else if let v = Self.transliterations[e.given] { e.given = v } else { continue }
            case "moved":
                e.street = "\(number(1...250)) \(pick(Self.streets))"
                e.postalCode = pad(number(10000...99999), 5)
                e.phone = "555\(pad(number(0...9_999_999), 7))"
            default: e.sex = ""
            }
            applied.append(kind)
        }
        return (e, applied)
    }

    mutating func pairs(count: Int) -> [Pair] {
        var result: [Pair] = []
        for n in 0..<count {
            // Half true matches; the rest split between the look-alike kinds.
            let kind: Kind = n % 2 == 0 ? .trueMatch : [.twins, .fatherSon, .commonName][(n / 2) % 3]
            switch kind {
            case .trueMatch:
                let a = person()
                let (b, errors) = withErrors(a)
                result.append(Pair(kind: kind, a: a, b: b, errors: errors))
            case .twins:
                let a = person()
                var b = person(family: a.family)
                b.birthDate = a.birthDate
                b.street = a.street; b.postalCode = a.postalCode; b.city = a.city
                if chance(70) { b.phone = a.phone }
                // Twins have different given names (of different nickname groups).
                while NameVariants.areNicknames(b.given, a.given) || b.given == a.given {
                    b.given = pick(b.sex == "M" ? Self.maleNames : Self.femaleNames)
                }
                result.append(Pair(kind: kind, a: a, b: b, errors: []))
            case .fatherSon:
                let son = person(sex: "M", year: number(1975...2010))
                var father = son
                father.birthDate = date(year: Int(son.birthYear)! - number(20...40))
                switch number(0...2) {
                case 0: father.suffix = "Sr"; var s = son; s.suffix = "Jr"; result.append(Pair(kind: kind, a: father, b: s, errors: ["Sr/Jr"]))
                case 1: var s = son; s.suffix = "Jr"; result.append(Pair(kind: kind, a: father, b: s, errors: ["Jr only"]))
                default: result.append(Pair(kind: kind, a: father, b: son, errors: ["no suffix"]))
                }
            case .commonName:
                let sex = chance(50) ? "M" : "F"
                let year = number(1940...2010)
                var a = person(sex: sex, family: pick(Self.commonFamilies), year: year)
                var b = person(sex: sex, family: a.family, year: year)
                a.given = pick(sex == "M" ? Self.commonMale : Self.commonFemale)
                b.given = a.given
                while b.birthDate == a.birthDate { b.birthDate = date(year: year) }
                result.append(Pair(kind: kind, a: a, b: b, errors: []))
            }
        }
        return result
    }
}
