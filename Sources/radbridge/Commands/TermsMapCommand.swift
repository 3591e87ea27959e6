import ArgumentParser
import Workflow

struct TermsMapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Print the standard code a procedure resolves to and why; exit 1 when it is unmapped.",
        discussion: "Line 1: CODE^DISPLAY^SCHEME (LN = LOINC, RADLEX = RadLex Playbook). Line 2: the table entry. Then the side the description names when the entry has none, and the rule that matched with the normalized tokens. Unmapped: the candidate codes when only the contrast is not stated."
    )

    @Argument(help: "Procedure description, e.g. \"Chest X-Ray\".") var description: String
    @Option(help: "The sender's procedure code (OBR-4.1), tried before the description.") var code: String = ""

    func run() async throws {
        let terminology = ProcedureTerminology.standard
        guard let match = terminology.match(code: code, description: description) else {
            Output.error("unmapped: no standard code for \"\(description)\"\(code.isEmpty ? "" : " (code \(code))"); it goes to review")
            let candidates = terminology.candidates(description: description)
            if !candidates.isEmpty {
                Output.error("candidates (contrast not stated): " + candidates.map { "\($0.standardCode.code) \($0.standardCode.text)" }.joined(separator: "; "))
            }
            if let side = Laterality.named(in: description) { Output.error("laterality SNOMED \(side.code) \(side.text)") }
            throw ExitCode(1)
        }
        let s = match.standard
        Output.line("\(s.code)^\(s.text)^\(s.codingScheme)")
        if let concept = match.concept {
            let loinc = concept.loinc.map { "LOINC \($0), " } ?? ""
            let site = concept.bodySite.map { ", body site SNOMED \($0.code) \($0.text)" } ?? ""
            let side = concept.laterality.map { ", laterality SNOMED \($0.code) \($0.text)" } ?? ""
            let rpid = concept.rpid.isEmpty ? "no RadLex Playbook ID" : "RadLex \(concept.rpid)"
            Output.line("\(loinc)\(rpid), modality \(concept.modality), region \(concept.region.isEmpty ? "-" : concept.region)\(site)\(side)")
        }
        if let side = match.laterality, side != match.concept?.laterality {
            Output.line("laterality SNOMED \(side.code) \(side.text) (from the description)")
        }
        Output.line("matched by \(match)")
    }
}
