import Workflow

extension FHIRMapper {
    /// `Patient/$match`: the MPI's candidate persons for the demographics, best first, each as the
    /// record that scored best with its score (0…1) and match grade; certainly-not candidates are left out.
    public func match(_ demographics: MPIDemographics, identifiers: [PatientIdentifier], configuration: MPIConfiguration,
                      base: String, count: Int) -> FHIRBundle {
        let candidates = state.mpi.match(demographics, identifiers: identifiers, configuration: configuration)
            .filter { $0.grade != .certainlyNot }
            .prefix(count)
        let entries = candidates.compactMap { candidate -> FHIRBundle.Entry? in
            guard let record = state.patients.resolve(patientID: candidate.patientID) else { return nil }
            let score = candidate.score.deterministic ? 1 : Self.score(candidate.score.total, configuration)
            return FHIRBundle.Entry(fullUrl: "\(base)/Patient/\(record.id)", resource: .patient(patient(record)),
                                    search: .init(mode: "match", score: score, grade: candidate.grade.rawValue))
        }
        return FHIRBundle(total: entries.count, link: [], entry: entries)
    }

    /// The Fellegi–Sunter weight as a 0…1 score: 0.5 at the review threshold, 0.9 at the automatic-link one.
    static func score(_ total: Double, _ configuration: MPIConfiguration) -> Double {
        let lower = configuration.lowerThreshold, upper = configuration.upperThreshold
        let value = total <= lower ? 0.5 * max(0, total) / max(lower, 1) : 0.5 + 0.4 * (total - lower) / max(upper - lower, 1)
        return (min(1, max(0, value)) * 1000).rounded() / 1000
    }
}
