import HL7

/// What the master patient index compares: the demographics of one local patient record.
public struct MPIDemographics: Sendable, Codable, Equatable {
    public var family: String
    public var given: String
    public var middle: String
    /// Jr, Sr, II, III …: a generation marker that separates father and son.
    public var suffix: String
    /// `YYYYMMDD`.
    public var birthDate: String
    public var sex: String
    public var street: String
    public var city: String
    public var postalCode: String
    public var phone: String
    /// PID-19 (SSN) or a national identifier.
    public var nationalID: String

    public init(family: String = "", given: String = "", middle: String = "", suffix: String = "", birthDate: String = "",
                sex: String = "", street: String = "", city: String = "", postalCode: String = "", phone: String = "",
                nationalID: String = "") {
        self.family = family
        self.given = given
        self.middle = middle
        self.suffix = suffix
        self.birthDate = birthDate
        self.sex = sex
        self.street = street
        self.city = city
        self.postalCode = postalCode
        self.phone = phone
        self.nationalID = nationalID
    }

    /// From a PID segment: PID-5 name, PID-7 birth date, PID-8 sex, PID-11 address, PID-13 phone,
    /// PID-19 SSN (or a PID-3 identifier of a national type when PID-19 is empty).
    public init(pid: HL7Segment, nationalTypes: Set<String> = MPIConfiguration.defaultNationalTypes) {
        let name = PersonName(xpn: pid.field(5))
        func component(_ field: Int, _ n: Int) -> String { pid.field(field)?.child(1)?.child(n)?.child(1)?.value ?? "" }
        let ssn = pid.field(19)?.firstValue ?? ""
        let national = ssn.isEmpty
            ? PatientIdentifier.all(in: pid.field(3)).first { nationalTypes.contains($0.typeCode) }?.id ?? ""
            : ssn
        // PID-13 XTN: component 1 (formatted), or 6+7 (area code and local number).
        var phone = component(13, 1)
        if phone.isEmpty { phone = component(13, 6) + component(13, 7) }
        self.init(family: name.family, given: name.given, middle: name.middle, suffix: name.suffix,
                  birthDate: String((pid.field(7)?.firstValue ?? "").prefix(8)), sex: pid.field(8)?.firstValue ?? "",
                  street: component(11, 1), city: component(11, 3), postalCode: component(11, 5), phone: phone,
                  nationalID: national)
    }

    var phoneDigits: String {
        let digits = phone.filter(\.isNumber)
        return String(digits.suffix(7))
    }

    var birthYear: String { birthDate.count >= 4 ? String(birthDate.prefix(4)) : "" }
}

/// The `workflow.mpi` settings.
public struct MPIConfiguration: Sendable {
    /// Total weight at or above which two records are linked without review.
    public var upperThreshold: Double = 24
    /// Total weight below which a record gets its own enterprise ID; between the two, a review task.
    public var lowerThreshold: Double = 12
    /// Assigning authority of the enterprise IDs (what PIX answers for the enterprise domain).
    public var enterpriseAuthority: String = "RADBRIDGE-EUID"
    /// PID-3 type codes whose identifiers are national (shared across domains).
    public var nationalTypes: Set<String> = defaultNationalTypes
    /// Blocks with more members than this are skipped (very common keys add cost, not matches):
    /// name + birth date, phone and national ID blocks…
    public var maxBlockSize = 100
    /// … and family + birth year, family + given blocks, which grow with the index.
    public var maxBroadBlockSize = 20

    public static let defaultNationalTypes: Set<String> = ["SS", "NI", "NH", "NN"]

    public init() {}
}
