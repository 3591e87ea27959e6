import HL7
import Testing
import TestSupport
@testable import Workflow

/// Blocking at scale: the keys a new record is compared through, the size limits that keep common
/// keys from being compared exhaustively, and the block bookkeeping on updates and merges.
@Suite struct MPIBlockingTests {
    static let configuration = MPIConfiguration()

    static func register(_ index: inout MasterPatientIndex, _ id: Int, _ d: MPIDemographics, issuer: String = "HOSPA") -> MPIChange {
        index.register(patientID: id, demographics: d, identifiers: [PatientIdentifier(id: "\(issuer)\(id)", issuer: issuer)],
                       configuration: configuration, at: "20261123000000")
    }

    @Test func dayAndMonthInEitherOrderShareTheDateKey() {
        #expect(BlockingKeys.dayMonthInsensitiveDate("19800304") == BlockingKeys.dayMonthInsensitiveDate("19800403"))
        #expect(BlockingKeys.dayMonthInsensitiveDate("19800304") != BlockingKeys.dayMonthInsensitiveDate("19800305"))
        #expect(BlockingKeys.dayMonthInsensitiveDate("19800304") != BlockingKeys.dayMonthInsensitiveDate("19810304"))
        #expect(BlockingKeys.dayMonthInsensitiveDate("1980") == "")
        #expect(BlockingKeys.dayMonthInsensitiveDate("1980AB04") == "")
    }

    /// The selective keys alone (what is left when the broad blocks of a crowded index are
    /// skipped) still bring most true matches of the test set together.
    @Test func trueMatchesOfTheTestSetShareASelectiveKey() {
        var generator = MPITestSet(seed: 0x5EED_0009)
        let matches = generator.pairs(count: 400).filter(\.isMatch)
        var selective = 0, any = 0
        var missed: [String] = []
        for pair in matches {
            let a = BlockingKeys.keys(of: pair.a), b = BlockingKeys.keys(of: pair.b)
            if !a.isDisjoint(with: b) { any += 1 }
            if !a.filter({ !$0.broad }).isDisjoint(with: b.filter { !$0.broad }) {
                selective += 1
            } else {
                missed.append("\(pair.errors): \(pair.a.given) \(pair.a.family) \(pair.a.birthDate) / \(pair.b.given) \(pair.b.family) \(pair.b.birthDate)")
            }
        }
        print("MPI blocking: \(selective)/\(matches.count) true matches share a selective key, \(any)/\(matches.count) any key")
        for line in missed.prefix(10) { print("  broad keys only:", line) }
        #expect(Double(selective) / Double(matches.count) >= 0.9)
        #expect(any >= selective)
    }

    /// 3,000 Smiths with three given names born in three years: family + year and family + given
    /// blocks hold ~1,000 records each. A new record is compared with its name + birth date blocks,
    /// not with those, and the same person is still found and linked.
    @Test func crowdedBlocksAreSkippedAndThePersonIsStillFound() {
        var rng = SplitMix64(seed: 0xB10C)
        func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var index = MasterPatientIndex()
        var people: [MPIDemographics] = []
        for id in 1...3000 {
            let d = MPIDemographics(family: "Smith", given: pick(["John", "Michael", "David"]),
                                    birthDate: "\(pick([1970, 1971, 1972]))\(two(1 + Int(rng.next() % 12)))\(two(1 + Int(rng.next() % 28)))",
                                    sex: "M", street: "\(1 + rng.next() % 400) Main St", postalCode: "12345",
                                    phone: "555\(1_000_000 + rng.next() % 9_000_000)")
            people.append(d)
            _ = Self.register(&index, id, d)
        }
        let target = 1234
        var probe = people[target - 1]
        probe.given = probe.given == "John" ? "Jon" : probe.given == "Michael" ? "Mike" : "Dave"
        let sizes = index.blockSizes(for: probe)
        let broad = sizes.filter(\.broad)
        #expect(broad.count >= 2 && broad.allSatisfy { $0.size > 500 }, "\(sizes)")
        let compared = index.candidates(for: probe, configuration: Self.configuration)
        #expect(compared.contains(target))
        #expect(compared.count <= 40, "compared \(compared.count): \(sizes)")
        var unlimited = Self.configuration
        unlimited.maxBroadBlockSize = .max
        #expect(index.candidates(for: probe, configuration: unlimited).count > 1000)

        let change = Self.register(&index, 5000, probe, issuer: "HOSPB")
        #expect(index.euid(of: 5000) == index.euid(of: target), "\(change)")
    }

    /// Updates and merges take a record out of its old blocks (including the first, inline member).
    @Test func updatedAndRemovedRecordsLeaveTheirBlocks() {
        var index = MasterPatientIndex()
        let base = MPIDemographics(family: "Nguyen", given: "Anne", birthDate: "19800304", sex: "F")
        for id in 1...3 { _ = Self.register(&index, id, base, issuer: "H\(id)") }
        #expect(index.candidates(for: base) == [1, 2, 3])
        _ = index.remove(patientID: 1)
        #expect(index.candidates(for: base) == [2, 3])
        var moved = base
        moved.family = "Okafor"
        moved.birthDate = "19610101"
        moved.given = "Chloe"
        _ = index.register(patientID: 2, demographics: moved, identifiers: [PatientIdentifier(id: "H22", issuer: "H2")],
                           configuration: Self.configuration, at: "20261123000000")
        #expect(index.candidates(for: base) == [3])
        #expect(index.candidates(for: moved) == [2])
        _ = index.remove(patientID: 3)
        #expect(index.candidates(for: base).isEmpty)
        #expect(index.blockSizes(for: base).allSatisfy { $0.size == 0 })
    }
}
