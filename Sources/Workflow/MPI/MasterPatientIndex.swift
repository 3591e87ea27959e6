/// The enterprise layer over the local patient records: each record (one identifier domain's view
/// of a person) belongs to exactly one enterprise ID (EUID); records of one person share it.
/// New records are linked by deterministic rules and Fellegi–Sunter scores over blocked
/// candidates; uncertain pairs become review tasks. Every change is journaled in `audit`.
/// Pure and deterministic, so replaying the workflow events rebuilds it exactly.
public struct MasterPatientIndex: Sendable {
    public private(set) var entries: [Int: MPIEntry] = [:]
    private var euidOf: [Int: String] = [:]
    public private(set) var members: [String: Set<Int>] = [:]
    /// Records per blocking key (hashed).
    private var blocks: [UInt64: Block] = [:]
    /// What the scorer compares of each record, derived once when it is filed.
    private var features: [Int: MatchFeatures] = [:]
    /// Records by identifier value (any domain), for lookups that come without an issuer.
    private var byIdentifierValue: [String: Set<Int>] = [:]
    /// Records by normalized family name (PDQ searches).
    private var byFamilyName: [String: Set<Int>] = [:]
    /// Identifiers held per assigning authority: the domains the index knows.
    private var identifiersPerDomain: [String: Int] = [:]
    public private(set) var reviews: [Int: MPIReview] = [:]
    /// Open review tasks per arriving record (so an update does not scan every review).
    private var openReviewsOf: [Int: Int] = [:]
    public private(set) var audit: [MPIAuditEntry] = []
    /// Pairs of records a person decided are different people.
    private var keptApart: Set<Pair> = []
    private var nextEUID = 1
    private var nextReview = 1

    public init() {}

    public enum MPIError: Error, Sendable, Equatable, CustomStringConvertible {
        case unknownReview(Int)
        case alreadyDecided(Int, MPIReview.Status)
        case unknownPatient(Int)
        case notLinked(Int)

        public var description: String {
            switch self {
            case .unknownReview(let id): "no review task \(id)"
            case .alreadyDecided(let id, let status): "review task \(id) is already \(status.rawValue)"
            case .unknownPatient(let id): "patient record \(id) is not in the master patient index"
            case .notLinked(let id): "patient record \(id) is not linked to any other record"
            }
        }
    }

    // MARK: Reading (the API the PIX/PDQ, priors, worklist and FHIR code use)

    /// Value, authority and type: what the index keeps of an identifier.
    static func sameIdentifier(_ a: PatientIdentifier, _ b: PatientIdentifier) -> Bool {
        a == b && a.typeCode == b.typeCode
    }

    /// The enterprise ID of a local record.
    public func euid(of patientID: Int) -> String? { euidOf[patientID] }

    /// The local records sharing the record's enterprise ID (itself included), in ID order.
    public func linkedRecords(of patientID: Int) -> [Int] {
        guard let euid = euidOf[patientID] else { return [patientID] }
        return (members[euid] ?? [patientID]).sorted()
    }

    /// The records of an enterprise ID, in ID order.
    public func records(ofEUID euid: String) -> [Int] { (members[euid] ?? []).sorted() }

    /// Records holding an identifier with this value, in any domain.
    public func records(withIdentifierValue value: String) -> [Int] { (byIdentifierValue[value] ?? []).sorted() }

    /// Records whose family name is `family` (case, punctuation and diacritics ignored).
    public func records(withFamilyName family: String) -> [Int] { (byFamilyName[NameVariants.normalized(family)] ?? []).sorted() }

    /// Assigning authorities of the identifiers the index holds.
    public var domains: Set<String> { Set(identifiersPerDomain.keys) }

    public var openReviews: [MPIReview] { reviews.values.filter { $0.status == .open }.sorted { $0.id < $1.id } }

    /// Records the blocking keys of `demographics` lead to (the only ones a new record is compared with).
    public func candidates(for demographics: MPIDemographics, configuration: MPIConfiguration = MPIConfiguration()) -> [Int] {
        candidates(keys: Self.hashed(BlockingKeys.keys(of: demographics)), configuration: configuration)
    }

    /// The members of the probe's blocks, each once, in ID order; blocks over their kind's size
    /// limit are skipped (a key that common says little and costs a lot).
    func candidates(keys: [HashedKey], configuration: MPIConfiguration) -> [Int] {
        var found: [Int] = []
        for key in keys {
            guard let block = blocks[key.hash], block.count <= (key.broad ? configuration.maxBroadBlockSize : configuration.maxBlockSize) else { continue }
            found.append(block.first)
            found.append(contentsOf: block.rest)
        }
        found.sort()
        var unique: [Int] = []
        unique.reserveCapacity(found.count)
        for id in found where unique.last != id { unique.append(id) }
        return unique
    }

    /// Sizes of the blocks a probe's keys lead to, with the key text (the benchmark reports them).
    public func blockSizes(for demographics: MPIDemographics) -> [(key: String, broad: Bool, size: Int)] {
        BlockingKeys.keys(of: demographics).map { ($0.text, $0.broad, blocks[BlockingKeys.hash($0)]?.count ?? 0) }
    }

    /// A scored candidate person.
    public struct Candidate: Sendable {
        public let euid: String
        /// The member record that scored best.
        public let patientID: Int
        public let score: MatchScore
        public let grade: MatchGrade
    }

    /// Candidate persons for demographics (and identifiers), best first: what `$match` answers.
    public func match(_ demographics: MPIDemographics, identifiers: [PatientIdentifier] = [], excluding patientID: Int? = nil,
                      configuration: MPIConfiguration = MPIConfiguration()) -> [Candidate] {
        match(MatchFeatures(demographics), keys: Self.hashed(BlockingKeys.keys(of: demographics)), identifiers: identifiers,
              excluding: patientID, configuration: configuration)
    }

    func match(_ probe: MatchFeatures, keys: [HashedKey], identifiers: [PatientIdentifier], excluding patientID: Int?,
               configuration: MPIConfiguration) -> [Candidate] {
        var best: [String: Candidate] = [:]
        let domains = Dictionary(identifiers.filter { !$0.issuer.isEmpty }.map { ($0.issuer, $0) }, uniquingKeysWith: { a, _ in a })
        for id in candidates(keys: keys, configuration: configuration) where id != patientID {
            guard let candidate = features[id], let euid = euidOf[id] else { continue }
            if let patientID, !keptApart.isEmpty, keptApart.contains(Pair(patientID, id)) { continue }
            var score = MatchScorer.score(probe, candidate)
            score.blocksAutomaticLink = domains.isEmpty ? nil : domainConflict(domains, euid: euid)
            if let current = best[euid], (current.score.deterministic ? 1 : 0, current.score.total) >= (score.deterministic ? 1 : 0, score.total) { continue }
            best[euid] = Candidate(euid: euid, patientID: id, score: score, grade: MatchScorer.grade(score, configuration))
        }
        return best.values.sorted { ($0.score.deterministic ? 1 : 0, $0.score.total, $1.euid) > ($1.score.deterministic ? 1 : 0, $1.score.total, $0.euid) }
    }

    /// A person already known under another identifier of the same domain is two records in one
    /// domain: possible (duplicates happen) but never linked without a person deciding.
    private func domainConflict(_ mine: [String: PatientIdentifier], euid: String) -> String? {
        guard let records = members[euid] else { return nil }
        func conflict(_ member: Int) -> String? {
            for other in entries[member]?.identifiers ?? [] {
                if let own = mine[other.issuer], own != other { return "the person already has identifier \(other) in domain \(other.issuer)" }
            }
            return nil
        }
        // Most persons have one record: no sorted copy per candidate.
        if records.count == 1, let only = records.first { return conflict(only) }
        for member in records.sorted() { if let found = conflict(member) { return found } }
        return nil
    }

    // MARK: Changing

    /// Files a local record (new or updated) and links it where the evidence says so.
    public mutating func register(patientID: Int, demographics: MPIDemographics, identifiers: [PatientIdentifier],
                                  configuration: MPIConfiguration, at time: String) -> MPIChange {
        var change = MPIChange()
        // An update that changes nothing the index compares (most A08s) has nothing to decide again.
        if let entry = entries[patientID], entry.demographics == demographics, entry.identifiers.elementsEqual(identifiers, by: Self.sameIdentifier) {
            return change
        }
        let keys = Self.hashed(BlockingKeys.keys(of: demographics))
        let probe = MatchFeatures(demographics)
        if var entry = entries[patientID] {
            unindex(entry)
            entry.demographics = demographics
            entry.identifiers = identifiers
            entry.blockingKeys = keys.map(\.hash)
            entries[patientID] = entry
            index(entry, probe)
            // A linked record or one waiting for review stays where it is; a lone record may now
            // meet its person (e.g. a national ID was added).
            guard let euid = euidOf[patientID], members[euid]?.count == 1,
                  openReviewsOf[patientID] == nil else { return change }
            if let best = match(probe, keys: keys, identifiers: identifiers, excluding: patientID, configuration: configuration).first,
               automatic(best, configuration) {
                move(patientID, to: best.euid, action: .linked, score: best.score.total, by: "auto", reason: reason(best), at: time)
                change.changedEUIDs = [best.euid]
            }
            return change
        }
        let entry = MPIEntry(patientID: patientID, demographics: demographics, identifiers: identifiers, blockingKeys: keys.map(\.hash))
        let ranked = match(probe, keys: keys, identifiers: identifiers, excluding: patientID, configuration: configuration)
        entries[patientID] = entry
        index(entry, probe)
        if let best = ranked.first, automatic(best, configuration),
           !ranked.dropFirst().contains(where: { $0.score.total >= configuration.upperThreshold }) {
            move(patientID, to: best.euid, action: .linked, score: best.score.total, by: "auto", reason: reason(best), at: time)
            change.changedEUIDs = [best.euid]
            return change
        }
        let euid = newEUID()
        move(patientID, to: euid, action: .assigned, score: nil, by: "auto", reason: "no matching person", at: time)
        if let best = ranked.first, best.score.total >= configuration.lowerThreshold || best.score.deterministic {
            let review = MPIReview(id: nextReview, patientID: patientID, candidatePatientID: best.patientID,
                                   candidateEUID: best.euid, score: best.score, openedAt: time)
            nextReview += 1
            reviews[review.id] = review
            openReviewsOf[patientID, default: 0] += 1
            change.reviewOpened = review.id
            journal(.reviewOpened, patientID, euid: euid, previous: euid, score: best.score.total, by: "auto",
                    reason: "review \(review.id): candidate record \(best.patientID) of \(best.euid)", at: time)
        }
        return change
    }

    private func automatic(_ c: Candidate, _ configuration: MPIConfiguration) -> Bool {
        guard c.score.blocksAutomaticLink == nil else { return false }
        if c.score.deterministic { return c.score.total >= configuration.lowerThreshold }
        return c.score.total >= configuration.upperThreshold
    }

    private func reason(_ c: Candidate) -> String {
        (c.score.deterministic ? "same national identifier as record " : "probabilistic match with record ") + String(c.patientID)
    }

    /// A person decided a review task: link the record to the candidate's person, or keep them apart.
    public mutating func decide(review id: Int, link: Bool, by: String, at time: String) throws(MPIError) -> MPIChange {
        guard var review = reviews[id] else { throw .unknownReview(id) }
        guard review.status == .open else { throw .alreadyDecided(id, review.status) }
        guard let from = euidOf[review.patientID], let to = euidOf[review.candidatePatientID] else { throw .unknownPatient(review.patientID) }
        review.decidedBy = by
        review.decidedAt = time
        var change = MPIChange()
        if link {
            review.status = .linked
            if from != to {
                move(review.patientID, to: to, action: .linked, score: review.score.total, by: by, reason: "review \(id)", at: time)
                change.changedEUIDs = members[from] == nil ? [to] : [from, to]
            }
            for other in reviews.values where other.patientID == review.patientID && other.status == .open && other.id != id {
                reviews[other.id]?.status = .superseded
                reviewClosed(for: review.patientID)
            }
        } else {
            review.status = .keptApart
            keptApart.insert(Pair(review.patientID, review.candidatePatientID))
            journal(.keptApart, review.patientID, euid: from, previous: from, score: review.score.total, by: by,
                    reason: "review \(id): not the person of record \(review.candidatePatientID)", at: time)
        }
        reviews[id] = review
        reviewClosed(for: review.patientID)
        return change
    }

    private mutating func reviewClosed(for patientID: Int) {
        openReviewsOf[patientID, default: 1] -= 1
        if openReviewsOf[patientID] == 0 { openReviewsOf[patientID] = nil }
    }

    /// Reverses a link: the record gets a new enterprise ID of its own, and is kept apart from
    /// the records it was linked with so the matcher does not link it again.
    public mutating func unlink(patientID: Int, by: String, reason: String, at time: String) throws(MPIError) -> MPIChange {
        guard let from = euidOf[patientID] else { throw .unknownPatient(patientID) }
        let others = (members[from] ?? []).subtracting([patientID])
        guard !others.isEmpty else { throw .notLinked(patientID) }
        for other in others { keptApart.insert(Pair(patientID, other)) }
        let euid = newEUID()
        move(patientID, to: euid, action: .unlinked, score: nil, by: by, reason: reason, at: time)
        return MPIChange(changedEUIDs: [from, euid])
    }

    /// A record merged away (ADT^A40): its survivor answers for it from now on.
    public mutating func remove(patientID: Int) -> MPIChange {
        guard let entry = entries.removeValue(forKey: patientID) else { return MPIChange() }
        unindex(entry)
        guard let euid = euidOf.removeValue(forKey: patientID) else { return MPIChange() }
        members[euid]?.remove(patientID)
        if members[euid]?.isEmpty == true { members[euid] = nil; return MPIChange() }
        return MPIChange(changedEUIDs: [euid])
    }

    // MARK: Internals

    private mutating func move(_ patientID: Int, to euid: String, action: MPIAuditEntry.Action, score: Double?, by: String,
                               reason: String, at time: String) {
        let previous = euidOf[patientID] ?? ""
        if !previous.isEmpty {
            members[previous]?.remove(patientID)
            if members[previous]?.isEmpty == true { members[previous] = nil }
        }
        euidOf[patientID] = euid
        members[euid, default: []].insert(patientID)
        journal(action, patientID, euid: euid, previous: previous, score: score, by: by, reason: reason, at: time)
    }

    private mutating func journal(_ action: MPIAuditEntry.Action, _ patientID: Int, euid: String, previous: String, score: Double?,
                                  by: String, reason: String, at time: String) {
        audit.append(MPIAuditEntry(sequence: audit.count + 1, at: time, action: action, patientID: patientID, euid: euid,
                                   previousEUID: previous, score: score, by: by, reason: reason))
    }

    private mutating func newEUID() -> String {
        let digits = String(nextEUID)
        nextEUID += 1
        return "E" + String(repeating: "0", count: max(0, 9 - digits.count)) + digits
    }

    private mutating func index(_ entry: MPIEntry, _ entryFeatures: MatchFeatures) {
        features[entry.patientID] = entryFeatures
        for key in entry.blockingKeys {
            if blocks[key]?.insert(entry.patientID) == nil { blocks[key] = Block(first: entry.patientID) }
        }
        byFamilyName[entryFeatures.family.normalized, default: []].insert(entry.patientID)
        for identifier in entry.identifiers {
            byIdentifierValue[identifier.id, default: []].insert(entry.patientID)
            if !identifier.issuer.isEmpty { identifiersPerDomain[identifier.issuer, default: 0] += 1 }
        }
    }

    private mutating func unindex(_ entry: MPIEntry) {
        for key in entry.blockingKeys where blocks[key]?.remove(entry.patientID) == false { blocks[key] = nil }
        let family = features.removeValue(forKey: entry.patientID)?.family.normalized ?? NameVariants.normalized(entry.demographics.family)
        byFamilyName[family]?.remove(entry.patientID)
        if byFamilyName[family]?.isEmpty == true { byFamilyName[family] = nil }
        for identifier in entry.identifiers {
            byIdentifierValue[identifier.id]?.remove(entry.patientID)
            if byIdentifierValue[identifier.id]?.isEmpty == true { byIdentifierValue[identifier.id] = nil }
            if !identifier.issuer.isEmpty {
                identifiersPerDomain[identifier.issuer, default: 1] -= 1
                if identifiersPerDomain[identifier.issuer] == 0 { identifiersPerDomain[identifier.issuer] = nil }
            }
        }
    }

    /// Two record IDs in either order (`keptApart`).
    struct Pair: Hashable, Sendable {
        let low: Int, high: Int
        init(_ a: Int, _ b: Int) { (low, high) = (min(a, b), max(a, b)) }
    }

    struct HashedKey: Sendable {
        let hash: UInt64
        let broad: Bool
    }

    static func hashed(_ keys: Set<BlockingKeys.Key>) -> [HashedKey] {
        keys.map { HashedKey(hash: BlockingKeys.hash($0), broad: $0.broad) }
    }

    /// The records of one blocking key. The first member is stored inline: most keys of a large
    /// index have one member, and a million one-element arrays would cost a heap block each.
    struct Block: Sendable {
        private(set) var first: Int
        private(set) var rest: [Int] = []

        init(first: Int) { self.first = first }

        var count: Int { rest.count + 1 }

        /// Returns true (so `?.insert` tells an existing block from a missing one). A record's keys
        /// are distinct, so no membership test (that would be linear in a broad block).
        @discardableResult mutating func insert(_ id: Int) -> Bool {
            rest.append(id)
            return true
        }

        /// Removes `id`; false when the block is now empty (the caller drops it).
        mutating func remove(_ id: Int) -> Bool {
            if id == first {
                guard let last = rest.popLast() else { return false }
                first = last
            } else if let at = rest.firstIndex(of: id) {
                rest.swapAt(at, rest.count - 1)
                rest.removeLast()
            }
            return true
        }
    }
}
