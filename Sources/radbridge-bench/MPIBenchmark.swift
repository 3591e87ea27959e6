import Foundation
import Workflow

/// `radbridge-bench mpi [--patients 10000,1000000] [--probes 2000] [--common-names PERCENT]`: the master
/// patient index's cost per new patient (blocking, scoring, the link decision) with N patients
/// already indexed. Half the probes are the same person as an indexed patient (with a nickname or a
/// typo), half new. `--common-names 20` draws a fifth of the family names from 20 very common ones
/// (Smith, Garcia …), so family + year and family + given blocks grow large as in a real index.
enum MPIBenchmark {
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static let givens = ["John", "Mary", "William", "Elizabeth", "Robert", "Margaret", "Michael", "Katherine", "James", "Patricia",
                         "David", "Jennifer", "Thomas", "Susan", "Daniel", "Sarah", "Peter", "Anne", "Alexander", "Helen",
                         "Joseph", "Maria", "Andrew", "Olga", "Stephen", "Fatima", "Edward", "Yuki", "Richard", "Ingrid",
                         "Charles", "Chloe", "Nicholas", "Amara", "Anthony", "Priya", "George", "Lucia", "Paul", "Noor"]
    static let syllables = ["ka", "lo", "mi", "ser", "an", "ber", "to", "vic", "ha", "ne", "dor", "li", "mon", "ra", "sta", "quin",
                            "fel", "gu", "zo", "pe", "tran", "bel", "cor", "dra", "el", "fon", "gar", "hil", "jor", "kal"]
    static let commonFamilies = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
                                 "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin"]

    /// About 27,000 distinct family names (three syllables); `commonPercent` of them instead from
    /// `commonFamilies` (no extra random draws when 0, so the default index is the same as before).
    static func person(_ g: inout Generator, commonPercent: Int = 0) -> MPIDemographics {
        var family = (0..<3).map { _ in syllables[g.int(syllables.count)] }.joined().capitalized
        if commonPercent > 0, g.int(100) < commonPercent { family = commonFamilies[g.int(commonFamilies.count)] }
        let year = 1930 + g.int(90)
        return MPIDemographics(family: family, given: givens[g.int(givens.count)],
                               birthDate: String(format: "%04d%02d%02d", year, 1 + g.int(12), 1 + g.int(28)), sex: g.int(2) == 0 ? "M" : "F",
                               street: "\(1 + g.int(400)) \(syllables[g.int(30)].capitalized) Street", postalCode: String(10000 + g.int(89999)),
                               phone: String(format: "555%07d", g.int(10_000_000)))
    }

    /// Peak resident memory of the process so far, in MB.
    static func maxRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
    }

    static func run(arguments: [String]) {
        func value(_ name: String) -> String? { arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil } }
        let sizes = (value("--patients") ?? "10000,1000000").split(separator: ",").compactMap { Int($0) }
        let probes = Int(value("--probes") ?? "") ?? 2_000
        let common = Int(value("--common-names") ?? "") ?? 0
        let configuration = MPIConfiguration()
        for size in sizes {
            var g = Generator(state: 42)
            var index = MasterPatientIndex()
            var people: [MPIDemographics] = []
            people.reserveCapacity(size)
            let buildStart = Date()
            for id in 1...size {
                let d = person(&g, commonPercent: common)
                people.append(d)
                _ = index.register(patientID: id, demographics: d, identifiers: [PatientIdentifier(id: "M\(id)", issuer: "HOSPA")],
                                   configuration: configuration, at: "20260101000000")
            }
            let build = Date().timeIntervalSince(buildStart)
            var samples: [Double] = []
            var candidates = 0, linked = 0, reviews = 0
            // Per key kind (text before the first `|`): probes, total and largest block size, blocks skipped.
            var blockStats: [String: (probes: Int, total: Int, largest: Int, skipped: Int)] = [:]
            for k in 0..<probes {
                var d: MPIDemographics
                if k % 2 == 0 {
                    d = people[g.int(people.count)]
                    if d.given == "John" { d.given = "Jon" } else { d.family = String(d.family.dropLast()) }
                } else {
                    d = person(&g, commonPercent: common)
                }
                let id = size + 1 + k
                candidates += index.candidates(for: d, configuration: configuration).count
                for block in index.blockSizes(for: d) {
                    let kind = String(block.key.prefix { $0 != "|" })
                    var s = blockStats[kind] ?? (0, 0, 0, 0)
                    s.probes += 1
                    s.total += block.size
                    s.largest = max(s.largest, block.size)
                    if block.size > (block.broad ? configuration.maxBroadBlockSize : configuration.maxBlockSize) { s.skipped += 1 }
                    blockStats[kind] = s
                }
                let start = DispatchTime.now().uptimeNanoseconds
                let change = index.register(patientID: id, demographics: d, identifiers: [PatientIdentifier(id: "P\(id)", issuer: "HOSPB")],
                                            configuration: configuration, at: "20260101000000")
                samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000)
                if !change.changedEUIDs.isEmpty { linked += 1 }
                if change.reviewOpened != nil { reviews += 1 }
            }
            samples.sort()
            let median = samples[samples.count / 2], p99 = samples[samples.count * 99 / 100]
            let mean = samples.reduce(0, +) / Double(samples.count)
            print("mpi with \(size) patients\(common > 0 ? " (\(common)% common family names)" : "") (indexed in \(String(format: "%.1f", build)) s, max RSS \(String(format: "%.0f", maxRSSMegabytes())) MB)")
            print("  per new patient: median \(String(format: "%.1f", median)) µs   mean \(String(format: "%.1f", mean)) µs   p99 \(String(format: "%.1f", p99)) µs")
            print("  candidates compared per new patient: \(String(format: "%.1f", Double(candidates) / Double(probes)))   auto-linked \(linked)/\(probes / 2) true matches, \(reviews) reviews")
            let blocks = blockStats.sorted { $0.key < $1.key }.map { kind, s in
                "\(kind) \(String(format: "%.1f", Double(s.total) / Double(max(1, s.probes))))/\(s.largest)\(s.skipped > 0 ? " (\(s.skipped) skipped)" : "")"
            }
            print("  block size per key, mean/largest: \(blocks.joined(separator: ", "))")
        }
    }
}
